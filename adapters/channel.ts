// The shape every channel adapter has: what it can show, HTTP routes in, a sender out (or the client pulls, as the web
// page does), optional start/stop (long polling).
import type { FastifyInstance } from 'fastify';
import type { Clock } from '../bot/clock.js';
import type { Config } from '../bot/config.js';
import type { Engine } from '../bot/engine.js';
import type { Logger } from '../bot/log.js';
import type { ChannelSender } from '../bot/sender.js';
import type { Surface } from '../bot/surface.js';
import type { Channel } from '../bot/types.js';
import type { Db } from '../db/client.js';

export interface AdapterDeps {
  engine: Engine;
  db: Db;
  log: Logger;
  config: Config;
  /** The bot's clock, for what ages on a platform (LINE reply tokens); the system's when absent. */
  clock?: Clock;
}

export interface ChannelAdapter {
  channel: Channel;
  /** What the channel can show; the core numbers the choices that do not fit (bot/surface.ts). */
  surface: Surface;
  /** Mounts the channel's webhook routes. */
  register(app: FastifyInstance): void;
  /** Delivers this channel's outbox rows; absent for channels answered in the HTTP response. */
  sender?: ChannelSender;
  start?(): Promise<void>;
  stop?(): Promise<void>;
}
