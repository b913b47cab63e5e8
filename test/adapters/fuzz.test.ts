// Hostile input at the three doors: real payloads, mutated by fast-check (odd values, NUL, lone surrogates, emoji,
// huge strings, deep nesting, keys dropped and added, bytes cut off), must never get a 5xx nor break the bot for
// the next person. FUZZ_SEED=<n> replays a run (fast-check prints the seed and the smallest failing input);
// FUZZ_BACKEND=postgres runs it on Postgres instead of PGlite.
import { readdirSync, readFileSync } from 'node:fs';
import { isNotNull, sql } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inboundEvents } from '../../db/schema.js';
import { startTestBot, waitFor, type TestBot } from '../support/bot.js';
import type { Backend } from '../support/databases.js';
import { lineEvent, lineIds, lineSignature, startFakeLine, webhook, type FakeLine } from '../support/fake-line.js';
import { startFakeTelegram, TOKEN, type FakeTelegram } from '../support/fake-telegram.js';

const SEED = Number(process.env.FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));
const RUNS = { telegram: 750, line: 650, web: 650 };
const BACKEND: Backend = process.env.FUZZ_BACKEND === 'postgres' ? 'postgres' : 'pglite';
const TG_SECRET = 'fuzz-telegram-secret';
const LINE_SECRET = 'fuzz-line-secret';

const fixtures = (dir: string, skip: RegExp) =>
  readdirSync(new URL(`../fixtures/${dir}/`, import.meta.url))
    .filter((f) => f.endsWith('.json') && !skip.test(f))
    .map((f) => JSON.parse(readFileSync(new URL(`../fixtures/${dir}/${f}`, import.meta.url), 'utf8')) as Node);
const TELEGRAM = fixtures('telegram', /^api_/);
// A press of a button whose long payload waits in the database: callback data "k:<key>", as we send it.
const press = TELEGRAM.find((u) => JSON.stringify(u).includes('"callback_query"')) as { callback_query: object };
TELEGRAM.push({ ...press, callback_query: { ...press.callback_query, data: `k:${'A'.repeat(22)}` } });
const LINE = fixtures('line', /^signature_vectors/);

// --- what a mutation puts in: values a platform would never send, and some it would, in the wrong place ---

const DEEP = /"@@deep:(\d+)@@"/g;
/** Nesting as text: JSON.stringify itself runs out of stack long before 20,000 levels. */
const deepJson = (levels: number) => `${'{"a":['.repeat(levels)}0${']}'.repeat(levels)}`;

// Any UTF-16 units, lone surrogates included (fast-check's own string units never make those).
const utf16 = fc.array(fc.integer({ min: 0, max: 0xffff }), { maxLength: 30 }).map((u) => String.fromCharCode(...u));
const nasty: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(
    '\u0000',
    'k:\u0000',
    '\ud800',
    'a\udfffb',
    '/start\u0000x',
    '👩‍👩‍👧‍👦🇹🇼',
    '',
    ' ',
    `k:${'A'.repeat(22)}`,
    'lang:en',
    'consent:yes',
    'menu:profile',
    '/start fair_\u0000',
    '<script>alert(1)</script>',
    "'); drop table users; --",
    '__proto__',
    'group',
    'user',
    'message',
    'postback',
    'join',
    'text',
    'private',
    'supergroup',
  ),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  utf16,
  fc.integer(),
  fc.double(),
  fc.constantFrom(2 ** 53 + 2, -(2 ** 63), 1e308, -0, 0.5, -1, 0),
  fc.boolean(),
  fc.constant(null),
  fc.constantFrom([], {}),
  fc.array(fc.oneof(fc.string(), fc.integer()), { maxLength: 5 }),
  fc.integer({ min: 20, max: 20_000 }).map((n) => `@@deep:${n}@@`),
  // Past Telegram's 4,096 characters, our 20,000, 64 Ki, and (in UTF-8) Telegram's 256 KB body limit.
  fc.constantFrom(4_097, 20_001, 65_537, 100_000).map((n) => '字'.repeat(n)),
);
const key = fc.oneof(
  fc.string({ maxLength: 8 }),
  fc.constantFrom(
    '__proto__',
    'constructor',
    'update_id',
    'message',
    'callback_query',
    'text',
    'data',
    'type',
    'source',
    'events',
    'replyToken',
    'webhookEventId',
    'user',
  ),
);
/** Appended to strings already there: the payload keeps its shape, so the odd characters go deep into the bot. */
const suffix = fc.oneof(
  fc.constantFrom('\u0000', '\ud800', '\udc00x'),
  fc.constantFrom('👍🏽', '\u202e', '\n\t', '字'.repeat(5_000)),
);
const mutation = fc.record({
  op: fc.constantFrom('set', 'append', 'drop', 'add'),
  at: fc.nat(),
  key,
  value: nasty,
  suffix,
});
type Mutation = typeof mutation extends fc.Arbitrary<infer M> ? M : never;
/** How much of the body to send: all of it mostly, sometimes a cut through the bytes (maybe mid-character). */
const cut = fc.oneof(
  { arbitrary: fc.constant(1), weight: 6 },
  { arbitrary: fc.double({ min: 0, max: 1, noNaN: true }), weight: 1 },
);

