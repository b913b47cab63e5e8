// npm run bench:engine — messages per second and latency through POST /api/chat with many concurrent users,
// on a real Postgres and on embedded PGlite, each beside the floor cost of one durable INSERT per message; and, in the
// same run:
//   - a truer floor: a bare route on the same HTTP server (POST /bench/floor, bench/serve.ts) doing one durable
//     INSERT per request through the bot's own pool, under the same load; chat msg/s as a fraction of it;
//   - slow lookups: the same load with one message in ten a job search, without and with a 50 ms wait in
//     catalog.latestJobs; the p99 of the other nine in ten beside the p99 without the wait;
//   - database statements per second over an idle period with no live streams open and with 1,000 (Postgres,
//     pg_stat_statements; transactions from pg_stat_database beside them).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import { startLocalCluster } from '../test/support/local-cluster.js';
import {
  chatLoad,
  floorLoad,
  fmt,
  get,
  insertBaselinePglite,
  insertBaselinePostgres,
  mintUsers,
  openStreams,
  post,
  startBenchBot,
  type Figures,
  type Percentiles,
} from './support.js';

const USERS = Number(process.env.BENCH_USERS ?? 400);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 64);
const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 20_000);
const PGLITE_MESSAGES = Number(process.env.BENCH_PGLITE_MESSAGES ?? 3_000);
const SLOW_MESSAGES = Number(process.env.BENCH_SLOW_MESSAGES ?? 10_000);
const SLOW_MS = Number(process.env.BENCH_SLOW_MS ?? 50);
const STREAMS = Number(process.env.BENCH_STREAMS ?? 1_000);
const IDLE_SECONDS = Number(process.env.BENCH_IDLE_SECONDS ?? 10);
const SETTLE_SECONDS = Number(process.env.BENCH_SETTLE_SECONDS ?? 11);

const report = (label: string, f: Figures) => console.log(`${label.padEnd(50)} ${fmt(f)}`);
const ms = (p: Percentiles | undefined) =>
  p ? `p50 ${p.p50.toFixed(1)} ms, p99 ${p.p99.toFixed(1)} ms (${p.count})` : 'n/a';
const sleep = (s: number) => new Promise((r) => setTimeout(r, s * 1000));

const cluster = await startLocalCluster();
try {
  const serial = await insertBaselinePostgres(cluster.url, 5_000, 1);
  report('postgres: INSERT commits (one connection)', serial);
  const baseline = await insertBaselinePostgres(cluster.url, MESSAGES, CONCURRENCY);
  report(`postgres: INSERT commits (${CONCURRENCY} connections)`, baseline);
  const bot = await startBenchBot({ DATABASE_URL: cluster.url, LOG_LEVEL: 'error' });
  try {
    const chat = await chatLoad(bot.url, MESSAGES, USERS, CONCURRENCY);
    report(`postgres: POST /api/chat (${USERS} users, ${CONCURRENCY} at once)`, chat);
    const pct = (b: Figures) => `${((100 * chat.perSecond) / b.perSecond).toFixed(0)}%`;
    console.log(
      `postgres: chat throughput is ${pct(serial)} of one connection's INSERT commits, ${pct(baseline)} of ${CONCURRENCY} connections'`,
    );

    const floor = await floorLoad(bot.url, MESSAGES, CONCURRENCY);
    report(`postgres: POST /bench/floor (1 INSERT, same server)`, floor);
    console.log(
      `postgres: chat throughput is ${(chat.perSecond / floor.perSecond).toFixed(2)} of the same server's one-INSERT route (target ≥ 0.5)`,
    );

    // Does the engine ask for per-event services? (bench/serve.ts counts the calls; the chat run above made many.)
    const { calls } = JSON.parse((await get(`${bot.url}/bench/slow`)).text) as { calls: number };
    if (calls === 0) {
      // A guard: the engine never asked bench/serve.ts for per-event services (createBot's `services` option unused).
      console.log('slow-lookup: engine option not available');
    } else {
      await post(`${bot.url}/bench/slow`, JSON.stringify({ ms: 0 }));
      // Untimed warm-up: a fresh process's first job searches stall (about a second at p99), which would land in the
      // run without the wait only.
      await chatLoad(bot.url, Math.min(2_000, SLOW_MESSAGES), USERS, CONCURRENCY, { withJobs: true });
      const without = await chatLoad(bot.url, SLOW_MESSAGES, USERS, CONCURRENCY, { withJobs: true });
      report(`postgres: chat, 10% job searches, no wait`, without);
      await post(`${bot.url}/bench/slow`, JSON.stringify({ ms: SLOW_MS }));
      const slow = await chatLoad(bot.url, SLOW_MESSAGES, USERS, CONCURRENCY, { withJobs: true });
      await post(`${bot.url}/bench/slow`, JSON.stringify({ ms: 0 }));
      report(`postgres: chat, 10% job searches wait ${SLOW_MS} ms`, slow);
      console.log(
        `postgres: slow lookups: the other 90%: p99 ${slow.byTag?.other?.p99.toFixed(1)} ms with them, ` +
          `${without.byTag?.other?.p99.toFixed(1)} ms without (all messages without: p99 ${without.p99.toFixed(1)} ms)`,
      );
      console.log(`          without: others ${ms(without.byTag?.other)}; searches ${ms(without.byTag?.jobs)}`);
      console.log(`          with:    others ${ms(slow.byTag?.other)}; searches ${ms(slow.byTag?.jobs)}`);
    }
  } finally {
    await bot.kill();
  }
} finally {
  cluster.stop();
}

