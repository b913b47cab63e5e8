// Job search in the database, the same SQL on PGlite and Postgres: every process sees the same jobs and memory
// does not grow with the catalogue. A job's terms are stored as a tsvector built from our own terms (bot/search/text.ts),
// so Postgres's parser and locale never decide what a word is.
import { and, asc, desc, eq, gt, gte, isNull, or, type SQL, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { alertedJobs, jobs } from '../../db/schema.js';
import { type JobQuery, type MONTHLY, perMonth } from './query.js';
import { terms, unique } from './text.js';
import { place, placeFamily, placesNear, searchFamily } from './vocab.js';

export type Job = typeof jobs.$inferSelect;

/** How far "near me" reaches: the places (gazetteer) within it. */
export const NEAR_KM = 60;

/** A job's stored terms: the title's weigh most, the employer's next, the description's least. */
export function searchVector(j: { title: string; employer: string; description?: string | null }): SQL {
  const title = terms(j.title);
  const employer = terms(j.employer);
  const body = terms(j.description ?? '');
  const part = (words: string[], weight: 'A' | 'B' | 'C') =>
    sql`setweight(array_to_tsvector(${`{${words.map(arrayItem).join(',')}}`}::text[]), ${weight})`;
  return sql`${part(unique([...title.words, ...title.grams]), 'A')} || ${part(unique([...employer.words, ...employer.grams]), 'B')} || ${part(unique([...body.words, ...body.grams]), 'C')}`;
}
// A text[] literal element: quoted, so commas, braces and quotes inside a word stay in it.
const arrayItem = (w: string) => `"${w.replace(/[\\"]/g, (c) => `\\${c}`)}"`;

/** The pay range per month, for floors that compare hourly, daily and monthly pay alike. */
export function monthly(j: {
  salaryMin?: number | null;
  salaryMax?: number | null;
  salaryPeriod?: keyof typeof MONTHLY | null;
}): { salaryMonthMin: number | null; salaryMonthMax: number | null } {
  const period = j.salaryPeriod ?? 'month';
  const min = j.salaryMin ?? j.salaryMax ?? null;
  const max = j.salaryMax ?? j.salaryMin ?? null;
  return {
    salaryMonthMin: min === null ? null : perMonth(min, period),
    salaryMonthMax: max === null ? null : perMonth(max, period),
  };
}

const quote = (lexeme: string) => `'${lexeme.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;

/** A tsquery of the leftover words: any of them; a Chinese word as all of its bigrams. */
export function keywordQuery(keywords: string[]): string | null {
  const parts = unique(keywords).flatMap((k) => {
    const t = terms(k);
    if (t.grams.length) return [`(${t.grams.map(quote).join(' & ')})`];
    return t.words.map((w) => ([...w].length >= 4 && /^[a-z0-9]+$/.test(w) ? `${quote(w)}:*` : quote(w)));
  });
  return parts.length ? parts.join(' | ') : null;
}

/** A tsquery for titles that say one of these occupation names ("sopir" in "Sopir Truk"). */
export function titleQuery(names: string[]): string | null {
  const parts = unique(names).flatMap((n) => {
    const t = terms(n);
    const all = t.grams.length ? t.grams : t.words;
    return all.length ? [`(${all.map((w) => `${quote(w)}:A`).join(' & ')})`] : [];
  });
  return parts.length ? parts.join(' | ') : null;
}

export interface SearchOptions {
  now: Date;
  limit: number;
  offset?: number;
  /** Alerts: only jobs imported after this, and none this user was already told of. */
  createdAfter?: Date;
  notAlertedTo?: number;
}

const textArray = (xs: readonly string[]) => sql`${`{${xs.map(arrayItem).join(',')}}`}::text[]`;

/** Where distance is measured from: the shared location, else the place asked for. */
function origin(q: JobQuery): { lat: number; lon: number } | null {
  if (q.near) return q.near;
  if (q.around) return q.around;
  const p = place(q.places[0]);
  return p ? { lat: p.lat, lon: p.lon } : null;
}

const distance = (o: { lat: number; lon: number }) =>
  sql`12742 * asin(least(1, sqrt(power(sin(radians(${jobs.lat} - ${o.lat}) / 2), 2) + cos(radians(${o.lat})) * cos(radians(${jobs.lat})) * power(sin(radians(${jobs.lon} - ${o.lon}) / 2), 2))))`;

/**
 * The best jobs for a query, open at `now`: relevance first (the occupation asked for, then the words), then distance
 * and recency; ties broken by id so that paging never repeats a job.
 */
export async function searchJobs(db: Executor, q: JobQuery, opts: SearchOptions): Promise<Job[]> {
  const tsq = keywordQuery(q.keywords);
  const conditions: (SQL | undefined)[] = [or(isNull(jobs.expiresAt), gt(jobs.expiresAt, opts.now))];
  const order: SQL[] = [];
  if (q.occupations.length) {
    // The occupation asked for, its ISCO unit group, or a title that says the words it was asked by.
    const exact = sql`${jobs.occupation} = any(${textArray(q.occupations)})`;
    const family = sql`${jobs.occupation} = any(${textArray(searchFamily(q.occupations))})`;
    const titled = titleQuery(q.named);
    conditions.push(titled ? or(family, sql`${jobs.search} @@ ${titled}::tsquery`) : family);
    order.push(desc(exact), desc(family));
  } else if (tsq) conditions.push(sql`${jobs.search} @@ ${tsq}::tsquery`);
  const near = q.near ? placesNear(q.near.lat, q.near.lon, NEAR_KM).map((p) => p.place.id) : [];
  const places = q.places.length ? placeFamily(q.places) : near;
  if (q.places.length || q.near) conditions.push(sql`${jobs.placeId} = any(${textArray(places)})`);
  if (q.salary) {
    conditions.push(gte(jobs.salaryMonthMax, perMonth(q.salary.amount, q.salary.period)));
    if (q.salary.currency) conditions.push(eq(jobs.currency, q.salary.currency));
  }
  if (q.type) conditions.push(eq(jobs.employmentType, q.type));
  if (q.groups.length) conditions.push(sql`${jobs.suitableFor} @> ${textArray(q.groups)}`);
  if (q.fair) conditions.push(eq(jobs.fairExternalId, q.fair));
  if (q.since) conditions.push(gte(jobs.postedAt, new Date(q.since)));
  if (opts.createdAfter) conditions.push(gt(jobs.createdAt, opts.createdAfter));
  if (opts.notAlertedTo !== undefined)
    conditions.push(
      sql`not exists (select 1 from ${alertedJobs} where ${alertedJobs.userId} = ${opts.notAlertedTo} and ${alertedJobs.jobId} = ${jobs.id})`,
    );

  const from = origin(q);
  if (tsq) order.push(desc(sql`ts_rank(${jobs.search}, ${tsq}::tsquery)`));
  if (from) order.push(sql`${distance(from)} asc nulls last`);
  order.push(desc(jobs.postedAt), asc(jobs.id));
  return db
    .select()
    .from(jobs)
    .where(and(...conditions))
    .orderBy(...order)
    .limit(opts.limit)
    .offset(opts.offset ?? 0);
}
