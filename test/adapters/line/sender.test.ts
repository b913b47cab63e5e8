// Delivering to LINE: reply token first (5 messages per call), push for the rest and after expiry, LINE's errors
// (429, 5xx, invalid reply token, 403, 400) turned into retries, fallbacks and unreachable users.
import { and, asc, eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { enqueue } from '../../../bot/outbox.js';
import { tFor } from '../../../bot/i18n.js';
import type { Reply } from '../../../bot/types.js';
import { inboundEvents, outbox, users } from '../../../db/schema.js';
import { startTestBot, waitFor, type TestBot } from '../../support/bot.js';
import { BACKENDS } from '../../support/databases.js';
import {
  LINE_ERRORS,
  lineEvent,
  lineIds,
  postLine,
  startFakeLine,
  webhook,
  type FakeLine,
} from '../../support/fake-line.js';

const SECRET = 'sender-channel-secret';
const env = (fake: FakeLine) => ({
  LINE_CHANNEL_SECRET: SECRET,
  LINE_CHANNEL_ACCESS_TOKEN: 'sender-access-token',
  LINE_API_BASE_URL: fake.base,
});
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const text = (t: string): Reply => ({ type: 'text', text: t });
const textsOf = (calls: { params: Record<string, any> }[]) =>
  calls.flatMap((c) => c.params.messages.map((m: { text?: string }) => m.text));

describe.each(BACKENDS)('LINE sender (%s)', (backend) => {
  let fake: FakeLine;
  let bot: TestBot;
  beforeAll(async () => {
    fake = await startFakeLine();
    bot = await startTestBot(backend, env(fake));
  });
  afterAll(async () => {
    await bot?.close();
    await fake?.close();
  });

  const db = () => bot.bot.database.db;
  const toChat = (chatId: string) =>
    fake.calls.filter((c) => c.params.to === chatId || c.params.replyToken === `rt-${chatId}`);
  const statuses = async (chatId: string) =>
    (
      await db().select({ status: outbox.status }).from(outbox).where(eq(outbox.chatId, chatId)).orderBy(asc(outbox.id))
    ).map((r) => r.status);
  /** Rows as the engine writes them for one event; with a reply token that is still valid unless told otherwise. */
  const queue = (chatId: string, texts: string[], token: 'valid' | 'none' = 'valid') =>
    enqueue(
      db(),
      texts.map((t) => ({
        channel: 'line' as const,
        chatId,
        reply: text(t),
        meta: token === 'valid' ? { replyToken: `rt-${chatId}`, replyTokenExpiresAt: Date.now() + 20_000 } : {},
      })),
    );
  const allDone = (chatId: string) => waitFor(async () => (await statuses(chatId)).every((s) => s !== 'pending'));

  it('sends the first 5 messages of an event by reply and the rest by push with a retry key, in order', async () => {
    const { userId } = lineIds();
    const texts = ['1', '2', '3', '4', '5', '6', '7'];
    await queue(userId, texts);
    expect(await allDone(userId)).toBe(true);
    const calls = toChat(userId);
    expect(calls.map((c) => [c.path, c.params.messages.length])).toEqual([
      ['/v2/bot/message/reply', 5],
      ['/v2/bot/message/push', 2],
    ]);
    expect(textsOf(calls)).toEqual(texts);
    expect(calls[0]!.retryKey).toBeUndefined(); // LINE refuses a retry key on reply
    expect(calls[1]!.retryKey).toMatch(UUID);
    expect(await statuses(userId)).toEqual(texts.map(() => 'sent'));
  });

  it('pushes rows written together for one user in one call (up to 5 messages), sparing the monthly quota', async () => {
    const { userId } = lineIds();
    await queue(userId, ['a', 'b', 'c'], 'none'); // one transaction: a reminder, an alert and a notice, say
    await queue(userId, ['d'], 'none'); // written later: a call of its own, so a retried call keeps its rows and key
    expect(await allDone(userId)).toBe(true);
    expect(toChat(userId).map((c) => [c.path, textsOf([c])])).toEqual([
      ['/v2/bot/message/push', ['a', 'b', 'c']],
      ['/v2/bot/message/push', ['d']],
    ]);
  });

  it('a button payload too long for a postback goes as a key, and the press brings the whole payload back', async () => {
    const { userId } = lineIds();
    const long = `jobs:search:${'cook near the night market, part time, '.repeat(10)}`;
    await enqueue(db(), [
      {
        channel: 'line',
        chatId: userId,
        reply: { type: 'text', text: 'Saved search', buttons: [{ label: 'Run it', action: long }] },
      },
    ]);
    expect(await allDone(userId)).toBe(true);
    const item = toChat(userId)[0]!.params.messages[0].quickReply.items[0];
    expect(item.action.data).toMatch(/^k:[A-Za-z0-9_-]{22}$/);
    const press = lineEvent(userId, { type: 'postback', data: item.action.data });
    expect((await postLine(bot.url, SECRET, webhook(press))).status).toBe(200);
    const [stored] = await db().select().from(inboundEvents).where(eq(inboundEvents.eventId, press.webhookEventId));
    expect(stored!.payload.body).toEqual({ type: 'action', action: long });
  });

  it('marks the rows a call carried sent as soon as that call returns, before the next call', async () => {
    const { userId } = lineIds();
    const push = fake.holdNext(/\/push$/, (p) => p.to === userId);
    await queue(userId, ['1', '2', '3', '4', '5', '6', '7']);
    await push.arrived; // the reply went through; the push is in flight
    expect(await statuses(userId)).toEqual(['sent', 'sent', 'sent', 'sent', 'sent', 'pending', 'pending']);
    push.release();
    expect(await allDone(userId)).toBe(true);
    expect(await statuses(userId)).toEqual(Array(7).fill('sent'));
  });

  it('resumes a reply too big for one call at the call that failed, without repeating the first', async () => {
    const { userId } = lineIds();
    const long = Array.from({ length: 6 }, (_, i) => `${i}`.repeat(4_000)).join('\n'); // 6 text messages: 2 calls
    fake.failNext(/\/push$/, LINE_ERRORS.serverError, 1, (p) => p.to === userId);
    await queue(userId, [long]);
    expect(await allDone(userId)).toBe(true);
    const calls = toChat(userId);
    expect(calls.map((c) => [c.path, c.status, c.params.messages.length])).toEqual([
      ['/v2/bot/message/reply', 200, 5],
      ['/v2/bot/message/push', 500, 1],
      ['/v2/bot/message/push', 200, 1],
    ]);
    expect(await statuses(userId)).toEqual(['sent']);
  });

  it('falls back to push when LINE says the reply token is invalid', async () => {
    const { userId } = lineIds();
    fake.failNext(/\/reply$/, LINE_ERRORS.invalidReplyToken, 1, (p) => p.replyToken === `rt-${userId}`);
    await queue(userId, ['hello', 'again']);
    expect(await allDone(userId)).toBe(true);
    const calls = toChat(userId);
    expect(calls.map((c) => [c.path, c.status])).toEqual([
      ['/v2/bot/message/reply', 400],
      ['/v2/bot/message/push', 200],
    ]);
    expect(textsOf(calls.slice(1))).toEqual(['hello', 'again']);
  });

  it('waits out a 429 (Retry-After) and then delivers everything once, in order, under the same retry key', async () => {
    const { userId } = lineIds();
    fake.failNext(
      /\/push$/,
      { ...LINE_ERRORS.tooManyRequests, headers: { 'retry-after': '1' } },
      1,
      (p) => p.to === userId,
    );
    await queue(userId, ['a', 'b', 'c'], 'none');
    expect(await allDone(userId)).toBe(true);
    const calls = toChat(userId);
    // The three rows of one transaction go in one push; its retry carries the same rows under the same key.
    expect(calls.map((c) => c.status)).toEqual([429, 200]);
    expect(textsOf(calls.filter((c) => c.status === 200))).toEqual(['a', 'b', 'c']);
    expect(calls[1]!.retryKey).toBe(calls[0]!.retryKey);
  });

  it('retries after a 500 with the same retry key, and takes a 409 for that key as delivered', async () => {
    const { userId } = lineIds();
    fake.failNext(/\/push$/, LINE_ERRORS.serverError, 1, (p) => p.to === userId);
    // LINE accepted the first request after all: the retry is refused as a duplicate.
    fake.failNext(
      /\/push$/,
      { status: 409, body: { message: 'The retry key is already accepted' } },
      1,
      (p) => p.to === userId,
    );
    await queue(userId, ['only once'], 'none');
    expect(await allDone(userId)).toBe(true);
    const calls = toChat(userId);
    expect(calls.map((c) => c.status)).toEqual([500, 409]);
    expect(calls[0]!.retryKey).toMatch(UUID);
    expect(calls[1]!.retryKey).toBe(calls[0]!.retryKey);
    expect(await statuses(userId)).toEqual(['sent']);
  });

  it('drops only the message LINE refuses (400) and delivers the others of its call', async () => {
    const { userId } = lineIds();
    fake.failNext(/\/message\//, LINE_ERRORS.badRequest, 5, (p) => JSON.stringify(p).includes('BAD'));
    await queue(userId, ['first', 'BAD', 'third']);
    expect(await allDone(userId)).toBe(true);
    expect(textsOf(toChat(userId).filter((c) => c.status === 200))).toEqual(['first', 'third']);
    expect(await statuses(userId)).toEqual(['sent', 'failed', 'sent']);
  });

  it('marks a user who blocked the bot (403) unreachable and stops sending to them', async () => {
    const { userId } = lineIds();
    const follow = lineEvent(userId, { type: 'follow' });
    expect((await postLine(bot.url, SECRET, webhook(follow))).status).toBe(200);
    expect(await waitFor(() => fake.sends().some((c) => c.params.replyToken === follow.replyToken))).toBe(true);

    fake.failNext(/\/push$/, LINE_ERRORS.forbidden, 1, (p) => p.to === userId);
    await queue(userId, ['reminder 1', 'reminder 2'], 'none');
    const unreachable = async () =>
      (
        await db()
          .select({ at: users.unreachableAt })
          .from(users)
          .where(and(eq(users.channel, 'line'), eq(users.platformUserId, userId)))
      )[0]?.at;
    expect(await waitFor(async () => Boolean(await unreachable()))).toBe(true);
    expect((await statuses(userId)).slice(-3)).toEqual(['sent', 'failed', 'failed']); // the follow greeting went out first
    expect(fake.calls.filter((c) => c.params.to === userId).map((c) => c.status)).toEqual([403]);
  });
});

describe.each(BACKENDS)('LINE reply token expiry (%s)', (backend) => {
  let fake: FakeLine;
  let bot: TestBot;
  beforeAll(async () => {
    fake = await startFakeLine();
    bot = await startTestBot(backend, env(fake), { background: false });
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });
  afterAll(async () => {
    await bot?.close();
    await fake?.close();
  });

  it('answers by push once the reply token has expired', async () => {
    const { userId } = lineIds();
    const event = lineEvent(userId, { type: 'text', text: 'hello' });
    expect((await postLine(bot.url, SECRET, webhook(event))).status).toBe(200);
    // The bot was busy for a minute before it got to the event.
    const realNow = Date.now.bind(Date);
    vi.spyOn(Date, 'now').mockImplementation(() => realNow() + 60_000);
    await bot.bot.startBackground();
    expect(await waitFor(() => fake.sends().some((c) => c.params.to === userId))).toBe(true);
    expect(fake.calls.filter((c) => c.params.replyToken === event.replyToken)).toHaveLength(0);
    const push = fake.sends().find((c) => c.params.to === userId)!;
    expect(push.retryKey).toMatch(UUID);
    expect(push.params.messages[0].text).toBe(tFor('en')('onboarding.welcome'));
  });
});
