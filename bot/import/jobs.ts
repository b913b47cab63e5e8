// Jobs import (DESIGN.md section 3): idempotent by external_id, every bad row reported, good rows in, and nothing
// half-written (one transaction). Occupation and place are recognised from the text when not given, the record's
// language is detected, and its search terms are stored with it.
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { type Executor, queryRows } from '../../db/client.js';
import { EMPLOYMENT_TYPES, jobs, SALARY_PERIODS, SUITABLE_FOR } from '../../db/schema.js';
import { detectLanguage } from '../language.js';
import { localCurrency } from '../search/query.js';
import { monthly, storedTerms, vectorOf } from '../search/jobs.js';
import { OCCUPATIONS, occupation, occupationMatcher, place, placeMatcher, recognise } from '../search/vocab.js';
import {
  type ImportReport,
  list,
  optionalInt,
  optionalNumber,
  optionalText,
  optionalTime,
  checkRows,
  requiredText,
  type Row,
} from './records.js';

const enumCell = <T extends readonly [string, ...string[]]>(values: T) =>
  z.preprocess(
    (v) => (typeof v === 'string' ? v.trim().toLowerCase().replace(/[\s-]/g, '_') || undefined : (v ?? undefined)),
    z.enum(values, { message: `expected one of ${values.join(', ')}` }).optional(),
  );

const jobRow = z
  .object({
    external_id: requiredText(200),
    title: requiredText(300),
    employer: requiredText(300),
    city: requiredText(200),
    description: optionalText(10_000),
    requirements: optionalText(5_000),
    benefits: optionalText(5_000),
    district: optionalText(200),
    lat: optionalNumber.pipe(z.number().min(-90).max(90).optional()),
    lon: optionalNumber.pipe(z.number().min(-180).max(180).optional()),
    occupation: optionalText(200),
    industry: optionalText(200),
    salary_min: optionalNumber.pipe(z.number().min(0).optional()),
    salary_max: optionalNumber.pipe(z.number().min(0).optional()),
    salary_period: enumCell(SALARY_PERIODS),
    currency: optionalText(3).pipe(
      z
        .string()
        .regex(/^[A-Za-z]{3}$/, 'expected an ISO 4217 code such as CNY, TWD, IDR')
        .transform((s) => s.toUpperCase())
        .optional(),
    ),
    employment_type: enumCell(EMPLOYMENT_TYPES),
    headcount: optionalInt,
    suitable_for: list(z.enum(SUITABLE_FOR, { message: `expected items of ${SUITABLE_FOR.join(', ')}` })),
    languages: list(z.string().max(20)),
    contact: optionalText(300),
    fair_external_id: optionalText(200),
    posted_at: optionalTime,
    expires_at: optionalTime,
  })
  .refine((j) => (j.lat === undefined) === (j.lon === undefined), { message: 'lat and lon go together', path: ['lon'] })
  .refine((j) => j.salary_min === undefined || j.salary_max === undefined || j.salary_min <= j.salary_max, {
    message: 'salary_min is above salary_max',
    path: ['salary_min'],
  })
  .refine((j) => !j.posted_at || !j.expires_at || j.expires_at > j.posted_at, {
    message: 'expires before it was posted',
    path: ['expires_at'],
  });
type JobRow = z.infer<typeof jobRow>;

/** The occupation a cell names: one of ours by id, an ISCO-08 code, or a name in any locale. */
function occupationOf(cell: string | undefined, title: string, description: string | undefined): string | null {
  if (cell) {
    if (occupation(cell)) return cell;
    const byCode = OCCUPATIONS.find((o) => o.isco === cell);
    if (byCode) return byCode.id;
    const named = recognise(occupationMatcher, cell);
    if (named) return named;
  }
  return recognise(occupationMatcher, title) ?? recognise(occupationMatcher, description);
}

/** A row as the batch INSERT reads it (json_to_recordset): the job's columns, snake_case, and its search terms. */
type Prepared = Record<string, unknown>;

