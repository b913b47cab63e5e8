// Shared pieces of the benchmarks: a load loop with latency percentiles, and the one-durable-write baseline.
import postgres from 'postgres';
import { PGlite } from '@electric-sql/pglite';

export interface Figures { count: number; seconds: number; perSecond: number; p50: number; p99: number }

export const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0;

/** Runs `total` operations with `concurrency` workers; each worker owns the operations i ≡ w (mod concurrency). */
export async function load(total: number, concurrency: number, op: (i: number, worker: number) => Promise<void>): Promise<Figures> {
  const latencies: number[] = [];
  let next = 0;
  const t0 = performance.now();
  await Promise.all(Array.from({ length: concurrency }, async (_, w) => {
    for (let i = next++; i < total; i = next++) {
      const s = performance.now();
      await op(i, w);
      latencies.push(performance.now() - s);
    }
  }));
  const seconds = (performance.now() - t0) / 1000;
  latencies.sort((a, b) => a - b);
  return { count: total, seconds, perSecond: total / seconds, p50: percentile(latencies, 0.5), p99: percentile(latencies, 0.99) };
}

const BASELINE_TABLE = 'create table if not exists bench_baseline (id bigserial primary key, body jsonb not null, at timestamptz not null default now())';

/** The floor cost of one durable write per message: single-row INSERT commits, `concurrency` at a time. */
export async function insertBaselinePostgres(url: string, total: number, concurrency: number): Promise<Figures> {
  const sql = postgres(url, { max: concurrency, onnotice: () => {} });
  await sql.unsafe(BASELINE_TABLE);
  const f = await load(total, concurrency, async (i) => { await sql`insert into bench_baseline (body) values (${sql.json({ i, text: 'menu' })})`; });
  await sql.unsafe('drop table bench_baseline');
  await sql.end();
  return f;
}

export async function insertBaselinePglite(dataDir: string, total: number): Promise<Figures> {
  const db = new PGlite(dataDir);
  await db.exec(BASELINE_TABLE);
  const f = await load(total, 1, async (i) => { await db.query('insert into bench_baseline (body) values ($1)', [JSON.stringify({ i, text: 'menu' })]); });
  await db.close();
  return f;
}

export const fmt = (f: Figures) =>
  `${f.perSecond.toFixed(0).padStart(6)}/s  p50 ${f.p50.toFixed(2).padStart(7)} ms  p99 ${f.p99.toFixed(2).padStart(7)} ms  (${f.count} in ${f.seconds.toFixed(1)} s)`;
