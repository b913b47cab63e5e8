// "delete my data" leaves nothing tied to the person: not their inbox rows, not the confirmation once delivered.
// Through the Telegram webhook (replies pushed through the Bot API double) and the web chat, on both databases.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../db/client.js';
import { startTestBot, waitFor, type TestBot } from '../support/bot.js';
import { BACKENDS } from '../support/databases.js';
import { fixture, startFakeTelegram, telegramUser, TOKEN, type FakeTelegram } from '../support/fake-telegram.js';

const SECRET = 'tg-secret-privacy';

describe.each(BACKENDS)('erasing a user on %s', (backend) => {
  let fake: FakeTelegram;
  let t: TestBot;
  beforeAll(async () => {
    fake = await startFakeTelegram();
    t = await startTestBot(backend, {
      TELEGRAM_BOT_TOKEN: TOKEN,
      TELEGRAM_WEBHOOK_SECRET: SECRET,
      TELEGRAM_API_ROOT: fake.root,
    });
  });
  afterAll(async () => {
    await t?.close();
    await fake?.close();
  });
  const db = () => t.bot.database.db;
  const post = (update: object) =>
    fetch(`${t.url}/webhooks/telegram`, {
      method: 'POST',
      body: JSON.stringify(update),
      headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': SECRET },
    });
  /** Rows anywhere in the inbox or outbox that still name this person, by id or by what they wrote. */
  const traces = async (id: string, words: string) => ({
    inbox: (
      await queryRows<{ n: number }>(
        db(),
        sql`select count(*)::int as n from inbound_events
      where user_key like ${`%${id}%`} or payload::text like ${`%${id}%`} or payload::text like ${`%${words}%`}`,
      )
    )[0]!.n,
    outbox: (
      await queryRows<{ n: number }>(
        db(),
        sql`select count(*)::int as n from outbox
      where chat_id = ${id} or reply::text like ${`%${words}%`}`,
      )
    )[0]!.n,
    users: (
      await queryRows<{ n: number }>(db(), sql`select count(*)::int as n from users where platform_user_id = ${id}`)
    )[0]!.n,
  });

  it('Telegram: after the confirmation is delivered, no inbox or outbox row is tied to the user', async () => {
    const base = fixture('message_text.teloxide');
    const id = 4_200_000_000 + (backend === 'pglite' ? 1 : 2);
    const user = telegramUser(post, {
      message: { ...base.message, from: { ...base.message.from, id }, chat: { ...base.message.chat, id } },
    });
    const sent = () => fake.sent(String(id)).length;
    const step = async (send: () => Promise<Response>) => {
      const before = sent();
      expect((await send()).status).toBe(200);
      expect(await waitFor(() => sent() > before)).toBe(true);
    };
    await step(() => user.text('/start'));
    await step(() => user.press('lang:en'));
    await step(() => user.press('consent:yes'));
    await step(() => user.press('menu:profile'));
    await step(() => user.text('Surabaya Harbourside'));
    await step(() => user.text('welder'));
    await step(() => user.text('delete my data'));
    expect((await traces(String(id), 'Surabaya Harbourside')).inbox).toBeGreaterThan(0);

    await step(() => user.press('delete:yes'));
    expect(await waitFor(() => /erased/i.test(fake.sent(String(id)).at(-1)?.params.text ?? ''))).toBe(true);
    // The confirmation row goes once it has been delivered.
    expect(await waitFor(async () => (await traces(String(id), 'Surabaya Harbourside')).outbox === 0)).toBe(true);
    expect(await traces(String(id), 'Surabaya Harbourside')).toEqual({ inbox: 0, outbox: 0, users: 0 });
  });

  it('Telegram: a redelivered update of an erased user is still recognised and changes nothing', async () => {
    const base = fixture('message_text.teloxide');
    const id = 4_300_000_000 + (backend === 'pglite' ? 1 : 2);
    const user = telegramUser(post, {
      message: { ...base.message, from: { ...base.message.from, id }, chat: { ...base.message.chat, id } },
    });
    const start = user.message({ text: '/start', entities: [{ offset: 0, length: 6, type: 'bot_command' }] });
    expect((await post(start)).status).toBe(200);
    expect(await waitFor(() => fake.sent(String(id)).length > 0)).toBe(true);
    expect((await user.text('delete my data')).status).toBe(200);
    expect(await waitFor(() => fake.sent(String(id)).length > 1)).toBe(true);
    expect((await user.press('delete:yes')).status).toBe(200);
    expect(await waitFor(() => /erased/i.test(fake.sent(String(id)).at(-1)?.params.text ?? ''))).toBe(true);
    const before = fake.sent(String(id)).length;
    expect((await post(start)).status).toBe(200); // Telegram redelivers the old /start
    await t.bot.engine.processPending();
    expect(fake.sent(String(id)).length).toBe(before);
    expect((await traces(String(id), 'no such words')).users).toBe(0);
  });
});