/** Recognition, language and search terms of one row; titles and employers repeat in a file, so terms are cached. */
async function prepare(j: JobRow, now: Date, cache: Map<string, string[]>): Promise<Prepared> {
  const placeId = recognise(placeMatcher, j.city) ?? recognise(placeMatcher, j.district);
  const where = place(placeId);
  const lang = await detectLanguage([j.title, j.description].filter(Boolean).join('. '));
  const salary = {
    salaryMin: j.salary_min ?? null,
    salaryMax: j.salary_max ?? null,
    salaryPeriod: j.salary_period ?? null,
  };
  const perMonth = monthly(salary);
  // Titles and employers repeat within a file: their terms are worked out once.
  const termsOf = (text: string) => {
    const known = cache.get(text);
    if (known) return known;
    const made = storedTerms(text);
    cache.set(text, made);
    return made;
  };
  return {
    external_id: j.external_id,
    title: j.title,
    employer: j.employer,
    city: j.city,
    description: j.description ?? null,
    requirements: j.requirements ?? null,
    benefits: j.benefits ?? null,
    district: j.district ?? null,
    // A job without coordinates stands at its place's, so that distance still orders it.
    lat: j.lat ?? where?.lat ?? null,
    lon: j.lon ?? where?.lon ?? null,
    occupation: occupationOf(j.occupation, j.title, j.description),
    industry: j.industry ?? null,
    place_id: placeId,
    country: where?.country ?? null,
    lang: lang?.locale ?? null,
    salary_min: salary.salaryMin,
    salary_max: salary.salaryMax,
    salary_period: salary.salaryPeriod,
    salary_month_min: perMonth.salaryMonthMin,
    salary_month_max: perMonth.salaryMonthMax,
    currency: j.currency ?? localCurrency(placeId),
    employment_type: j.employment_type ?? null,
    headcount: j.headcount ?? null,
    suitable_for: j.suitable_for,
    languages: j.languages,
    contact: j.contact ?? null,
    fair_external_id: j.fair_external_id ?? null,
    posted_at: (j.posted_at ?? now).toISOString(),
    expires_at: j.expires_at?.toISOString() ?? null,
    terms_a: termsOf(j.title),
    terms_b: termsOf(j.employer),
    terms_c: j.description ? termsOf(j.description) : [],
    // The import's clock, not the database's: alerts compare it with the time a search was saved.
    created_at: now.toISOString(),
    updated_at: now.toISOString(),
  };
}

// The columns a batch writes, with their types for json_to_recordset; the search terms become the tsvector.
const COLUMNS: [string, string][] = [
  ['external_id', 'text'],
  ['title', 'text'],
  ['employer', 'text'],
  ['city', 'text'],
  ['description', 'text'],
  ['requirements', 'text'],
  ['benefits', 'text'],
  ['district', 'text'],
  ['lat', 'double precision'],
  ['lon', 'double precision'],
  ['occupation', 'text'],
  ['industry', 'text'],
  ['place_id', 'text'],
  ['country', 'text'],
  ['lang', 'text'],
  ['salary_min', 'double precision'],
  ['salary_max', 'double precision'],
  ['salary_period', 'text'],
  ['salary_month_min', 'double precision'],
  ['salary_month_max', 'double precision'],
  ['currency', 'text'],
  ['employment_type', 'text'],
  ['headcount', 'integer'],
  ['suitable_for', 'text[]'],
  ['languages', 'text[]'],
  ['contact', 'text'],
  ['fair_external_id', 'text'],
  ['posted_at', 'timestamptz'],
  ['expires_at', 'timestamptz'],
  ['created_at', 'timestamptz'],
  ['updated_at', 'timestamptz'],
];
const TERMS = ['terms_a', 'terms_b', 'terms_c'];
const RECORD = sql.raw([...COLUMNS.map(([c, t]) => `${c} ${t}`), ...TERMS.map((c) => `${c} text[]`)].join(', '));
const TARGET = sql.raw([...COLUMNS.map(([c]) => c), 'search'].join(', '));
const SOURCE = sql.join(
  [
    ...COLUMNS.map(([c]) => sql.raw(`r.${c}`)),
    vectorOf(sql.raw('r.terms_a'), sql.raw('r.terms_b'), sql.raw('r.terms_c')),
  ],
  sql`, `,
);
// Everything but the key and the first import's time.
const UPDATE = sql.raw(
  [...COLUMNS.map(([c]) => c).filter((c) => c !== 'external_id' && c !== 'created_at'), 'search']
    .map((c) => `${c} = excluded.${c}`)
    .join(', '),
);

