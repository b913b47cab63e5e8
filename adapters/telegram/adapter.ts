// The Telegram channel on grammY: webhook or long polling in, the outbox out through the Bot API.
import { Bot, InputFile } from 'grammy';
import type { AdapterDeps, ChannelAdapter } from '../channel.js';
import { ingest } from './intake.js';
import { createPolling } from './polling.js';
import { Upload } from './render.js';
import { createTelegramSender, type CallApi } from './sender.js';
import { registerWebhook } from './webhook.js';

export function createGrammyBot(token: string, apiRoot: string): Bot {
  return new Bot(token, { client: { apiRoot: apiRoot.replace(/\/+$/, '') } });
}

/** Bot API calls through grammY; our uploads become grammY's InputFile. */
export function grammyCall(bot: Bot): CallApi {
  const raw = bot.api.raw as unknown as Record<string, (params: Record<string, unknown>) => Promise<unknown>>;
  return (method, params) => raw[method]!(Object.fromEntries(Object.entries(params).map(([k, v]) => [k, v instanceof Upload ? new InputFile(v.data, v.filename) : v])));
}

export async function createTelegramAdapter(deps: AdapterDeps): Promise<ChannelAdapter> {
  const { config, log } = deps;
  if (!config.TELEGRAM_BOT_TOKEN) throw new Error('TELEGRAM_BOT_TOKEN is not set');
  const bot = createGrammyBot(config.TELEGRAM_BOT_TOKEN, config.TELEGRAM_API_ROOT);
  await bot.init(); // getMe: our username, to know when a group is talking to us
  const me = bot.botInfo;
  const ingestUpdate = (update: unknown) => ingest(update, me, deps);
  const secret = config.TELEGRAM_WEBHOOK_SECRET;
  const polling = secret ? undefined : createPolling(bot, ingestUpdate, log);
  log.info({ username: me.username, mode: polling ? 'long polling' : 'webhook' }, 'Telegram channel ready');
  return {
    channel: 'telegram',
    register: (app) => registerWebhook(app, { ...(secret ? { secret } : {}), ingest: ingestUpdate }),
    sender: createTelegramSender(grammyCall(bot), deps.db, log),
    ...(polling ? { start: polling.start, stop: polling.stop } : {}),
  };
}
