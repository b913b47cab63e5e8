// The inbox → engine → outbox → sender path that webhooks use, on PGlite and on a real Postgres.
import { randomBytes } from 'node:crypto';
import { asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../bot/engine.js';
import type { ClaimedRow } from '../../bot/outbox.js';
import { enqueue } from '../../bot/outbox.js';
import { MAX_SEND_ATTEMPTS, sendDue, withContext, type ChannelSender, type SendOutcome } from '../../bot/sender.js';
import type { InboundEvent } from '../../bot/types.js';
import type { Database } from '../../db/client.js';
import { channelLimits, inboundEvents, outbox, users } from '../../db/schema.js';
import { BACKENDS, freshDatabase } from '../support/databases.js';
import { fakeClock } from '../support/fake-clock.js';
import { replayMatches } from '../support/replay.js';

const event = (userId: string, eventId: string, body: InboundEvent['body'], localeHint = 'en'): InboundEvent => ({
  channel: 'telegram',
  eventId,
  userId,
  chatId: userId,
  localeHint,
  body,
  meta: { replyToken: `rt-${eventId}` },
});

/** A channel double: records what it was asked to send and reports scripted outcomes, one row at a time. */
function recordingSender(
  script: (row: ClaimedRow, n: number) => SendOutcome['outcome'] | { outcome: 'limited'; retryAfterMs: number } = () =>
    'sent',
) {
  const sent: { chatId: string; text: string; meta: Record<string, unknown> }[] = [];
  let n = 0;
  const sender: ChannelSender = {
    channel: 'telegram',
    perSecond: 1000,
    async send(rows, given) {
      const ctx = withContext(given);
      for (const row of rows) {
        const s = script(row, n++);
        const o = typeof s === 'string' ? s : s.outcome;
        if (o === 'sent')
          sent.push({
            chatId: row.chatId,
            text: 'text' in row.reply ? String(row.reply.text) : row.reply.type,
            meta: row.meta,
          });
        await ctx.report(
          o === 'sent'
            ? { id: row.id, outcome: 'sent' }
            : typeof s === 'object'
              ? { id: row.id, outcome: 'limited', error: '429', retryAfterMs: s.retryAfterMs }
              : ({ id: row.id, outcome: o, error: o } as SendOutcome),
        );
        if (o !== 'sent') break;
      }
      return ctx.outcomes;
    },
  };
  return { sender, sent };
}

describe.each(BACKENDS)('inbox and outbox on %s', (backend) => {
  let database: Database;
  let engine: Engine;
  beforeAll(async () => {
    database = await freshDatabase(backend);
    engine = new Engine(database.db);
  });
  afterAll(async () => {
    await database?.close();
  });
  const db = () => database.db;

  it('acknowledges by storing; a redelivered event id changes nothing', async () => {
    expect(await engine.accept(event('111', 'u1', { type: 'text', text: '/start' }, 'zh-hans'))).toEqual({
      duplicate: false,
    });
    expect(await engine.accept(event('111', 'u1', { type: 'text', text: '/start' }, 'zh-hans'))).toEqual({
      duplicate: true,
    });
    expect(await db().select().from(outbox)).toHaveLength(0); // nothing handled yet: only stored
    expect(await engine.processPending()).toBe(1);
    expect(await engine.processPending()).toBe(0);
    const rows = await db().select().from(outbox).where(eq(outbox.chatId, '111'));
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows[0]!.reply)).toContain('您好');
    expect(rows[0]!.meta).toEqual({ replyToken: 'rt-u1', locale: 'zh-CN' });
    await engine.accept(event('111', 'u1', { type: 'text', text: '/start' }));
    expect(await engine.processPending()).toBe(0);
    expect(await db().select().from(outbox).where(eq(outbox.chatId, '111'))).toHaveLength(1);
  });

  it('stores and answers a webhook event carrying a NUL character instead of refusing it forever', async () => {
    expect(await engine.accept(event('999', 'nul-1', { type: 'text', text: 'a\u0000b' }))).toEqual({
      duplicate: false,
    });
    await engine.processPending();
    expect(await db().select().from(outbox).where(eq(outbox.chatId, '999'))).toHaveLength(1);
  });

  it("handles a user's pending events in the order they arrived", async () => {
    const steps: InboundEvent['body'][] = [
      { type: 'text', text: 'hi' },
      { type: 'action', action: 'lang:id' },
      { type: 'action', action: 'consent:yes' },
      { type: 'action', action: 'menu:profile' },
      { type: 'text', text: 'Bandung' },
      { type: 'text', text: 'sopir' },
    ];
    for (const [i, body] of steps.entries()) await engine.accept(event('222', `o${i}`, body));
    await engine.processPending();
    expect(await replayMatches(db(), 'telegram:222')).toEqual({ events: 6, mismatches: 0 });
    const [u] = await db().select().from(users).where(eq(users.platformUserId, '222'));
    expect(u).toMatchObject({ locale: 'id', consent: 'given', city: 'Bandung', desiredJob: 'sopir' });
  });

  it("keeps a failing event for a retry and holds that user's later events back, without blocking others", async () => {
    // A payload the engine cannot handle (no body) stands in for a bug or an outage mid-handling.
    await db()
      .insert(inboundEvents)
      .values({
        channel: 'telegram',
        eventId: 'broken',
        userKey: 'telegram:333',
        payload: { channel: 'telegram', userId: '333', chatId: '333' } as unknown as InboundEvent,
      });
    await engine.accept(event('333', 'after-broken', { type: 'text', text: 'hi' }));
    await engine.accept(event('444', 'other-user', { type: 'text', text: 'hi' }));
    await engine.processPending();
    const status = async (id: string) =>
      (await db().select().from(inboundEvents).where(eq(inboundEvents.eventId, id)))[0]!;
    expect(await status('broken')).toMatchObject({ status: 'pending', attempts: 1 });
    expect((await status('after-broken')).status).toBe('pending');
    expect((await status('other-user')).status).toBe('done');
    await engine.processPending();
    await engine.processPending();
    expect(await status('broken')).toMatchObject({ status: 'failed', attempts: 3 });
    await engine.processPending();
    expect((await status('after-broken')).status).toBe('done');
  });

  it('a user whose events the database refuses does not stall the inbox for everyone else', async () => {
    // A user id too long for the users index (and random, so not compressible): the database refuses the user.
    const poison: InboundEvent = {
      channel: 'telegram',
      eventId: 'poison',
      userId: randomBytes(6000).toString('base64'),
      chatId: '1',
      body: { type: 'text', text: 'hi' },
    };
    await db()
      .insert(inboundEvents)
      .values({ channel: 'telegram', eventId: 'poison', userKey: 'telegram:poison', payload: poison });
    await engine.accept(event('1212', 'innocent', { type: 'text', text: 'hi' }));
    await engine.processPending();
    const status = async (id: string) =>
      (await db().select().from(inboundEvents).where(eq(inboundEvents.eventId, id)))[0]!;
    expect((await status('innocent')).status).toBe('done');
    expect(await status('poison')).toMatchObject({ status: 'pending', attempts: 1 });
    expect((await status('poison')).lastError).not.toContain(poison.userId.slice(0, 40));
    await engine.processPending();
    await engine.processPending();
    expect(await status('poison')).toMatchObject({ status: 'failed', attempts: 3 });
    expect(await engine.processPending()).toBe(0);
  });

  it("sends each chat's messages in order, once, with their platform meta", async () => {
    const { sender, sent } = recordingSender();
    while ((await sendDue(db(), [sender])) > 0);
    const texts = sent.filter((s) => s.chatId === '222').map((s) => s.text);
    const stored = await db().select().from(outbox).where(eq(outbox.chatId, '222')).orderBy(asc(outbox.id));
    expect(texts).toEqual(stored.map((r) => (r.reply as { text: string }).text));
    expect(stored.every((r) => r.status === 'sent')).toBe(true);
    expect(await sendDue(db(), [sender])).toBe(0);
  });

  it('waits for retry_after, keeping later messages of the chat behind the failed one', async () => {
    await db().delete(channelLimits); // send slots reserved by the tests before must not hold this one back
    await enqueue(
      db(),
      ['one', 'two', 'three'].map((text) => ({
        channel: 'telegram' as const,
        chatId: '555',
        reply: { type: 'text' as const, text },
      })),
    );
    const { sender, sent } = recordingSender((_row, n) =>
      n === 1 ? { outcome: 'limited', retryAfterMs: 300 } : 'sent',
    );
    // The test's own clock, a second ahead of the database's, moved by hand: no waiting on real time.
    const clock = fakeClock(Date.now() + 1000);
    await sendDue(db(), [sender], undefined, { clock });
    expect(sent.map((s) => s.text)).toEqual(['one']);
    expect(await sendDue(db(), [sender], undefined, { clock })).toBe(0); // 'two' and 'three' wait out retry_after
    clock.advance(400);
    while ((await sendDue(db(), [sender], undefined, { clock })) > 0);
    expect(sent.map((s) => s.text)).toEqual(['one', 'two', 'three']);
    await db().delete(channelLimits); // slots reserved on the test's clock must not hold back the tests after it
  });

  it('marks a user who blocked the bot unreachable and stops trying', async () => {
    await engine.accept(event('666', 'blocker', { type: 'text', text: 'hi' }));
    await engine.processPending();
    await enqueue(db(), [{ channel: 'telegram', chatId: '666', reply: { type: 'text', text: 'later' } }]);
    const { sender, sent } = recordingSender(() => 'unreachable');
    await sendDue(db(), [sender]);
    expect(sent).toHaveLength(0);
    const [u] = await db().select().from(users).where(eq(users.platformUserId, '666'));
    expect(u!.unreachableAt).toBeInstanceOf(Date);
    const rows = await db().select().from(outbox).where(eq(outbox.chatId, '666'));
    expect(rows.map((r) => r.status)).toEqual(['failed', 'failed']);
    expect(await sendDue(db(), [sender])).toBe(0);
  });

  it('gives up on a message after repeated failures and goes on with the next', async () => {
    await enqueue(
      db(),
      ['doomed', 'next'].map((text) => ({
        channel: 'telegram' as const,
        chatId: '777',
        reply: { type: 'text' as const, text },
      })),
    );
    const { sender, sent } = recordingSender((row) =>
      (row.reply as { text: string }).text === 'doomed' ? 'retry' : 'sent',
    );
    const clock = fakeClock();
    for (let i = 0; i < MAX_SEND_ATTEMPTS + 2; i++) {
      await sendDue(db(), [sender], undefined, { clock });
      clock.advance(600_000 * 1.2); // the longest backoff
    }
    await db().delete(channelLimits); // its send slots lie in the fake future
    const rows = await db().select().from(outbox).where(eq(outbox.chatId, '777')).orderBy(asc(outbox.id));
    expect(rows.map((r) => [r.status, r.attempts])).toEqual([
      ['failed', MAX_SEND_ATTEMPTS],
      ['sent', 1],
    ]);
    expect(sent.map((s) => s.text)).toEqual(['next']);
  });

  it('sends a notification at most once per dedup key', async () => {
    const reminder = {
      channel: 'telegram' as const,
      chatId: '888',
      reply: { type: 'text' as const, text: 'fair tomorrow' },
      dedupKey: 'reminder:888:fair-1:day-before',
    };
    await enqueue(db(), [reminder]);
    await enqueue(db(), [reminder]);
    expect(await db().select().from(outbox).where(eq(outbox.chatId, '888'))).toHaveLength(1);
  });
});
