// Job search in the database, the same SQL on PGlite and Postgres: every process sees the same jobs and memory
// does not grow with the catalogue. A job's terms are stored as a tsvector built from our own terms (bot/search/text.ts),
// so Postgres's parser and locale never decide what a word is.
import { type AnyColumn, and, asc, desc, eq, gt, gte, isNull, or, type SQL, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { alertedJobs, jobs } from '../../db/schema.js';
import { type JobQuery, type MONTHLY, perMonth } from './query.js';
import { terms, unique } from './text.js';
import { placeFamily, placesNear, searchFamily } from './vocab.js';

export type Job = typeof jobs.$inferSelect;

/** How far "near me" reaches: the places (gazetteer) within it. */
export const NEAR_KM = 60;

/** The stored terms of one text (a title, an employer, a description): its words and its Chinese bigrams. */
export function storedTerms(text: string): string[] {
  const t = terms(text);
  return unique([...t.words, ...t.grams]);
}

/** A job's tsvector from the terms of its title (weighs most), employer and description (least): text[] values or columns. */
export const vectorOf = (title: SQL, employer: SQL, description: SQL) =>
  sql`setweight(array_to_tsvector(${title}), 'A') || setweight(array_to_tsvector(${employer}), 'B') || setweight(array_to_tsvector(${description}), 'C')`;

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

/** A tsquery of the leftover words: any of them; a Chinese word as all of its bigrams; `A`: in the title only. */
export function keywordQuery(keywords: string[], weight?: 'A'): string | null {
  const w = weight ? `:${weight}` : '';
  const parts = unique(keywords).flatMap((k) => {
    const t = terms(k);
    if (t.grams.length) return [`(${t.grams.map((g) => `${quote(g)}${w}`).join(' & ')})`];
    return t.words.map((x) =>
      [...x].length >= 4 && /^[a-z0-9]+$/.test(x) ? `${quote(x)}:*${weight ?? ''}` : `${quote(x)}${w}`,
    );
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

/** Jobs still open at `now`: expired jobs are never shown. */
export const openAt = (now: Date) => or(isNull(jobs.expiresAt), gt(jobs.expiresAt, now));

export interface SearchOptions {
  now: Date;
  limit: number;
  offset?: number;
  /** Alerts: only jobs imported after this, and none this user was already told of. */
  createdAfter?: Date;
  notAlertedTo?: number;
}

const textArray = (xs: readonly string[]) => sql`${`{${xs.map(arrayItem).join(',')}}`}::text[]`;

/** Great-circle kilometres from a row's coordinates to a point (null where the row has none). */
export const distanceSql = (lat: AnyColumn, lon: AnyColumn, o: { lat: number; lon: number }) =>
  sql`12742 * asin(least(1, sqrt(power(sin(radians(${lat} - ${o.lat}) / 2), 2) + cos(radians(${o.lat})) * cos(radians(${lat})) * power(sin(radians(${lon} - ${o.lon}) / 2), 2))))`;

/**
 * What a query finds, most relevant first, as tiers: the occupation asked for; then its wider family and titles that
 * say the words it was asked by. Keywords alone: jobs that say them in the title, then anywhere. Each tier is read in
 * an order an index can give (place or occupation with recency), so that a common occupation among a million jobs
 * costs a few milliseconds rather than a sort of everything that matches.
 */
function tiers(q: JobQuery): (SQL | undefined)[] {
  if (q.occupations.length) {
    const all = searchFamily(q.occupations);
    const wider = all.filter((id) => !q.occupations.includes(id));
    const titled = titleQuery(q.named);
    const second = [
      wider.length ? sql`${jobs.occupation} = any(${textArray(wider)})` : undefined,
      titled
        ? and(
            sql`${jobs.search} @@ ${titled}::tsquery`,
            or(isNull(jobs.occupation), sql`not (${jobs.occupation} = any(${textArray(all)}))`),
          )
        : undefined,
    ].filter(Boolean);
    return [sql`${jobs.occupation} = any(${textArray(q.occupations)})`, ...(second.length ? [or(...second)] : [])];
  }
  const anywhere = keywordQuery(q.keywords);
  const inTitle = keywordQuery(q.keywords, 'A');
  if (!anywhere || !inTitle) return [undefined];
  return [
    sql`${jobs.search} @@ ${inTitle}::tsquery`,
    and(sql`${jobs.search} @@ ${anywhere}::tsquery`, sql`not (${jobs.search} @@ ${inTitle}::tsquery)`),
  ];
}

/**
 * The best jobs for a query, open at `now`: relevance first (tiers above; within a tier the occupation's extra words),
 * then distance from a shared location, then recency; ties broken by id so that paging never repeats a job.
 */
export async function searchJobs(db: Executor, q: JobQuery, opts: SearchOptions): Promise<Job[]> {
  const filters: (SQL | undefined)[] = [openAt(opts.now)];
  const near = q.near ? placesNear(q.near.lat, q.near.lon, NEAR_KM).map((p) => p.place.id) : [];
  const places = q.places.length ? placeFamily(q.places) : near;
  if (q.places.length || q.near) filters.push(sql`${jobs.placeId} = any(${textArray(places)})`);
  if (q.salary) {
    filters.push(gte(jobs.salaryMonthMax, perMonth(q.salary.amount, q.salary.period)));
    if (q.salary.currency) filters.push(eq(jobs.currency, q.salary.currency));
  }
  if (q.type) filters.push(eq(jobs.employmentType, q.type));
  if (q.groups.length) filters.push(sql`${jobs.suitableFor} @> ${textArray(q.groups)}`);
  if (q.fair) filters.push(eq(jobs.fairExternalId, q.fair));
  if (q.since) filters.push(gte(jobs.postedAt, new Date(q.since)));
  if (opts.createdAfter) filters.push(gt(jobs.createdAt, opts.createdAfter));
  if (opts.notAlertedTo !== undefined)
    filters.push(
      sql`not exists (select 1 from ${alertedJobs} where ${alertedJobs.userId} = ${opts.notAlertedTo} and ${alertedJobs.jobId} = ${jobs.id})`,
    );

  const order: SQL[] = [];
  // Extra words beside an occupation rank within its tiers (a few thousand jobs at most).
  const extra = q.occupations.length ? keywordQuery(q.keywords) : null;
  if (extra) order.push(desc(sql`ts_rank(${jobs.search}, ${extra}::tsquery)`));
  // Distance orders only where it differs: around a shared location, or the nearest elsewhere.
  const from = q.near ?? q.around;
  if (from) order.push(sql`${distanceSql(jobs.lat, jobs.lon, from)} asc nulls last`);
  order.push(desc(jobs.postedAt), asc(jobs.id));

  // Page through the tiers in turn: a tier ends, the next one starts.
  const out: Job[] = [];
  let skip = opts.offset ?? 0;
  for (const tier of tiers(q)) {
    const need = opts.limit - out.length;
    if (need <= 0) break;
    const where = and(...filters, tier);
    const rows = await db
      .select()
      .from(jobs)
      .where(where)
      .orderBy(...order)
      .limit(need)
      .offset(skip);
    out.push(...rows);
    if (rows.length || !skip) skip = 0;
    else {
      const [{ n }] = (await db.select({ n: sql<number>`count(*)::int` }).from(jobs).where(where)) as [{ n: number }];
      skip = Math.max(0, skip - n);
    }
  }
  return out;
}