type Node = Record<string, unknown> | unknown[];
const isNode = (v: unknown): v is Node => typeof v === 'object' && v !== null;
const own = (
  node: Node,
  k: string,
  value: unknown, // a plain assignment to "__proto__" would set the prototype
) => Object.defineProperty(node, k, { value, enumerable: true, writable: true, configurable: true });

/** Every (container, key) in a document, so that a mutation can pick any field, however deep, with equal chance. */
const fields = (v: unknown, out: [Node, string][] = []): [Node, string][] => {
  if (isNode(v)) for (const k of Object.keys(v)) out.push([v, k], ...fields((v as Record<string, unknown>)[k]));
  return out;
};

function mutate(root: Node, m: Mutation): void {
  const all = fields(root);
  const [node, k] = all.length ? all[m.at % all.length]! : [root, m.key];
  // Own properties only: root["__proto__"] would be Object.prototype, and the fuzzer would pollute it.
  const was = Object.hasOwn(node, k) ? (node as Record<string, unknown>)[k] : undefined;
  const value = structuredClone(m.value); // generated values may be shared between cases
  if (m.op === 'drop') {
    if (Array.isArray(node)) node.splice(Number(k), 1);
    else delete node[k];
  } else if (m.op === 'add') {
    const into = isNode(was) ? was : node;
    if (Array.isArray(into)) into.push(value);
    else own(into, m.key, value);
  } else own(node, k, m.op === 'append' && typeof was === 'string' ? was + m.suffix : value);
}

/** Appends to many strings at once (those whose bit is set in `mask`): the sanitising must hold for every field. */
const appendToMany = (v: Node, { tail, mask }: { tail: string; mask: number }): void => {
  fields(v).forEach(([node, k], i) => {
    const was = (node as Record<string, unknown>)[k];
    if (typeof was === 'string' && (mask >>> (i % 31)) & 1) own(node, k, was + tail);
  });
};

/** A fixture with fresh ids (or every case after the first would be a redelivery), mutated, serialised, maybe cut. */
const mutated = (bases: Node[], fresh: (v: Node) => void) =>
  fc
    .record({
      base: fc.nat({ max: bases.length - 1 }),
      mutations: fc.array(mutation, { maxLength: 4 }),
      many: fc.option(fc.record({ tail: suffix, mask: fc.nat() }), { freq: 4 }),
      cut,
    })
    .map(({ base, mutations, many, cut: keep }) => {
      const value = structuredClone(bases[base]!);
      fresh(value);
      if (many !== null) appendToMany(value, many);
      for (const m of mutations) mutate(value, m);
      const bytes = Buffer.from(JSON.stringify(value).replace(DEEP, (_, n: string) => deepJson(Number(n))));
      return { bytes: bytes.subarray(0, Math.round(bytes.length * keep)) };
    });

let serial = 0;
const nextId = () => ++serial;
const freshTelegram = (u: Node) => {
  if (!Array.isArray(u)) u.update_id = 900_000_000 + nextId();
};
const freshLine = (body: Node) => {
  const events = !Array.isArray(body) && Array.isArray(body.events) ? body.events : [];
  for (const e of events) {
    if (isNode(e) && !Array.isArray(e) && 'webhookEventId' in e) e.webhookEventId = lineIds().eventId;
  }
};

const describeCase = (status: number, bytes: Buffer) =>
  `status ${status} for ${bytes.length} bytes: ${bytes.subarray(0, 600).toString('utf8')}`;

