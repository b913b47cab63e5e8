// Composition root: database, engine, HTTP routes of every enabled channel, background loops.
import type { FastifyInstance } from 'fastify';
import { registerPage } from './adapters/web/page.js';
import { registerWebChat } from './adapters/web/routes.js';
import { createHttpServer } from './adapters/http.js';
import type { Config } from './bot/config.js';
import { Engine } from './bot/engine.js';
import type { Logger } from './bot/log.js';
import { startLoop, type Loop } from './bot/loop.js';
import { inboxSignal } from './bot/inbox-signal.js';
import type { Database } from './db/client.js';

export interface Bot {
  app: FastifyInstance;
  engine: Engine;
  database: Database;
  startBackground(): void;
  close(): Promise<void>;
}

export function createBot(config: Config, database: Database, log: Logger, opts: { now?: () => Date } = {}): Bot {
  const { db } = database;
  const engine = new Engine(db, { log, ...(opts.now ? { now: opts.now } : {}) });
  const app = createHttpServer(db, log);
  registerPage(app);
  registerWebChat(app, { engine, db });

  const loops: Loop[] = [];
  return {
    app, engine, database,
    startBackground() {
      loops.push(startLoop('inbox', () => engine.processPending(), { idleMs: 500, log, wake: { emitter: inboxSignal, events: ['event'] } }));
    },
    async close() {
      await app.close();
      await Promise.all(loops.map((l) => l.stop()));
    },
  };
}
