// Jobs import (DESIGN.md section 3): idempotent by external_id, every bad row reported, good rows in, and nothing
// half-written (one transaction). Occupation and place are recognised from the text when not given, the record's
// language is detected, and its search terms are stored with it.
import { sql } from 'drizzle-orm';
import type { PgInsertValue } from 'drizzle-orm/pg-core';
import { z } from 'zod';
import type { Executor } from '../../db/client.js';
import { EMPLOYMENT_TYPES, jobs, SALARY_PERIODS, SUITABLE_FOR } from '../../db/schema.js';
import { detectLanguage } from '../language.js';
import { COUNTRY_CURRENCY } from '../search/query.js';
import { monthly, searchVector } from '../search/jobs.js';
import { OCCUPATIONS, occupation, occupationMatcher, place, placeMatcher, recognise } from '../search/vocab.js';
import {
  type ImportReport,
  list,
  optionalInt,
  optionalNumber,
  optionalText,
  optionalTime,
  reasonOf,
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

async function toInsert(j: JobRow, now: Date): Promise<PgInsertValue<typeof jobs>> {
  const placeId = recognise(placeMatcher, j.city) ?? recognise(placeMatcher, j.district);
  const where = place(placeId);
  const lang = await detectLanguage([j.title, j.description].filter(Boolean).join('. '));
  const salary = {
    salaryMin: j.salary_min ?? null,
    salaryMax: j.salary_max ?? null,
    salaryPeriod: j.salary_period ?? null,
  };
  return {
    externalId: j.external_id,
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
    placeId,
    country: where?.country ?? null,
    lang: lang?.locale ?? null,
    ...salary,
    ...monthly(salary),
    currency: j.currency ?? (where ? (COUNTRY_CURRENCY[where.country] ?? null) : null),
    employmentType: j.employment_type ?? null,
    headcount: j.headcount ?? null,
    suitableFor: j.suitable_for,
    languages: j.languages,
    contact: j.contact ?? null,
    fairExternalId: j.fair_external_id ?? null,
    postedAt: j.posted_at ?? now,
    expiresAt: j.expires_at ?? null,
    search: searchVector(j),
    // The import's clock, not the database's: alerts compare it with the time a search was saved.
    createdAt: now,
    updatedAt: now,
  };
}

// Rows per INSERT: ~30 parameters each stays far below Postgres's 65,535 per statement.
const BATCH = 500;

export interface ImportOptions {
  now: Date;
  /** Called after each batch with the rows done so far (the CLI's progress bar). */
  onProgress?: (done: number, total: number) => void;
}

/** Imports jobs; the file's good rows all go in together or (on a database failure) none do. */
export async function importJobs(db: Executor, rows: Row[], opts: ImportOptions): Promise<ImportReport> {
  const report: ImportReport = { inserted: 0, updated: 0, rejected: [] };
  const good: { row: Row; job: JobRow }[] = [];
  const seen = new Map<string, number>();
  for (const row of rows) {
    const parsed = jobRow.safeParse(row.record);
    const at = { row: row.row, ...(row.line ? { line: row.line } : {}) };
    if (!parsed.success) {
      report.rejected.push({ ...at, reason: reasonOf(parsed.error, row.record) });
      continue;
    }
    const first = seen.get(parsed.data.external_id);
    if (first !== undefined) {
      report.rejected.push({ ...at, reason: `external_id: "${parsed.data.external_id}" is already row ${first}` });
      continue;
    }
    seen.set(parsed.data.external_id, row.row);
    good.push({ row, job: parsed.data });
  }
  await db.transaction(async (tx) => {
    for (let i = 0; i < good.length; i += BATCH) {
      const values = await Promise.all(good.slice(i, i + BATCH).map((g) => toInsert(g.job, opts.now)));
      const written = await tx
        .insert(jobs)
        .values(values)
        .onConflictDoUpdate({
          target: jobs.externalId,
          set: Object.fromEntries(
            Object.keys(values[0]!)
              .filter((k) => k !== 'externalId' && k !== 'createdAt')
              .map((k) => {
                const column = jobs[k as keyof typeof jobs.$inferInsert] as { name: string };
                return [k, sql.raw(`excluded.${column.name}`)];
              }),
          ),
        })
        // xmax is 0 on a row this statement inserted, set on one it updated.
        .returning({ inserted: sql<boolean>`(xmax = 0)` });
      for (const w of written) w.inserted ? report.inserted++ : report.updated++;
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
