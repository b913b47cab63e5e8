// The labelled search set (jobs.json, queries.json) scored two ways over the same database: our search, and a plain
// baseline (Postgres `simple` full-text plus ILIKE over title and description). Shared by `npm run bench:search-quality`
// and the test that holds the floor (test/bot/search/quality.test.ts).
import { readFileSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { queryRows } from '../../db/client.js';
import { importJobs } from '../../bot/import/jobs.js';
import { searchJobs } from '../../bot/search/jobs.js';
import { parseQuery } from '../../bot/search/query.js';

interface Labelled {
  locale: string;
  q: string;
  relevant: string[];
  note?: string;
}

const read = (name: string) => JSON.parse(readFileSync(new URL(name, import.meta.url), 'utf8')) as unknown;
export const QUALITY_JOBS = read('jobs.json') as Record<string, unknown>[];
export const QUALITY_QUERIES = read('queries.json') as Labelled[];
/** The set's jobs were posted in November 2026; none has expired by then. */
export const QUALITY_NOW = new Date('2026-12-01T00:00:00Z');

export async function loadQualitySet(db: Db) {
  const report = await importJobs(
    db,
    QUALITY_JOBS.map((record, i) => ({ row: i + 1, record })),
    { now: QUALITY_NOW },
  );
  if (report.rejected.length) throw new Error(`quality set rows rejected: ${JSON.stringify(report.rejected)}`);
}

export type Ranker = (db: Db, q: string) => Promise<string[]>;

export const ours: Ranker = async (db, q) =>
  (await searchJobs(db, parseQuery(q).query, { now: QUALITY_NOW, limit: 10 })).map((j) => j.externalId);

export const baseline: Ranker = async (db, q) => {
  const like = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const rows = await queryRows<{ external_id: string }>(
    db,
    sql`select external_id from jobs
        where to_tsvector('simple', title || ' ' || coalesce(description, '')) @@ plainto_tsquery('simple', ${q})
           or title ilike ${like} or description ilike ${like}
        order by ts_rank(to_tsvector('simple', title || ' ' || coalesce(description, '')), plainto_tsquery('simple', ${q})) desc, id
        limit 10`,
  );
  return rows.map((r) => r.external_id);
};

export interface Scores {
  queries: number;
  recall: number;
  mrr: number;
}
export interface Miss {
  locale: string;
  q: string;
  got: string[];
  relevant: string[];
}

/** recall@10 (of at most ten relevant) and MRR per locale and overall, and the queries that missed. */
export async function evaluate(
  db: Db,
  rank: Ranker,
): Promise<{ byLocale: Map<string, Scores>; all: Scores; misses: Miss[] }> {
  const sums = new Map<string, { n: number; recall: number; rr: number }>();
  const misses: Miss[] = [];
  for (const item of QUALITY_QUERIES) {
    const got = await rank(db, item.q);
    const relevant = new Set(item.relevant);
    const hits = got.filter((id) => relevant.has(id)).length;
    const recall = hits / Math.min(10, relevant.size);
    const first = got.findIndex((id) => relevant.has(id));
    const rr = first < 0 ? 0 : 1 / (first + 1);
    if (recall < 1 || rr < 1) misses.push({ locale: item.locale, q: item.q, got, relevant: item.relevant });
    for (const key of [item.locale, 'all']) {
      const s = sums.get(key) ?? { n: 0, recall: 0, rr: 0 };
      sums.set(key, { n: s.n + 1, recall: s.recall + recall, rr: s.rr + rr });
    }
  }
  const scores = (s: { n: number; recall: number; rr: number }) => ({
    queries: s.n,
    recall: s.recall / s.n,
    mrr: s.rr / s.n,
  });
  const byLocale = new Map([...sums].filter(([k]) => k !== 'all').map(([k, s]) => [k, scores(s)]));
  return { byLocale, all: scores(sums.get('all')!), misses };
}
