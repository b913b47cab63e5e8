// The shape every channel adapter has: HTTP routes in, a sender out, optional start/stop (long polling).
import type { FastifyInstance } from 'fastify';
import type { Config } from '../bot/config.js';
import type { Engine } from '../bot/engine.js';
import type { Logger } from '../bot/log.js';
import type { ChannelSender } from '../bot/sender.js';
import type { Channel } from '../bot/types.js';
import type { Db } from '../db/client.js';

export interface AdapterDeps {
  engine: Engine;
  db: Db;
  log: Logger;
  config: Config;
}

export interface ChannelAdapter {
  channel: Channel;
  /** Mounts the channel's webhook routes. */
  register(app: FastifyInstance): void;
  /** Delivers this channel's outbox rows; absent for channels answered in the HTTP response. */
  sender?: ChannelSender;
  start?(): Promise<void>;
  stop?(): Promise<void>;
}
