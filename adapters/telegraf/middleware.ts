// For operators who already run a Telegraf bot: our engine as one more middleware, our outbox through their client.
//
//   const bot = await createBot(config, database, log, {       // config without TELEGRAM_BOT_TOKEN
//     adapters: (deps) => { const channel = telegrafChannel(telegraf, deps); telegraf.use(channel.middleware); return [channel.adapter]; },
//   });
//   // The outbox loop then delivers Telegram replies through Telegraf's own client.
import type { Context, MiddlewareFn, Telegraf } from 'telegraf';
import type { AdapterDeps, ChannelAdapter } from '../channel.js';
import { ingest } from '../telegram/intake.js';
import { TELEGRAM_SURFACE, Upload } from '../telegram/render.js';
import { createTelegramSender, type CallApi } from '../telegram/sender.js';

export interface TelegrafChannel {
  /** Stores each update we handle in the inbox; updates we don't handle go on to the operator's next middleware. */
  middleware: MiddlewareFn<Context>;
  sender: NonNullable<ChannelAdapter['sender']>;
  /** The same as a ChannelAdapter for a composition root: Telegraf owns the transport, so it mounts no routes. */
  adapter: ChannelAdapter;
}

/** Bot API calls through Telegraf's client; our uploads become Telegraf's { source, filename }. */
export function telegrafCall(telegraf: Telegraf<Context>): CallApi {
  const call = telegraf.telegram.callApi.bind(telegraf.telegram) as unknown as (
    method: string,
    payload: Record<string, unknown>,
  ) => Promise<unknown>;
  return (method, params) =>
    call(
      method,
      Object.fromEntries(
        Object.entries(params).map(([k, v]) => [k, v instanceof Upload ? { source: v.data, filename: v.filename } : v]),
      ),
    );
}

export function telegrafChannel(
  telegraf: Telegraf<Context>,
  deps: Pick<AdapterDeps, 'engine' | 'db' | 'log'> & Partial<Pick<AdapterDeps, 'config'>>,
): TelegrafChannel {
  const middleware: MiddlewareFn<Context> = async (ctx, next) => {
    const intake = await ingest(ctx.update, { id: ctx.botInfo.id, username: ctx.botInfo.username }, deps);
    if (intake === 'ignored') return next();
  };
  const rate = deps.config?.TELEGRAM_SEND_RATE;
  const sender = createTelegramSender(telegrafCall(telegraf), deps.db, deps.log, rate ? { perSecond: rate } : {});
  return {
    middleware,
    sender,
    adapter: { channel: 'telegram', surface: TELEGRAM_SURFACE, register: () => {}, sender },
  };
}
