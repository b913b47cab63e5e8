// POST /webhooks/line as LINE drives it: signatures over raw bytes, bad bodies, redelivery, groups, every event type.
import { readFileSync } from 'node:fs';
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCALES, tFor } from '../../../bot/i18n.js';
import { inboundEvents } from '../../../db/schema.js';
import { startTestBot, waitFor, type TestBot } from '../../support/bot.js';
import { BACKENDS } from '../../support/databases.js';
import { lineEvent, lineIds, postLine, startFakeLine, webhook, type FakeLine } from '../../support/fake-line.js';

const dir = new URL('../../fixtures/line/', import.meta.url);
const fixture = (name: string) => JSON.parse(readFileSync(new URL(name, dir), 'utf8'));
const rawFixture = (name: string) => readFileSync(new URL(name, dir));
const vectors = fixture('signature_vectors.json').line as {
  channelSecret: string;
  body_file?: string;
  body?: string;
  signature: string;
  negatives?: { signature: string | null }[];
}[];
const emojiGroup = vectors.find((v) => v.body_file?.endsWith('signed_body_emoji_group.nodejs-sdk.raw.json'))!;
const notJson = vectors.find((v) => v.body === 'i am not jason')!;

// The fixtures' secret, so their recorded signatures verify.
const SECRET = emojiGroup.channelSecret;

const postRaw = (url: string, body: Buffer | string, signature: string | null, contentType = 'application/json') =>
  fetch(`${url}/webhooks/line`, {
    method: 'POST',
    headers: { 'content-type': contentType, ...(signature !== null ? { 'x-line-signature': signature } : {}) },
    body: typeof body === 'string' ? body : new Uint8Array(body),
  });

