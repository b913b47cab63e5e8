// Without TELEGRAM_WEBHOOK_SECRET the bot long-polls getUpdates (grammY runner); same parsing, same inbox.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestBot, waitFor, type TestBot } from '../../support/bot.js';
import { BACKENDS } from '../../support/databases.js';
import { fixture, startFakeTelegram, TOKEN, type FakeTelegram } from '../../support/fake-telegram.js';

describe.each(BACKENDS)('Telegram long polling on %s', (backend) => {
  let fake: FakeTelegram;
  let t: TestBot;
  beforeAll(async () => {
    fake = await startFakeTelegram();
    t = await startTestBot(backend, { TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_API_ROOT: fake.root });
  });
  afterAll(async () => {
    await t?.close();
    await fake?.close();
  });

  it('turns the webhook off and says why', async () => {
    const res = await fetch(`${t.url}/webhooks/telegram`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(fixture('message_text.teloxide')),
    });
    expect(res.status).toBe(403);
    expect((await res.json()).error).toMatch(/long polling/);
  });

  it('answers updates served by getUpdates, each once, asking only for the update types it handles', async () => {
    const [update] = fixture<{ result: any[] }>('api_getUpdates_ok.frankenstein').result; // a real getUpdates answer
    const chat = String(update.message.chat.id);
    fake.pushUpdates(update);
    expect(await waitFor(() => fake.sent(chat).some((c) => /Hello/.test(c.params.text)))).toBe(true);
    expect(fake.calls.find((c) => c.method === 'deleteWebhook')).toBeTruthy();
    expect(fake.calls.find((c) => c.method === 'getUpdates')!.params.allowed_updates).toEqual([
      'message',
      'callback_query',
      'my_chat_member',
    ]);

    const press = {
      update_id: update.update_id + 1,
      callback_query: {
        id: 'cq-poll',
        chat_instance: '1',
        from: update.message.from,
        data: 'lang:en',
        message: { message_id: 1, date: 1, chat: update.message.chat, text: 'x' },
      },
    };
    fake.pushUpdates(press);
    expect(await waitFor(() => fake.sent(chat).some((c) => /Do you agree/.test(c.params.text)))).toBe(true);
    expect(fake.calls.some((c) => c.method === 'answerCallbackQuery' && c.params.callback_query_id === 'cq-poll')).toBe(
      true,
    );
    // getUpdates asked past each update it got, so none came twice
    const lastOffset = () => fake.calls.filter((c) => c.method === 'getUpdates').at(-1)?.params.offset ?? 0;
    expect(await waitFor(() => lastOffset() > press.update_id)).toBe(true);
    expect(fake.sent(chat).filter((c) => /Hello/.test(c.params.text))).toHaveLength(1);
  });
});
