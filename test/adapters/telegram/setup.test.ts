// npm run setup:telegram: the command menu per language, and the webhook when PUBLIC_URL is given.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGrammyBot } from '../../../adapters/telegram/adapter.js';
import { setupTelegram } from '../../../adapters/telegram/setup.js';
import { startFakeTelegram, TOKEN, type FakeTelegram } from '../../support/fake-telegram.js';

describe('Telegram setup', () => {
  let fake: FakeTelegram;
  beforeAll(async () => {
    fake = await startFakeTelegram();
  });
  afterAll(async () => {
    await fake?.close();
  });
  const api = () => createGrammyBot(TOKEN, fake.root).api;

  it('sets the command menu for everyone (English), Chinese and Indonesian, in those languages', async () => {
    await setupTelegram(api());
    const calls = fake.calls.filter((c) => c.method === 'setMyCommands');
    expect(calls.map((c) => c.params.language_code)).toEqual([undefined, 'id', 'ms', 'th', 'tl', 'vi', 'zh']);
    const menu = (code: string | undefined) =>
      Object.fromEntries(
        calls
          .find((c) => c.params.language_code === code)!
          .params.commands.map((x: { command: string; description: string }) => [x.command, x.description]),
      );
    expect(Object.keys(menu(undefined))).toEqual(['start', 'language', 'menu', 'help', 'stop', 'deletemydata']);
    expect(menu(undefined).menu).toBe('Main menu');
    expect(menu('zh').menu).toBe('主菜单');
    expect(menu('id').menu).toBe('Menu utama');
    for (const c of calls) for (const x of c.params.commands) expect(x.command).toMatch(/^[a-z0-9_]{1,32}$/);
    expect(fake.calls.some((c) => c.method === 'setWebhook')).toBe(false);
  });

  it('sets the webhook with the secret when PUBLIC_URL is given, and refuses without a secret', async () => {
    await setupTelegram(api(), { publicUrl: 'https://bot.example.org/', secret: 's3cret' });
    expect(fake.calls.find((c) => c.method === 'setWebhook')!.params).toEqual({
      url: 'https://bot.example.org/webhooks/telegram',
      secret_token: 's3cret',
      allowed_updates: ['message', 'callback_query', 'my_chat_member'],
    });
    await expect(setupTelegram(api(), { publicUrl: 'https://bot.example.org' })).rejects.toThrow(
      /TELEGRAM_WEBHOOK_SECRET/,
    );
  });
});