describe(`fuzz: mutated real payloads at the Telegram, LINE and web chat doors (${BACKEND})`, () => {
  let tg: FakeTelegram;
  let line: FakeLine;
  let t: TestBot;
  const statuses = new Map<string, number>();

  beforeAll(async () => {
    [tg, line] = await Promise.all([startFakeTelegram(), startFakeLine()]);
    t = await startTestBot(BACKEND, {
      TELEGRAM_BOT_TOKEN: TOKEN,
      TELEGRAM_WEBHOOK_SECRET: TG_SECRET,
      TELEGRAM_API_ROOT: tg.root,
      LINE_CHANNEL_SECRET: LINE_SECRET,
      LINE_CHANNEL_ACCESS_TOKEN: 'fuzz-token',
      LINE_API_BASE_URL: line.base,
    });
  });
  afterAll(async () => {
    console.log(
      `fuzz seed ${SEED}: ${[...statuses]
        .sort()
        .map(([k, n]) => `${k} ×${n}`)
        .join(', ')}`,
    );
    await t?.close();
    await Promise.all([tg?.close(), line?.close()]);
  });

  const post = (path: string, body: Buffer | string, headers: Record<string, string> = {}) =>
    fetch(`${t.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : new Uint8Array(body),
    });
  const toTelegram = (body: Buffer | string) =>
    post('/webhooks/telegram', body, { 'x-telegram-bot-api-secret-token': TG_SECRET });
  const toLine = (body: Buffer | string) =>
    post('/webhooks/line', body, { 'x-line-signature': lineSignature(LINE_SECRET, body) });
  const options = (numRuns: number) => ({ numRuns, seed: SEED });
  function check(door: string, status: number, bytes: Buffer) {
    statuses.set(`${door} ${status}`, (statuses.get(`${door} ${status}`) ?? 0) + 1);
    expect(status, describeCase(status, bytes)).toBeLessThan(500);
    // Keys like "__proto__" must never reach a prototype: the bot and its libraries share this process.
    const polluted = [...Object.keys(Object.prototype), ...Object.keys(Array.prototype)];
    expect(polluted, describeCase(status, bytes)).toEqual([]);
  }

  it(`gives no 5xx to ${RUNS.telegram} mutated Telegram updates, then answers a newcomer's /start`, async () => {
    await fc.assert(
      fc.asyncProperty(mutated(TELEGRAM, freshTelegram), async ({ bytes }) => {
        check('telegram', (await toTelegram(bytes)).status, bytes);
      }),
      options(RUNS.telegram),
    );

    const chat = 987_654_321;
    const from = { id: chat, is_bot: false, first_name: 'After', language_code: 'en' };
    const start = {
      update_id: 999_999_999,
      message: {
        message_id: 1,
        date: 1,
        from,
        chat: { id: chat, type: 'private' },
        text: '/start',
        entities: [{ offset: 0, length: 6, type: 'bot_command' }],
      },
    };
    expect((await toTelegram(JSON.stringify(start))).status).toBe(200);
    expect(await waitFor(() => tg.sent(chat).some((c) => /Hello/.test(c.params.text ?? '')), 30_000)).toBe(true);
  });

  it(`gives no 5xx to ${RUNS.line} mutated LINE bodies (signed), then answers a newcomer`, async () => {
    await fc.assert(
      fc.asyncProperty(mutated(LINE, freshLine), async ({ bytes }) => {
        check('line', (await toLine(bytes)).status, bytes);
      }),
      options(RUNS.line),
    );

    const follow = lineEvent(lineIds().userId, { type: 'follow' });
    expect((await toLine(JSON.stringify(webhook(follow)))).status).toBe(200);
    // By reply, or by push once the reply token has aged.
    const to = [follow.replyToken, follow.source.userId];
    const welcomed = () => line.sends().some((c) => to.includes(c.params.replyToken ?? c.params.to));
    expect(await waitFor(welcomed, 30_000)).toBe(true);
  });

  /** A server-minted web user where the server mints them, else a plain label (before minting existed). */
  async function webUser(): Promise<string> {
    const res = await post('/api/chat/session', '{}');
    return res.status === 404 ? `fuzz-${nextId()}` : ((await res.json()) as { user: string }).user;
  }

  it(`gives no 5xx to ${RUNS.web} mutated web chat messages (any user), then answers a newcomer`, async () => {
    const user = await webUser();
    const bases = [
      { user, text: 'hello' },
      { user, text: '/start', id: 'm1' },
      { user, action: 'lang:en' },
      { user, action: 'consent:yes' },
      { user, location: { lat: 25.03, lon: 121.56 } },
      { user, text: 'menu', locale: 'zh-TW' },
    ];
    const freshWeb = (b: Node) => {
      if (!Array.isArray(b) && 'id' in b) b.id = `m${nextId()}`;
    };
    await fc.assert(
      fc.asyncProperty(mutated(bases, freshWeb), async ({ bytes }) => {
        check('web', (await post('/api/chat', bytes)).status, bytes);
      }),
      options(RUNS.web),
    );

    const res = await post('/api/chat', JSON.stringify({ user: await webUser(), text: 'hello' }));
    expect(res.status).toBe(200);
    expect(((await res.json()) as { messages: unknown[] }).messages.length).toBeGreaterThan(0);
  });

  it('left no inbound event failing in the worker', async () => {
    const pending = async () =>
      (
        await t.bot.database.db
          .select({ n: sql<number>`count(*)::int` })
          .from(inboundEvents)
          .where(sql`${inboundEvents.status} = 'pending'`)
      )[0]!.n;
    expect(await waitFor(async () => (await pending()) === 0, 30_000)).toBe(true);
    const failing = await t.bot.database.db
      .select({ payload: inboundEvents.payload, error: inboundEvents.lastError })
      .from(inboundEvents)
      .where(isNotNull(inboundEvents.lastError))
      .limit(5);
    expect(failing).toEqual([]);
  });
});
