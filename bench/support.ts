// Shared pieces of the benchmarks: a load loop with latency percentiles, and the one-durable-write baseline.
import { Agent, request } from 'node:http';
import postgres from 'postgres';
import { PGlite } from '@electric-sql/pglite';

// node:http with keep-alive: fetch costs the load generator several times more CPU per request, and on two cores
// the generator shares the machine with the bot and Postgres.
const agent = new Agent({ keepAlive: true, maxSockets: 256 });

/** POSTs a body and resolves with the status and the response text. */
export function post(url: string, body: string, headers: Record<string, string> = {}): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...headers } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => { text += d; });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

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

// What a seeker does after onboarding: menu, profile questions (one bad answer), help.
const SCRIPT: ({ text: string } | { action: string })[] = [
  { text: 'menu' }, { action: 'menu:profile' }, { text: 'Jakarta' }, { text: 'driver' }, { text: 'no phone' },
  { text: '+62 812 3456 7890' }, { text: 'help' }, { action: 'menu:fairs' },
];
const ONBOARDING = [{ text: '/start', locale: 'en' }, { action: 'lang:en' }, { action: 'consent:yes' }];

async function chat(url: string, body: object) {
  const r = await post(`${url}/api/chat`, JSON.stringify(body));
  if (r.status !== 200) throw new Error(`POST /api/chat → ${r.status}: ${r.text}`);
}

/** Concurrency workers; worker w speaks for users w, w+C, w+2C … in turn, so no user has two messages in flight. */
export async function chatLoad(url: string, total: number, users: number, concurrency: number): Promise<Figures> {
  await load(users * ONBOARDING.length, concurrency, (i) => chat(url, { user: `bench-${i % users}`, ...ONBOARDING[Math.floor(i / users)]! }));
  const perUser = new Map<number, number>();
  return load(total, concurrency, (i, w) => {
    const mine = Math.floor(users / concurrency) || 1;
    const user = w + concurrency * (Math.floor(i / concurrency) % mine);
    const n = perUser.get(user) ?? 0;
    perUser.set(user, n + 1);
    return chat(url, { user: `bench-${user}`, ...SCRIPT[n % SCRIPT.length]! });
  });
}

