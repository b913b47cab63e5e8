// Shared pieces of the benchmarks: a load loop with latency percentiles, the one-durable-write baseline, the web chat
// load (with server-minted identities), the bench bot process and open live streams.
import { Agent, request, type ClientRequest } from 'node:http';
import { startBotProcess, type BotProcess } from '../test/support/process.js';
import postgres from 'postgres';
import { PGlite } from '@electric-sql/pglite';

// node:http with keep-alive: fetch costs the load generator several times more CPU per request, and on two cores
// the generator shares the machine with the bot and Postgres.
const agent = new Agent({ keepAlive: true, maxSockets: 256 });

/** POSTs a body and resolves with the status and the response text. */
export function post(
  url: string,
  body: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...headers },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => {
          text += d;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

export interface Percentiles {
  count: number;
  p50: number;
  p99: number;
}
/** GETs a URL and resolves with the status and the response text. */
export function get(url: string, headers: Record<string, string> = {}): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'GET', agent, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => {
        text += d;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on('error', reject);
    req.end();
  });
}

export interface Figures extends Percentiles {
  seconds: number;
  perSecond: number;
  /** Latencies of the operations by the tag their op returned, when ops return one. */
  byTag?: Record<string, Percentiles>;
}

export const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0;

/** Runs `total` operations with `concurrency` workers; each worker owns the operations i ≡ w (mod concurrency). */
export async function load(
  total: number,
  concurrency: number,
  op: (i: number, worker: number) => Promise<unknown>,
): Promise<Figures> {
  const latencies: number[] = [];
  const tagged = new Map<string, number[]>();
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async (_, w) => {
      for (let i = next++; i < total; i = next++) {
        const s = performance.now();
        const tag = await op(i, w);
        const ms = performance.now() - s;
        latencies.push(ms);
        if (typeof tag === 'string') {
          const list = tagged.get(tag) ?? [];
          list.push(ms);
          tagged.set(tag, list);
        }
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  const stats = (l: number[]): Percentiles => {
    l.sort((a, b) => a - b);
    return { count: l.length, p50: percentile(l, 0.5), p99: percentile(l, 0.99) };
  };
  const byTag = tagged.size ? Object.fromEntries([...tagged].map(([t, l]) => [t, stats(l)])) : undefined;
  return { ...stats(latencies), seconds, perSecond: total / seconds, ...(byTag ? { byTag } : {}) };
}

const BASELINE_TABLE =
  'create table if not exists bench_baseline (id bigserial primary key, body jsonb not null, at timestamptz not null default now())';

/** The floor cost of one durable write per message: single-row INSERT commits, `concurrency` at a time. */
export async function insertBaselinePostgres(url: string, total: number, concurrency: number): Promise<Figures> {
  const sql = postgres(url, { max: concurrency, onnotice: () => {} });
  await sql.unsafe(BASELINE_TABLE);
  const f = await load(total, concurrency, async (i) => {
    await sql`insert into bench_baseline (body) values (${sql.json({ i, text: 'menu' })})`;
  });
  await sql.unsafe('drop table bench_baseline');
  await sql.end();
  return f;
}

export async function insertBaselinePglite(dataDir: string, total: number): Promise<Figures> {
  const db = new PGlite(dataDir);
  await db.exec(BASELINE_TABLE);
  const f = await load(total, 1, async (i) => {
    await db.query('insert into bench_baseline (body) values ($1)', [JSON.stringify({ i, text: 'menu' })]);
  });
  await db.close();
  return f;
}

export const fmt = (f: Figures) =>
  `${f.perSecond.toFixed(0).padStart(6)}/s  p50 ${f.p50.toFixed(2).padStart(7)} ms  p99 ${f.p99.toFixed(2).padStart(7)} ms  (${f.count} in ${f.seconds.toFixed(1)} s)`;

// What a seeker does after onboarding: menu, profile questions (one bad answer), help.
const SCRIPT: ({ text: string } | { action: string })[] = [
  { text: 'menu' },
  { action: 'menu:profile' },
  { text: 'Jakarta' },
  { text: 'driver' },
  { text: 'no phone' },
  { text: '+62 812 3456 7890' },
  { text: 'help' },
  { action: 'menu:fairs' },
];
/** The same with a job search (catalog.latestJobs) as one message in ten: the slow lookups' load. */
export const JOBS_ACTION = 'menu:jobs';
const SCRIPT_WITH_JOBS: typeof SCRIPT = [...SCRIPT, { action: JOBS_ACTION }, { text: 'menu' }];
const ONBOARDING = [{ text: '/start', locale: 'en' }, { action: 'lang:en' }, { action: 'consent:yes' }];

async function chat(url: string, body: object) {
  const r = await post(`${url}/api/chat`, JSON.stringify(body));
  if (r.status !== 200) throw new Error(`POST /api/chat → ${r.status}: ${r.text}`);
}

/** Web chat identities minted by the server (POST /api/chat/session), `count` of them. */
export async function mintUsers(url: string, count: number, concurrency = 16): Promise<string[]> {
  const tokens: string[] = new Array(count);
  await load(count, Math.min(concurrency, count), async (i) => {
    const r = await post(`${url}/api/chat/session`, '{}');
    if (r.status !== 200) throw new Error(`POST /api/chat/session → ${r.status}: ${r.text}`);
    tokens[i] = (JSON.parse(r.text) as { user: string }).user;
  });
  return tokens;
}

export interface ChatLoadOptions {
  /** One message in ten is a job search, and each user starts the script at its own step, so the searches are
   *  spread over time rather than sent by every worker at once. Latencies are tagged "jobs" and "other". */
  withJobs?: boolean;
}

/**
 * Mints `users` identities and onboards them (untimed), then the timed run: concurrency workers; worker w speaks for
 * users w, w+C, w+2C … in turn, so no user has two messages in flight.
 */
export async function chatLoad(
  url: string,
  total: number,
  users: number,
  concurrency: number,
  opts: ChatLoadOptions = {},
): Promise<Figures> {
  const tokens = await mintUsers(url, users);
  await load(users * ONBOARDING.length, concurrency, (i) =>
    chat(url, { user: tokens[i % users], ...ONBOARDING[Math.floor(i / users)]! }),
  );
  const script = opts.withJobs ? SCRIPT_WITH_JOBS : SCRIPT;
  const perUser = new Map<number, number>();
  return load(total, concurrency, async (i, w) => {
    const mine = Math.floor(users / concurrency) || 1;
    const user = w + concurrency * (Math.floor(i / concurrency) % mine);
    const n = perUser.get(user) ?? 0;
    perUser.set(user, n + 1);
    const step = script[(n + (opts.withJobs ? user : 0)) % script.length]!;
    await chat(url, { user: tokens[user], ...step });
    if (opts.withJobs) return 'action' in step && step.action === JOBS_ACTION ? 'jobs' : 'other';
  });
}

/** The floor under the chat route: POST /bench/floor (bench/serve.ts) under the same load, one INSERT per request. */
export function floorLoad(url: string, total: number, concurrency: number): Promise<Figures> {
  return load(total, concurrency, async (i) => {
    const r = await post(`${url}/bench/floor`, JSON.stringify({ user: `floor-${i % 400}`, text: 'menu' }));
    if (r.status !== 200) throw new Error(`POST /bench/floor → ${r.status}: ${r.text}`);
  });
}

/** Starts bench/serve.ts (the bot as `npm start` runs it, plus the bench routes) and waits until /healthz answers. */
export const startBenchBot = (env: Record<string, string>, timeoutMs = 60_000): Promise<BotProcess> =>
  startBotProcess(env, { timeoutMs, command: ['node_modules/.bin/tsx', 'bench/serve.ts'] });

/** Opens one live stream (GET /api/chat/stream, identity in the cookie) per token; resolves once every one answered 200. */
export async function openStreams(url: string, tokens: string[]): Promise<{ close(): void }> {
  const requests: ClientRequest[] = [];
  const close = () => {
    for (const r of requests) r.destroy();
  };
  try {
    for (let i = 0; i < tokens.length; i += 100) {
      await Promise.all(
        tokens.slice(i, i + 100).map(
          (token) =>
            new Promise<void>((resolve, reject) => {
              const req = request(
                `${url}/api/chat/stream`,
                { agent: false, headers: { cookie: `jb_user=${token}`, accept: 'text/event-stream' } },
                (res) => {
                  res.on('error', () => {}); // closed by close() below
                  res.resume();
                  if (res.statusCode === 200) resolve();
                  else reject(new Error(`GET /api/chat/stream → ${res.statusCode}`));
                },
              );
              req.on('error', reject); // after close(), the promise is settled and this is a no-op
              requests.push(req);
              req.end();
            }),
        ),
      );
    }
  } catch (err) {
    close();
    throw err;
  }
  return { close };
}