describe.each(BACKENDS)('LINE webhook (%s)', (backend) => {
  let fake: FakeLine;
  let bot: TestBot;
  beforeAll(async () => {
    fake = await startFakeLine();
    bot = await startTestBot(backend, {
      LINE_CHANNEL_SECRET: SECRET,
      LINE_CHANNEL_ACCESS_TOKEN: 'webhook-test-token',
      LINE_API_BASE_URL: fake.base,
    });
  });
  afterAll(async () => {
    await bot?.close();
    await fake?.close();
  });

  const db = () => bot.bot.database.db;
  const repliesTo = (token: string) => fake.sends().filter((c) => c.params.replyToken === token);
  const texts = (calls: { params: Record<string, any> }[]) =>
    calls.flatMap((c) => c.params.messages.map((m: { text?: string }) => m.text ?? ''));
  /** Posts an event and waits until the bot has answered it (by reply or, failing that, by push). */
  async function answered(event: Record<string, any>) {
    expect((await postLine(bot.url, SECRET, webhook(event))).status).toBe(200);
    expect(await waitFor(() => repliesTo(event.replyToken).length > 0)).toBe(true);
    return texts(repliesTo(event.replyToken));
  }

  it('accepts the SDK-signed body byte for byte, and refuses wrong, truncated and missing signatures with 401', async () => {
    const body = rawFixture(emojiGroup.body_file!.replace('line/', ''));
    expect((await postRaw(bot.url, body, emojiGroup.signature)).status).toBe(200);
    for (const bad of emojiGroup.negatives!) {
      const res = await postRaw(bot.url, body, bad.signature);
      expect(res.status, `signature ${bad.signature}`).toBe(401);
      expect(((await res.json()) as { error: string }).error).toMatch(/signature/i);
    }
    // The signature covers the raw bytes: the same JSON re-serialised no longer verifies.
    expect(
      (await postRaw(bot.url, JSON.stringify(JSON.parse(body.toString('utf8')), null, 2), emojiGroup.signature)).status,
    ).toBe(401);
  });

  it('answers 400 with a reason for a validly signed body that is not JSON or not a webhook', async () => {
    const res = await postRaw(bot.url, notJson.body!, notJson.signature, 'text/plain');
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toMatch(/not JSON/);
    for (const body of [{ hello: 'world' }, { events: 'none' }, { events: [{ no: 'type' }] }, [1, 2]]) {
      const r = await postLine(bot.url, SECRET, body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.json?.error).toMatch(/webhook body/);
    }
  });

  it('answers 200 to the verification call with no events, and 413 to a body over 1 MB', async () => {
    expect((await postLine(bot.url, SECRET, fixture('verification_empty_events.official-docs.json'))).status).toBe(200);
    const huge = JSON.stringify(webhook(lineEvent(lineIds().userId, { type: 'text', text: 'x'.repeat(1_100_000) })));
    expect((await postLine(bot.url, SECRET, huge)).status).toBe(413);
    expect((await fetch(`${bot.url}/healthz`)).status).toBe(200);
  });

  it('processes a redelivered event (same webhookEventId) once and sends nothing for it again', async () => {
    const original = fixture('callback_webhook-redelivery.java-sdk.json');
    const { userId, replyToken } = lineIds();
    original.events[0].source.userId = userId;
    original.events[0].replyToken = replyToken;
    original.events[0].deliveryContext.isRedelivery = false;
    expect((await postLine(bot.url, SECRET, original)).status).toBe(200);
    expect(await waitFor(() => repliesTo(replyToken).length > 0)).toBe(true);
    const before = fake.sends().length;

    const redelivered = structuredClone(original);
    redelivered.events[0].deliveryContext.isRedelivery = true;
    expect((await postLine(bot.url, SECRET, redelivered)).status).toBe(200);
    // Events of one user are handled in order: once the next one is answered, a second handling would have shown.
    const next = lineEvent(userId, { type: 'text', text: 'help' });
    expect((await answered(next)).join('\n')).toContain(tFor('en')('help.intro'));
    expect(fake.sends().length).toBe(before + 1);
    const [stored] = await db()
      .select({ n: sql<number>`count(*)::int` })
      .from(inboundEvents)
      .where(eq(inboundEvents.eventId, original.events[0].webhookEventId));
    expect(stored!.n).toBe(1);
  });

  it('stores every event of the python SDK body, although all 28 share one webhookEventId, and ignores the types it has no use for', async () => {
    const body = fixture('webhook_all_event_types.python-sdk.json');
    const userId = lineIds().userId;
    for (const e of body.events) if (e.source?.type === 'user') e.source.userId = userId;
    const fromUser = body.events.filter(
      (e: any) => e.source?.type === 'user' && ['message', 'follow', 'unfollow', 'postback'].includes(e.type),
    ).length;
    const count = async (status?: 'done') => {
      const [r] = await db()
        .select({ n: sql<number>`count(*)::int` })
        .from(inboundEvents)
        .where(and(eq(inboundEvents.userKey, `line:${userId}`), status ? eq(inboundEvents.status, status) : undefined));
      return r!.n;
    };
    expect((await postLine(bot.url, SECRET, body)).status).toBe(200);
    // A webhookEventId that repeats inside one body cannot be a redelivery (LINE redelivers in a new request), so
    // each event is kept; beacon, accountLink, unsend, messageEdited, videoPlayComplete and "undefined" are not.
    expect(await count()).toBe(fromUser);
    expect(await waitFor(async () => (await count('done')) === fromUser)).toBe(true);

    // The same body redelivered adds nothing.
    for (const e of body.events) e.deliveryContext = { isRedelivery: true };
    expect((await postLine(bot.url, SECRET, body)).status).toBe(200);
    expect(await count()).toBe(fromUser);
    expect((await fetch(`${bot.url}/healthz`)).status).toBe(200);
  });

  it('keeps events without a webhookEventId (older bodies) apart by content, and still dedups their redelivery', async () => {
    const { userId } = lineIds();
    const bodies = [
      'callback_text-user.java-sdk.json',
      'callback_location.java-sdk.json',
      'callback_postback.java-sdk.json',
      'callback_sticker-with-text.java-sdk.json',
    ].map((name) => {
      const b = fixture(name);
      b.events[0].source.userId = userId;
      return b;
    });
    for (const b of [...bodies, ...bodies]) expect((await postLine(bot.url, SECRET, b)).status).toBe(200);
    const [r] = await db()
      .select({ n: sql<number>`count(*)::int` })
      .from(inboundEvents)
      .where(eq(inboundEvents.userKey, `line:${userId}`));
    expect(r!.n).toBe(bodies.length);
  });

  it('in a group, answers only when mentioned, once, with the 1:1 notice in every language', async () => {
    const groupId = `C${lineIds().userId.slice(1)}`;
    const plain = fixture('text_mention_emoji_group.official-docs.json'); // mentions @All and someone else, not the bot
    plain.events[0].source.groupId = groupId;
    plain.events[0].replyToken = lineIds().replyToken;
    expect((await postLine(bot.url, SECRET, plain)).status).toBe(200);

    const mentioned = structuredClone(plain);
    const { eventId, replyToken } = lineIds();
    Object.assign(mentioned.events[0], { webhookEventId: eventId, replyToken });
    mentioned.events[0].message.mention.mentionees[1].isSelf = true;
    expect((await postLine(bot.url, SECRET, mentioned)).status).toBe(200);
    expect((await postLine(bot.url, SECRET, mentioned)).status).toBe(200); // redelivered
    expect(await waitFor(() => repliesTo(replyToken).length > 0)).toBe(true);

    const notice = texts(repliesTo(replyToken)).join('\n');
    for (const l of LOCALES) expect(notice).toContain(tFor(l)('line.groupOnly'));
    // Rows of one chat go out in order, so anything queued for the unmentioned message would have gone first.
    expect(
      fake
        .sends()
        .filter(
          (c) =>
            c.params.to === groupId ||
            c.params.replyToken === replyToken ||
            c.params.replyToken === plain.events[0].replyToken,
        ),
    ).toHaveLength(1);
    const [r] = await db()
      .select({ n: sql<number>`count(*)::int` })
      .from(inboundEvents)
      .where(sql`${inboundEvents.userKey} like 'line:%' and ${inboundEvents.payload}::text like ${`%${groupId}%`}`);
    expect(r!.n).toBe(0); // a group never becomes a user
  });

  it('introduces itself with the same notice when added to a group', async () => {
    const all = fixture('webhook_all_event_types.python-sdk.json');
    const join = all.events.find((e: { type: string }) => e.type === 'join');
    const { eventId, replyToken } = lineIds();
    Object.assign(join, { webhookEventId: eventId, replyToken });
    expect((await postLine(bot.url, SECRET, { destination: all.destination, events: [join] })).status).toBe(200);
    expect(await waitFor(() => repliesTo(replyToken).length > 0)).toBe(true);
    expect(texts(repliesTo(replyToken)).join('\n')).toContain(tFor('zh-CN')('line.groupOnly'));
  });

  it('ignores the SDK group body without a mention, and standby-mode messages', async () => {
    const body = rawFixture(emojiGroup.body_file!.replace('line/', ''));
    const standby = fixture('callback_text-group.java-sdk.json');
    expect((await postRaw(bot.url, body, emojiGroup.signature)).status).toBe(200);
    expect((await postLine(bot.url, SECRET, standby)).status).toBe(200);
    const [r] = await db()
      .select({ n: sql<number>`count(*)::int` })
      .from(inboundEvents)
      .where(
        sql`${inboundEvents.payload}::text like '%test_group_id%' or ${inboundEvents.eventId} = 'test_webhook_event_id'`,
      );
    expect(r!.n).toBe(0);
    expect(
      fake.calls.filter((c) => c.params.to === 'test_group_id' || c.params.replyToken === 'test_reply_token'),
    ).toHaveLength(0);
  });

  it('after unfollow sends nothing, and a follow after unblocking welcomes the user back', async () => {
    const { userId } = lineIds();
    await answered(lineEvent(userId, { type: 'follow' }));
    const agreeing = lineEvent(userId, { type: 'postback', data: 'lang:en' });
    await answered(agreeing);
    await answered(lineEvent(userId, { type: 'postback', data: 'consent:yes' }));
    const before = fake.sends().length;
    expect((await postLine(bot.url, SECRET, webhook(lineEvent(userId, { type: 'unfollow' })))).status).toBe(200);
    const back = lineEvent(userId, { type: 'follow' });
    back.follow.isUnblocked = true;
    expect(await answered(back)).toContain(tFor('en')('onboarding.welcomeBack'));
    expect(fake.sends().length).toBe(before + 1);
  });

  it('stores a join event with a NUL in its reply token, and the good events after it in the same body', async () => {
    const all = fixture('webhook_all_event_types.python-sdk.json');
    const join = all.events.find((e: { type: string }) => e.type === 'join');
    const { eventId, replyToken } = lineIds();
    const source = { type: 'group', groupId: `C${eventId}` };
    Object.assign(join, { webhookEventId: eventId, replyToken: `${replyToken}\u0000x`, source });
    const { userId } = lineIds();
    const hello = lineEvent(userId, { type: 'text', text: 'hello' });
    const english = lineEvent(userId, { type: 'postback', data: 'lang:en' });
    for (let i = 0; i < 2; i++) {
      // and its redelivery
      expect((await postLine(bot.url, SECRET, webhook(join, hello, english))).status).toBe(200);
    }
    const bothAnswered = () => repliesTo(hello.replyToken).length > 0 && repliesTo(english.replyToken).length > 0;
    expect(await waitFor(bothAnswered)).toBe(true);
    expect(texts(repliesTo(hello.replyToken))).toContain(tFor('en')('onboarding.welcome'));
    // The notice still goes out, on the token without its NUL, once.
    expect(await waitFor(() => repliesTo(`${replyToken}x`).length > 0)).toBe(true);
    expect(texts(repliesTo(`${replyToken}x`)).join('\n')).toContain(tFor('en')('line.groupOnly'));
    expect(repliesTo(`${replyToken}x`)).toHaveLength(1);
  });

  it("stores other chats' events when one cannot be stored, holds back its chat's later ones, asks for redelivery", async () => {
    const [a, b] = [lineIds().userId, lineIds().userId];
    const a1 = lineEvent(a, { type: 'text', text: 'one' });
    const b1 = lineEvent(b, { type: 'text', text: 'x' });
    const a2 = lineEvent(a, { type: 'text', text: 'two' });
    const engine = bot.bot.engine;
    const accept = engine.accept.bind(engine);
    engine.accept = (e) => (e.eventId === a1.webhookEventId ? Promise.reject(new Error('database away')) : accept(e));
    try {
      expect((await postLine(bot.url, SECRET, webhook(a1, b1, a2))).status).toBe(500);
    } finally {
      engine.accept = accept;
    }
    const ids = async (userId: string) =>
      (
        await db()
          .select({ id: inboundEvents.eventId })
          .from(inboundEvents)
          .where(eq(inboundEvents.userKey, `line:${userId}`))
          .orderBy(inboundEvents.id)
      ).map((r) => r.id);
    expect(await ids(a)).toEqual([]);
    expect(await ids(b)).toEqual([b1.webhookEventId]);
    expect((await postLine(bot.url, SECRET, webhook(a1, b1, a2))).status).toBe(200); // LINE's redelivery
    expect(await ids(a)).toEqual([a1.webhookEventId, a2.webhookEventId]);
    expect(await ids(b)).toEqual([b1.webhookEventId]);
  });

  it('answers fast to an event nested 10,000 levels deep, and handles the events beside it', async () => {
    const { userId } = lineIds();
    // No webhookEventId: the key is a hash of the event, which must not walk 10,000 levels on the stack.
    const { webhookEventId: _id, ...nested } = lineEvent(userId, { type: 'text', text: 'help' });
    nested.message.extra = 'DEEP';
    const next = lineEvent(userId, { type: 'text', text: 'menu' });
    // Written as text: JSON.stringify itself runs out of stack on such a value.
    const deep = `${'{"d":['.repeat(10_000)}0${']}'.repeat(10_000)}`;
    const body = JSON.stringify(webhook(nested, next)).replace('"DEEP"', deep);
    const t0 = Date.now();
    expect([200, 400]).toContain((await postLine(bot.url, SECRET, body)).status);
    expect(Date.now() - t0).toBeLessThan(2_000);
    expect(await waitFor(() => repliesTo(next.replyToken).length > 0)).toBe(true);
    expect((await fetch(`${bot.url}/healthz`)).status).toBe(200);
  });
});
