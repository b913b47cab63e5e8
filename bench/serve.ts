// The bot as `npm start` runs it (same config, database, createBot, roles), plus two bench-only routes on the same
// Fastify app, registered before listen:
//   POST /bench/floor  one durable INSERT per request into a small bench table, through the bot's own database pool:
//                      the floor under the chat route (same server, same HTTP and JSON path, one commit each);
//   POST /bench/slow   {"ms": n} from now on a `menu:jobs` action makes catalog.latestJobs wait n ms first (0: off);
//   GET  /bench/slow   {"ms", "calls"}: calls counts how often the engine asked for per-event services, so the bench
//                      can tell whether the engine honours the `services` option at all.
// Started by bench/support.ts (startBenchBot); not part of the product.
import { resolve } from 'node:path';
import { sql } from 'drizzle-orm';
import { createBot } from '../app.js';
import type { Catalog } from '../bot/catalog.js';
import { loadConfig } from '../bot/config.js';
import type { Services } from '../bot/flow.js';
import { createLogger } from '../bot/log.js';
import type { InboundEvent } from '../bot/types.js';
import { openDatabaseOrExit } from '../db/client.js';
import { seedDemo } from '../db/seed.js';

const config = loadConfig();
const log = createLogger(config.LOG_LEVEL);
const database = await openDatabaseOrExit(
  config.DATABASE_URL ? { url: config.DATABASE_URL } : { dataDir: resolve(config.DATA_DIR, 'pglite') },
);
if (config.seed === 'demo') await seedDemo(database.db, new Date());
await database.db.execute(
  sql.raw(
    'create table if not exists bench_floor (id bigserial primary key, body jsonb not null, at timestamptz not null default now())',
  ),
);

let slowMs = 0;
let serviceCalls = 0;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** The slow messages: those that look jobs up (the `menu:jobs` action), while a delay is set. */
const slow = (event: InboundEvent) => slowMs > 0 && event.body?.type === 'action' && event.body.action === 'menu:jobs';
const services = (base: Services, event: InboundEvent): Services => {
  serviceCalls++;
  if (!slow(event)) return base;
  const ms = slowMs;
  return {
    ...base,
    catalog: {
      ...base.catalog,
      searchJobs: async (...a: Parameters<Catalog['searchJobs']>) => {
        await sleep(ms);
        return base.catalog.searchJobs(...a);
      },
    },
  };
};
const bot = await createBot(config, database, log, { services });

bot.app.post('/bench/floor', async (req) => {
  await database.db.execute(sql`insert into bench_floor (body) values (${JSON.stringify(req.body ?? null)}::jsonb)`);
  return { ok: true };
});
bot.app.post('/bench/slow', async (req) => {
  slowMs = Number((req.body as { ms?: unknown } | undefined)?.ms ?? 0) || 0;
  return { ms: slowMs };
});
bot.app.get('/bench/slow', async () => ({ ms: slowMs, calls: serviceCalls }));

if (config.ROLES.has('web')) await bot.app.listen({ port: config.PORT, host: config.HOST });
if (config.ROLES.has('worker')) await bot.startBackground();
process.stdout.write(`bench bot listening on ${config.PORT} (${database.kind})\n`);

let stopping = false;
const shutdown = async () => {
  if (stopping) return;
  stopping = true;
  await bot.close();
  await database.close();
  process.exit(0);
};
process.on('SIGTERM', () => void shutdown());
process.on('SIGINT', () => void shutdown());
