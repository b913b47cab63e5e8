// `npm run setup:telegram`: the command menu in every language we speak and, given PUBLIC_URL, the webhook.
//
//   TELEGRAM_BOT_TOKEN=… [TELEGRAM_API_ROOT=…] npm run setup:telegram                      commands only
//   TELEGRAM_BOT_TOKEN=… TELEGRAM_WEBHOOK_SECRET=… PUBLIC_URL=https://bot.example.org npm run setup:telegram
//
// PUBLIC_URL is the bot's public base URL; Telegram will POST to PUBLIC_URL/webhooks/telegram with the secret.
import { pathToFileURL } from 'node:url';
import type { Api } from 'grammy';
import type { LanguageCode } from 'grammy/types';
import { z } from 'zod';
import { loadConfig } from '../../bot/config.js';
import { registry } from '../../bot/flows/index.js';
import { LOCALES, tFor } from '../../bot/i18n.js';
import { createGrammyBot } from './adapter.js';
import { ALLOWED_UPDATES } from './parse.js';
import { WEBHOOK_PATH } from './webhook.js';

/**
 * Telegram picks a command list by a two-letter ISO 639-1 code, so zh-CN and zh-TW cannot each have their own:
 * "zh" gets the first Chinese locale (zh-CN, in LOCALES order). English is the default list ('' = every other
 * language), and Traditional Chinese readers see Simplified descriptions, which they read; the conversation itself
 * still follows their language_code (zh-hant → zh-TW).
 */
export function commandLanguages(): { languageCode: string; locale: string }[] {
  const seen = new Map<string, string>();
  for (const locale of LOCALES) {
    const code = locale === 'en' ? '' : locale.split('-')[0]!.toLowerCase();
    if (!seen.has(code)) seen.set(code, locale);
  }
  return [...seen].map(([languageCode, locale]) => ({ languageCode, locale }));
}

export async function setupTelegram(api: Api, opts: { publicUrl?: string; secret?: string } = {}): Promise<string[]> {
  const done: string[] = [];
  for (const { languageCode, locale } of commandLanguages()) {
    const t = tFor(locale);
    // The commands the capabilities declare (bot/flows), each with its description in this language.
    await api.setMyCommands(
      registry.slashCommands().map(({ command, describe }) => ({ command, description: t(describe) })),
      {
        ...(languageCode ? { language_code: languageCode as LanguageCode } : {}),
      },
    );
    done.push(`commands for ${languageCode || 'everyone else'} (${locale})`);
  }
  if (opts.publicUrl) {
    if (!opts.secret)
      throw new Error('PUBLIC_URL is set but TELEGRAM_WEBHOOK_SECRET is not: the webhook route needs the secret');
    const url = opts.publicUrl.replace(/\/+$/, '') + WEBHOOK_PATH;
    await api.setWebhook(url, { secret_token: opts.secret, allowed_updates: [...ALLOWED_UPDATES] });
    done.push(`webhook ${url}`);
  }
  return done;
}

async function main() {
  const config = loadConfig();
  if (!config.TELEGRAM_BOT_TOKEN) throw new Error('set TELEGRAM_BOT_TOKEN');
  const publicUrl = z
    .string()
    .url()
    .optional()
    .parse(process.env.PUBLIC_URL || undefined);
  const bot = createGrammyBot(config.TELEGRAM_BOT_TOKEN, config.TELEGRAM_API_ROOT);
  const done = await setupTelegram(bot.api, {
    ...(publicUrl ? { publicUrl } : {}),
    ...(config.TELEGRAM_WEBHOOK_SECRET ? { secret: config.TELEGRAM_WEBHOOK_SECRET } : {}),
  });
  for (const line of done) console.log(`set ${line}`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((err: Error) => {
    console.error(`setup:telegram failed: ${err.message}`);
    process.exit(1);
  });
}