// Database load of idle live streams, on a cluster of its own with pg_stat_statements (so the figures above are
// measured without its overhead). Statements are counted by pg_stat_statements (top level, BEGIN/COMMIT included,
// the bench's own reads excluded); transactions by pg_stat_database, whose counters an idle backend flushes up to
// 10 s late (PGSTAT_IDLE_INTERVAL), hence 11 s of settling before each window (else the streams' opening burst lands
// in it).
{
  const statsCluster = await startLocalCluster({ shared_preload_libraries: 'pg_stat_statements' });
  const meter = postgres(statsCluster.url, { max: 1, onnotice: () => {} });
  try {
    await meter.unsafe('create extension if not exists pg_stat_statements');
    const bot = await startBenchBot({ DATABASE_URL: statsCluster.url, LOG_LEVEL: 'error' });
    try {
      const tokens = await mintUsers(bot.url, STREAMS);
      const counters = async () => {
        const [r] = await meter.unsafe(`select
          (select coalesce(sum(calls), 0) from pg_stat_statements where query not ilike '%pg_stat%')::float8 as statements,
          (select sum(xact_commit + xact_rollback) from pg_stat_database)::float8 as xacts`);
        return { statements: Number(r!.statements), xacts: Number(r!.xacts) };
      };
      const idle = async (label: string) => {
        await sleep(SETTLE_SECONDS);
        const a = await counters();
        await sleep(IDLE_SECONDS);
        const b = await counters();
        const line =
          `${((b.statements - a.statements) / IDLE_SECONDS).toFixed(1).padStart(8)} statements/s  ` +
          `${((b.xacts - a.xacts) / IDLE_SECONDS).toFixed(1).padStart(8)} transactions/s  (over ${IDLE_SECONDS} s idle)`;
        console.log(`${`postgres: database load, ${label}`.padEnd(50)} ${line}`);
      };
      await idle('no live streams');
      const streams = await openStreams(bot.url, tokens);
      try {
        await idle(`${STREAMS} live streams open`);
      } finally {
        streams.close();
      }
    } finally {
      await bot.kill();
    }
  } finally {
    await meter.end();
    statsCluster.stop();
  }
}

const dir = mkdtempSync(join(tmpdir(), 'bench-pglite-'));
try {
  report('pglite: INSERT commits (one connection)', await insertBaselinePglite(join(dir, 'baseline'), PGLITE_MESSAGES));
  const bot = await startBenchBot({ DATA_DIR: dir, SEED: 'none', LOG_LEVEL: 'error' });
  try {
    const chat = await chatLoad(bot.url, PGLITE_MESSAGES, USERS, CONCURRENCY);
    report(`pglite: POST /api/chat (${USERS} users, ${CONCURRENCY} at once)`, chat);
    const floor = await floorLoad(bot.url, PGLITE_MESSAGES, CONCURRENCY);
    report(`pglite: POST /bench/floor (1 INSERT, same server)`, floor);
    console.log(
      `pglite: chat throughput is ${(chat.perSecond / floor.perSecond).toFixed(2)} of the same server's one-INSERT route (target ≥ 0.5)`,
    );
  } finally {
    await bot.kill();
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
console.log(`\nmachine: ${(await import('node:os')).cpus().length} cores, node ${process.version}`);
