// npm run bench:engine — messages per second and latency through POST /api/chat with many concurrent users,
// on a real Postgres and on embedded PGlite, each beside the floor cost of one durable INSERT per message.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLocalCluster } from '../db/local-cluster.js';
import { startBotProcess } from '../test/support/process.js';
import { chatLoad, fmt, insertBaselinePglite, insertBaselinePostgres, type Figures } from './support.js';

const USERS = Number(process.env.BENCH_USERS ?? 400);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 64);
const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 20_000);
const PGLITE_MESSAGES = Number(process.env.BENCH_PGLITE_MESSAGES ?? 3_000);

const rows: string[] = [];
const report = (label: string, f: Figures) => { const line = `${label.padEnd(44)} ${fmt(f)}`; rows.push(line); console.log(line); };

const cluster = await startLocalCluster();
try {
  const serial = await insertBaselinePostgres(cluster.url, 5_000, 1);
  report('postgres: INSERT commits (one connection)', serial);
  const baseline = await insertBaselinePostgres(cluster.url, MESSAGES, CONCURRENCY);
  report(`postgres: INSERT commits (${CONCURRENCY} connections)`, baseline);
  const bot = await startBotProcess({ DATABASE_URL: cluster.url, LOG_LEVEL: 'error' });
  try {
    const chat = await chatLoad(bot.url, MESSAGES, USERS, CONCURRENCY);
    report(`postgres: POST /api/chat (${USERS} users, ${CONCURRENCY} at once)`, chat);
    const pct = (b: Figures) => `${(100 * chat.perSecond / b.perSecond).toFixed(0)}%`;
    console.log(`postgres: chat throughput is ${pct(serial)} of one connection's INSERT commits, ${pct(baseline)} of ${CONCURRENCY} connections'`);
  } finally {
    await bot.kill();
  }
} finally {
  cluster.stop();
}

const dir = mkdtempSync(join(tmpdir(), 'bench-pglite-'));
try {
  report('pglite: INSERT commits (one connection)', await insertBaselinePglite(join(dir, 'baseline'), PGLITE_MESSAGES));
  const bot = await startBotProcess({ DATA_DIR: dir, SEED: 'none', LOG_LEVEL: 'error' });
  try {
    report(`pglite: POST /api/chat (${USERS} users, ${CONCURRENCY} at once)`, await chatLoad(bot.url, PGLITE_MESSAGES, USERS, CONCURRENCY));
  } finally {
    await bot.kill();
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
console.log(`\nmachine: ${(await import('node:os')).cpus().length} cores, node ${process.version}`);
