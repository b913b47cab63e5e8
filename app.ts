// Composition root: database, engine, HTTP routes of every enabled channel, background loops.
import type { FastifyInstance } from 'fastify';
import type { AdapterDeps, ChannelAdapter } from './adapters/channel.js';
import { registerAdmin } from './adapters/admin/routes.js';
import { createHttpServer } from './adapters/http.js';
import { createWebAdapter } from './adapters/web/adapter.js';
import type { WebChatDeps } from './adapters/web/routes.js';
import { runDueAlerts } from './bot/alerts.js';
import { runFairNotices } from './bot/fairs/notices.js';
import type { Config } from './bot/config.js';
import { Engine, type EngineOptions } from './bot/engine.js';
import { inboxSignal } from './bot/inbox-signal.js';
import type { Logger } from './bot/log.js';
import { startLoop, type Loop } from './bot/loop.js';
import { outboxSignal, relayOutbox } from './bot/outbox.js';
import { systemClock, type Clock } from './bot/clock.js';
import { purgeOld } from './bot/retention.js';
import { sendDue } from './bot/sender.js';
import type { Surface } from './bot/surface.js';
import type { Channel } from './bot/types.js';
import type { Database } from './db/client.js';

export interface Bot {
  app: FastifyInstance;
  engine: Engine;
  database: Database;
  adapters: ChannelAdapter[];
  startBackground(): Promise<void>;
  close(): Promise<void>;
}

/** Channels switched on by the environment; each factory is loaded only when its channel is enabled. */
async function channelAdapters(deps: AdapterDeps): Promise<ChannelAdapter[]> {
  const c = deps.config;
  const list: ChannelAdapter[] = [];
  if (c.TELEGRAM_BOT_TOKEN)
    list.push(await (await import('./adapters/telegram/adapter.js')).createTelegramAdapter(deps));
  if (c.LINE_CHANNEL_SECRET && c.LINE_CHANNEL_ACCESS_TOKEN)
    list.push(await (await import('./adapters/line/adapter.js')).createLineAdapter(deps));
  return list;
}

/** How long a batch waits for its slowest flows on Postgres before writing the others. */
const FLOW_BUDGET_MS = 20;

export interface BotOptions {
  /** One clock for the engine, senders, retention and reply-token age: tests drive it instead of sleeping. */
  clock?: Clock;
  /** Wraps what flows may read, per event (benchmarks simulate slow lookups with it). */
  services?: EngineOptions['services'];
  /** Channels built by the operator's own code, e.g. the Telegraf middleware: (deps) => [telegrafChannel(…).adapter]. */
  adapters?: (deps: AdapterDeps) => ChannelAdapter[];
  /** Live stream timings (keep-alive, safety sweep); tests shorten them. */
  webStream?: WebChatDeps['stream'];
  /** Whether the background runs the timers (alerts, fair notices, retention); tests that run them by hand say no. */
  timers?: boolean;
}

export async function createBot(config: Config, database: Database, log: Logger, opts: BotOptions = {}): Promise<Bot> {
  const { db } = database;
  // PGlite has one connection and runs on this thread: a second transaction in flight would only wait for the first.
  const surfaces = new Map<Channel, Surface>();
  const clock = opts.clock ?? systemClock;
  const engine = new Engine(db, {
    log,
    maxConcurrentBatches: database.kind === 'pglite' ? 1 : 2,
    surfaceOf: (channel) => surfaces.get(channel),
    // On Postgres a slow flow is left to finish in the background rather than hold up its batch (bot/engine.ts).
    ...(database.kind === 'postgres' ? { flowBudgetMs: FLOW_BUDGET_MS } : {}),
    ...(opts.services ? { services: opts.services } : {}),
    // Share links point at the public address; a local demo's own address until one is set.
    publicUrl: config.PUBLIC_URL ?? `http://localhost:${config.PORT}`,
    clock,
  });
  const app = createHttpServer(db, log);
  // One listening connection wakes this process's senders and live streams for rows any process wrote.
  const unlisten = await relayOutbox(database);
  const deps = { engine, db, log, config, clock };
  const adapters = [
    createWebAdapter(deps, opts.webStream),
    ...(await channelAdapters(deps)),
    ...(opts.adapters?.(deps) ?? []),
  ];
  for (const a of adapters) {
    a.register(app);
    surfaces.set(a.channel, a.surface);
  }
  if (config.ADMIN_TOKEN) registerAdmin(app, { db, log, adminToken: config.ADMIN_TOKEN, clock });
  const senders = adapters.flatMap((a) => (a.sender ? [a.sender] : []));

  const loops: Loop[] = [];
  return {
    app,
    engine,
    database,
    adapters,
    async startBackground() {
      loops.push(
        startLoop('inbox', () => engine.processPending(), {
          idleMs: 500,
          log,
          wake: { emitter: inboxSignal, events: ['event'] },
        }),
      );
      // A loop per channel: one paused after a 429, or waiting for its slots, never holds up another's messages.
      for (const sender of senders) {
        loops.push(
          startLoop(`outbox:${sender.channel}`, () => sendDue(db, [sender], log, { clock }), {
            idleMs: 500,
            log,
            wake: { emitter: outboxSignal, events: [sender.channel] },
          }),
        );
      }
      if (opts.timers !== false) {
        // Saved searches that are due: each step takes a batch; a full batch runs the next at once.
        loops.push(startLoop('alerts', () => runDueAlerts(db, new Date(clock.now())), { idleMs: 60_000, log }));
        // Fair reminders, moves and new fairs: at most half a minute late; a full batch runs the next at once.
        loops.push(startLoop('fair-notices', () => runFairNotices(db, new Date(clock.now())), { idleMs: 30_000, log }));
        // Hourly; the loop's step reports no work so that it waits between runs.
        loops.push(
          startLoop(
            'retention',
            async () => {
              await purgeOld(db, new Date(clock.now()));
              return 0;
            },
            { idleMs: 3_600_000, log },
          ),
        );
      }
      for (const a of adapters) await a.start?.();
    },
    async close() {
      for (const a of adapters) await a.stop?.();
      await app.close();
      await Promise.all(loops.map((l) => l.stop()));
      await unlisten();
    },
  };
}