/** One batch in one statement: its rows travel as one JSON parameter, so a batch costs one round trip. */
const upsert = (batch: Prepared[]) =>
  sql`insert into ${jobs} (${TARGET})
      select ${SOURCE} from json_to_recordset(${JSON.stringify(batch)}::json) as r(${RECORD})
      on conflict (external_id) do update set ${UPDATE}
      returning (xmax = 0) as inserted`;

// Rows per statement.
const BATCH = 500;

export interface ImportOptions {
  now: Date;
  /** Called after each batch with the rows done so far (the CLI's progress bar). */
  onProgress?: (done: number, total: number) => void;
}

/** Imports jobs; the file's good rows all go in together or (on a database failure) none do. */
export async function importJobs(db: Executor, rows: Row[], opts: ImportOptions): Promise<ImportReport> {
  const { good, rejected } = checkRows(rows, jobRow);
  const report: ImportReport = { inserted: 0, updated: 0, rejected };
  const cache = new Map<string, string[]>();
  const batchAt = (i: number) => Promise.all(good.slice(i, i + BATCH).map((j) => prepare(j, opts.now, cache)));
  await db.transaction(async (tx) => {
    let next = good.length ? await batchAt(0) : [];
    for (let i = 0; i < good.length; i += BATCH) {
      const written = queryRows<{ inserted: boolean }>(tx, upsert(next));
      written.catch(() => {}); // awaited below; a failure meanwhile must not count as unhandled
      // The next batch is prepared while the database writes this one.
      await new Promise((resolve) => setImmediate(resolve));
      const following = i + BATCH < good.length ? batchAt(i + BATCH) : Promise.resolve([]);
      for (const w of await written) w.inserted ? report.inserted++ : report.updated++;
      next = await following;
      opts.onProgress?.(Math.min(i + BATCH, good.length), good.length);
    }
  });
  return report;
}

/**
 * Jobs stored without search terms (written before search existed, or by hand) are put through the import again, so
 * that search finds them. Run at start-up; returns how many were looked at.
 */
export async function reindexJobs(db: Executor, now: Date): Promise<ImportReport> {
  const stale = await db.select().from(jobs).where(sql`${jobs.search} = ''::tsvector`);
  const iso = (d: Date | null) => d?.toISOString();
  const rows: Row[] = stale.map((j, i) => ({
    row: i + 1,
    record: {
      external_id: j.externalId,
      title: j.title,
      employer: j.employer,
      city: j.city,
      description: j.description,
      requirements: j.requirements,
      benefits: j.benefits,
      district: j.district,
      lat: j.lat,
      lon: j.lon,
      occupation: j.occupation,
      industry: j.industry,
      salary_min: j.salaryMin,
      salary_max: j.salaryMax,
      salary_period: j.salaryPeriod,
      currency: j.currency,
      employment_type: j.employmentType,
      headcount: j.headcount,
      suitable_for: j.suitableFor,
      languages: j.languages,
      contact: j.contact,
      fair_external_id: j.fairExternalId,
      posted_at: iso(j.postedAt),
      expires_at: iso(j.expiresAt),
    },
  }));
  return rows.length ? importJobs(db, rows, { now }) : { inserted: 0, updated: 0, rejected: [] };
}
