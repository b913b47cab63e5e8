// `npm start`: one process serving HTTP, handling the inbox and sending the outbox.
import { resolve } from 'node:path';
import { createBot } from './app.js';
import { loadConfig, type Config } from './bot/config.js';
import { createLogger } from './bot/log.js';
import { openDatabase, type Database } from './db/client.js';
import { DataDirBusyError } from './db/lock.js';
import { seedDemo } from './db/seed.js';

let config: Config;
try {
  config = loadConfig();
} catch (err) {
  process.stderr.write(`${(err as Error).message}\n`);
  process.exit(1);
}
const log = createLogger(config.LOG_LEVEL);

let database: Database;
try {
  database = await openDatabase(config.DATABASE_URL ? { url: config.DATABASE_URL } : { dataDir: resolve(config.DATA_DIR, 'pglite') });
} catch (err) {
  if (!(err instanceof DataDirBusyError)) throw err;
  process.stderr.write(`${err.message}\n`);
  process.exit(1);
}
log.info({ database: database.kind }, 'database ready');
if (config.seed === 'demo') {
  const seeded = await seedDemo(database.db, new Date());
  if (seeded) log.info('demo data loaded');
}

const bot = await createBot(config, database, log);
if (config.ROLES.has('web')) {
  await bot.app.listen({ port: config.PORT, host: config.HOST });
  log.info({ port: config.PORT }, `JobBuddy is listening: web chat on http://localhost:${config.PORT}`);
}
if (config.ROLES.has('worker')) {
  await bot.startBackground();
  log.info('handling the inbox and sending the outbox');
}

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
