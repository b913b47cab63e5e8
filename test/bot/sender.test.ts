// Sent once, and never lost to rate limits: the outbox sender with the real grammY client and the recording Bot API
// double, on PGlite and on a real Postgres. Time is a fake clock where the test waits out long pauses.
import { and, asc, eq, inArray } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createGrammyBot, grammyCall } from '../../adapters/telegram/adapter.js';
import { createTelegramSender, type CallApi } from '../../adapters/telegram/sender.js';
import { systemClock, type Clock } from '../../bot/clock.js';
import { enqueue } from '../../bot/outbox.js';
import { sendDue } from '../../bot/sender.js';
import type { Reply } from '../../bot/types.js';
import type { Database } from '../../db/client.js';
import { channelLimits, outbox } from '../../db/schema.js';
import { BACKENDS, freshDatabase } from '../support/databases.js';
import { fakeClock } from '../support/fake-clock.js';
import { errors, startFakeTelegram, TOKEN, type FakeTelegram } from '../support/fake-telegram.js';

let nextChat = 9_100_000;

describe.each(BACKENDS)('outbox sender on %s', (backend) => {
  let database: Database;
  let fake: FakeTelegram;
  // The double records each call at this clock's time.
  let clock: Clock = systemClock;
  beforeAll(async () => {
    database = await freshDatabase(backend);
    fake = await startFakeTelegram({ now: () => clock.now() });
  });
  afterEach(async () => {
    clock = systemClock;
    await db().delete(channelLimits); // a fake clock leaves pauses and send slots in its own future
  });
  afterAll(async () => {
    await fake?.close();
    await database?.close();
  });
  const db = () => database.db;
  const telegram = (perSecond = 1000, call: CallApi = grammyCall(createGrammyBot(TOKEN, fake.root))) =>
    createTelegramSender(call, db(), undefined, { perSecond });
  const queue = async (chatId: string, replies: Reply[]) => {
    await enqueue(
      db(),
      replies.map((reply) => ({ channel: 'telegram' as const, chatId, reply })),
    );
    return db().select().from(outbox).where(eq(outbox.chatId, chatId)).orderBy(asc(outbox.id));
  };
  const rowsOf = (chatId: string) =>
    db().select().from(outbox).where(eq(outbox.chatId, chatId)).orderBy(asc(outbox.id));
  const callsTo = (chatIds: string[]) => fake.calls.filter((c) => chatIds.includes(String(c.params.chat_id)));
  const texts = (chatId: string) => callsTo([chatId]).map((c) => `${c.status} ${c.params.text ?? c.method}`);
  const pending = async (chatIds: string[]) =>
    (
      await db()
        .select()
        .from(outbox)
        .where(and(inArray(outbox.chatId, chatIds), eq(outbox.status, 'pending')))
    ).length;

  it('marks each row sent as its call returns: after a kill, only the call in flight goes again', async () => {
    const chat = String(nextChat++);
    const rows = await queue(
      chat,
      ['one', 'two', 'three'].map((text) => ({ type: 'text', text })),
    );
    const c = fakeClock();
    clock = c;
    const real = grammyCall(createGrammyBot(TOKEN, fake.root));
    let atKill: string[] = [];
    // The worker dies while the Bot API takes its third message: the call reaches Telegram, the answer never returns.
    const dying: CallApi = async (method, params) => {
      if (params.text !== 'three') return real(method, params);
      atKill = (await rowsOf(chat)).map((r) => r.status);
      await real(method, params);
      return new Promise(() => {});
    };
    void sendDue(db(), [telegram(1000, dying)], undefined, { clock: c });
    await expect.poll(() => atKill.length).toBe(3);
    expect(atKill).toEqual(['sent', 'sent', 'pending']);

    c.advance(61_000); // the dead worker's lease runs out; another worker takes over
    await sendDue(db(), [telegram()], undefined, { clock: c });
    expect(texts(chat)).toEqual(['200 one', '200 two', '200 three', '200 three']);
    expect((await rowsOf(chat)).map((r) => [r.id, r.status])).toEqual(rows.map((r) => [r.id, 'sent']));
  });

  it('resumes a reply of several messages after the last part that went through', async () => {
    const chat = String(nextChat++);
    const text = Array.from({ length: 500 }, (_, i) => `line ${i} ${'x'.repeat(12)}`).join('\n');
    await queue(chat, [
      { type: 'text', text },
      { type: 'text', text: 'after' },
    ]);
    const c = fakeClock();
    clock = c;
    let parts = 0;
    fake.fail('sendMessage', errors.serverError(), 1, (p) => String(p.chat_id) === chat && ++parts === 2);
    await sendDue(db(), [telegram()], undefined, { clock: c });
    const progress = (await rowsOf(chat)).map((r) => [r.status, r.partsSent, r.attempts]);
    expect(progress).toEqual([
      ['pending', 1, 1],
      ['pending', 0, 0],
    ]);
    c.advance(2_000); // the backoff after one failure
    await sendDue(db(), [telegram()], undefined, { clock: c });
    const calls = fake.calls.filter((call) => String(call.params.chat_id) === chat);
    expect(calls.map((call) => call.status)).toEqual([200, 500, 200, 200, 200]);
    const delivered = calls.filter((call) => call.status === 200).map((call) => call.params.text as string);
    expect(delivered.slice(0, -1).join('\n')).toBe(text);
    expect(delivered.at(-1)).toBe('after');
    expect((await rowsOf(chat)).map((r) => r.status)).toEqual(['sent', 'sent']);
  });

  it('waits out 40 s of 429s without using up its attempts, and never repeats the part that went through', async () => {
    const chat = String(nextChat++);
    await queue(chat, [{ type: 'location', title: 'Meeting point', lat: -7.25, lon: 112.75 }]);
    const c = fakeClock();
    clock = c;
    fake.fail('sendLocation', errors.tooManyRequests(5), 8, (p) => String(p.chat_id) === chat); // 8 × 5 s
    const start = c.now();
    for (let i = 0; i < 100 && (await rowsOf(chat))[0]!.status === 'pending'; i++) {
      await sendDue(db(), [telegram()], undefined, { clock: c });
      c.advance(1_000);
    }
    expect(texts(chat)).toEqual(['200 Meeting point', ...Array(8).fill('429 sendLocation'), '200 sendLocation']);
    const tries = fake.calls.filter((call) => String(call.params.chat_id) === chat && call.method === 'sendLocation');
    tries.slice(1).forEach((t, i) => expect(t.at - tries[i]!.at).toBeGreaterThanOrEqual(5_000));
    expect(tries.at(-1)!.at - start).toBeGreaterThanOrEqual(40_000);
    const [row] = await rowsOf(chat);
    expect(row).toMatchObject({ status: 'sent', attempts: 1, partsSent: 1 });
  });

  it('a 429 for one chat pauses every chat of the channel, in every worker, until retry_after has passed', async () => {
    const [a, b, c] = [nextChat++, nextChat++, nextChat++].map(String) as [string, string, string];
    const two = (chat: string): Reply[] => ['first', 'second'].map((n) => ({ type: 'text', text: `${chat} ${n}` }));
    for (const chat of [a, b, c]) await queue(chat, two(chat));
    fake.fail('sendMessage', errors.tooManyRequests(1), 1, (p) => String(p.chat_id) === a);
    const sender = telegram(10); // slots 100 ms apart: the 429 is back before the next chat's slot
    // Each round is a fresh worker as far as the pause goes: only the database tells it.
    for (let i = 0; i < 100 && (await pending([a, b, c])) > 0; i++) {
      await sendDue(db(), [sender]);
      await new Promise((r) => setTimeout(r, 50));
    }
    const calls = callsTo([a, b, c]);
    const limited = calls.find((call) => call.status === 429)!;
    expect(limited.params.text).toBe(`${a} first`);
    expect(calls.filter((call) => call !== limited).every((call) => call.at >= limited.at + 1_000)).toBe(true);
    for (const chat of [a, b, c]) {
      expect(texts(chat).filter((t) => t.startsWith('200'))).toEqual([`200 ${chat} first`, `200 ${chat} second`]);
    }
  });

  it('keeps to the channel rate across two workers sending at once', async () => {
    const chats = Array.from({ length: 20 }, () => String(nextChat++));
    for (const chat of chats)
      await queue(chat, [
        { type: 'text', text: 'a' },
        { type: 'text', text: 'b' },
      ]);
    const rate = 20;
    const claimed: [number, number] = [0, 0];
    const worker = async (w: 0 | 1) => {
      const call = grammyCall(createGrammyBot(TOKEN, fake.root));
      await call('sendMessage', { chat_id: 1, text: 'warm-up' }); // a running worker's connection is open already
      const sender = telegram(rate, call);
      while ((await pending(chats)) > 0) {
        const n = await sendDue(db(), [sender], undefined, { limit: 10 });
        claimed[w] += n;
        if (!n) await new Promise((r) => setTimeout(r, 20)); // the other worker holds the rest
      }
    };
    await Promise.all([worker(0), worker(1)]);
    expect(claimed.every((n) => n > 0)).toBe(true);
    const at = callsTo(chats)
      .map((c) => c.at)
      .sort((x, y) => x - y);
    expect(at).toHaveLength(40);
    // Calls leave 1/rate s apart; on a busy machine one may reach the double late and share a second with the next
    // ones: within 10% of the rate in any second, and no more than the rate over the whole run.
    const perSecond = at.map((t) => at.filter((u) => u >= t && u < t + 1_000).length);
    expect(Math.max(...perSecond)).toBeLessThanOrEqual(rate * 1.1);
    expect(at.at(-1)! - at[0]!).toBeGreaterThanOrEqual(((at.length - 3) * 1_000) / rate); // a slot's jitter allowed
  });
});
