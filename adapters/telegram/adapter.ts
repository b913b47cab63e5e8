// The Telegram channel on grammY: webhook or long polling in, the outbox out through the Bot API.
import { Bot, InputFile } from 'grammy';
import type { AdapterDeps, ChannelAdapter } from '../channel.js';
import { ingest } from './intake.js';
import { createPolling } from './polling.js';
import { TELEGRAM_SURFACE, Upload } from './render.js';
import { createTelegramSender, type CallApi } from './sender.js';
import { registerWebhook } from './webhook.js';
import type { BotIdentity } from './parse.js';

export function createGrammyBot(token: string, apiRoot: string): Bot {
  return new Bot(token, { client: { apiRoot: apiRoot.replace(/\/+$/, '') } });
}

/** Bot API calls through grammY; our uploads become grammY's InputFile. */
export function grammyCall(bot: Bot): CallApi {
  const raw = bot.api.raw as unknown as Record<string, (params: Record<string, unknown>) => Promise<unknown>>;
  return (method, params) =>
    raw[method]!(
      Object.fromEntries(
        Object.entries(params).map(([k, v]) => [k, v instanceof Upload ? new InputFile(v.data, v.filename) : v]),
      ),
    );
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function createTelegramAdapter(deps: AdapterDeps): Promise<ChannelAdapter> {
  const { config, log } = deps;
  if (!config.TELEGRAM_BOT_TOKEN) throw new Error('TELEGRAM_BOT_TOKEN is not set');
  const bot = createGrammyBot(config.TELEGRAM_BOT_TOKEN, config.TELEGRAM_API_ROOT);
  // The id is the token's prefix; the username (to know when a group talks to us) comes from getMe, learnt in
  // the background so that a Bot API outage at start-up doesn't keep the other channels down.
  const me: BotIdentity = { id: Number(config.TELEGRAM_BOT_TOKEN.split(':')[0]), username: '' };
  let stopped = false;
  const identify = (async () => {
    for (let attempt = 0; !stopped; attempt++) {
      try {
        await bot.init();
        Object.assign(me, { id: bot.botInfo.id, username: bot.botInfo.username });
        log.info({ username: me.username }, 'Telegram bot identified');
        return;
      } catch (err) {
        log.warn(
          { err: String(err).replace(config.TELEGRAM_BOT_TOKEN!, '[token]'), attempt },
          'Telegram getMe failed; will retry',
        );
        await sleep(Math.min(60_000, 1000 * 2 ** attempt));
      }
    }
  })();
  const ingestUpdate = (update: unknown) => ingest(update, me, deps);
  const secret = config.TELEGRAM_WEBHOOK_SECRET;
  const polling = secret ? undefined : createPolling(bot, ingestUpdate, log);
  log.info({ mode: polling ? 'long polling' : 'webhook' }, 'Telegram channel ready');
  return {
    channel: 'telegram',
    surface: TELEGRAM_SURFACE,
    register: (app) => registerWebhook(app, { ...(secret ? { secret } : {}), ingest: ingestUpdate }),
    sender: createTelegramSender(grammyCall(bot), deps.db, log, {
      clock: deps.clock,
      ...(config.TELEGRAM_SEND_RATE ? { perSecond: config.TELEGRAM_SEND_RATE } : {}),
    }),
    // Polling needs the bot's identity first; it starts whenever getMe answers.
    start: async () => {
      if (polling) void identify.then(() => (stopped ? undefined : polling.start()));
    },
    stop: async () => {
      stopped = true;
      await polling?.stop();
    },
  };
}
