// `npm start`: one process serving HTTP, handling the inbox and sending the outbox.
import { resolve } from 'node:path';
import { createBot } from './app.js';
import { loadConfig, type Config } from './bot/config.js';
import { reindexJobs } from './bot/import/jobs.js';
import { loadLibrary } from './bot/language.js';
import { createLogger } from './bot/log.js';
import { openDatabaseOrExit } from './db/client.js';
import { seedDemo } from './db/seed.js';

let config: Config;
try {
  config = loadConfig();
} catch (err) {
  process.stderr.write(`${(err as Error).message}\n`);
  process.exit(1);
}
const log = createLogger(config.LOG_LEVEL);

const database = await openDatabaseOrExit(
  config.DATABASE_URL ? { url: config.DATABASE_URL } : { dataDir: resolve(config.DATA_DIR, 'pglite') },
);
log.info({ database: database.kind }, 'database ready');
if (config.seed === 'demo') {
  const seeded = await seedDemo(database.db, new Date());
  if (seeded) log.info('demo data loaded');
}
// Jobs written before search existed get their search terms once.
const reindexed = await reindexJobs(database.db, new Date());
if (reindexed.updated)
  log.info({ jobs: reindexed.updated, rejected: reindexed.rejected.length }, 'jobs made searchable');

// The language detector takes seconds to load: load it now rather than on the first person's message.
void loadLibrary().catch((err: unknown) => log.warn({ err }, 'language detector not loaded; it loads on first use'));
const bot = await createBot(config, database, log);
if (config.ROLES.has('web')) await bot.app.listen({ port: config.PORT, host: config.HOST });
if (config.ROLES.has('worker')) await bot.startBackground();
log.info(
  { database: database.kind, roles: [...config.ROLES], channels: bot.adapters.map((a) => a.channel) },
  'started',
);
// One plain line for the person who ran `npm start`; the structured logs above are for machines.
const channels = bot.adapters.map((a) => a.channel).join(', ');
process.stdout.write(
  config.ROLES.has('web')
    ? `JobBuddy is running: web chat on http://localhost:${config.PORT} · channels: ${channels}\n`
    : `JobBuddy worker is running: handling the inbox and sending the outbox · channels: ${channels}\n`,
);

let stopping = false;
const shutdown = async (signal: string) => {
  if (stopping) return;
  stopping = true;
  log.info({ signal }, 'shutting down');
  await bot.close();
  await database.close();
  process.exit(0);
};
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
