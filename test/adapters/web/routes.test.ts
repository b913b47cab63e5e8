// The web chat through its HTTP doors, on PGlite and on a real Postgres.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tFor } from '../../../bot/i18n.js';
import { enqueue, requeue, takePendingRows } from '../../../bot/outbox.js';
import { openDatabase } from '../../../db/client.js';
import { conversations, inboundEvents, outbox, subscriptions, users } from '../../../db/schema.js';
import {
  postChat,
  sameUsers,
  startTestBot,
  startTestBotOn,
  webToken,
  webUserId,
  type TestBot,
  type WebMsg,
} from '../../support/bot.js';
import { BACKENDS, freshPostgresUrl } from '../../support/databases.js';
import { replayMatches } from '../../support/replay.js';

const zh = tFor('zh-CN');
const all = (msgs: WebMsg[]) => msgs.map((m) => m.text ?? '').join('\n');
const buttons = (msgs: WebMsg[]) => msgs.flatMap((m) => m.buttons ?? []);
const action = (msgs: WebMsg[], re: RegExp) => buttons(msgs).find((b) => b.action && re.test(b.action))?.action;

describe.each(BACKENDS)('web chat on %s', (backend) => {
  let t: TestBot;
  beforeAll(async () => {
    t = await startTestBot(backend);
  });
  afterAll(async () => {
    await t?.close();
  });
  const db = () => t.bot.database.db;
  const id = (label: string) => webUserId(t.url, label);
  const token = (label: string) => webToken(t.url, label);

  async function onboard(user: string, locale: string, pick: string) {
    const first = await postChat(t.url, { user, text: '/start', locale });
    const lang = await postChat(t.url, { user, action: `lang:${pick}` });
    const done = await postChat(t.url, { user, action: action(lang.messages, /^consent:yes$/) });
    return { first, lang, done };
  }

  it('onboards in Chinese: welcome in the hinted language, consent, main menu', async () => {
    const { first, lang, done } = await onboard('zh-user', 'zh-CN', 'zh-CN');
    expect(all(first.messages)).toContain(zh('onboarding.welcome'));
    expect(buttons(first.messages)[0]).toEqual({ label: '简体中文', action: 'lang:zh-CN' });
    expect(all(lang.messages)).toContain(zh('onboarding.consent'));
    expect(all(done.messages)).toContain(zh('menu.title'));
    expect(buttons(done.messages).map((b) => b.label)).toEqual(
      expect.arrayContaining(['🔎 找工作', '📅 招聘会', '⚖️ 法律帮助', '👤 我的资料']),
    );
    const [u] = await db()
      .select()
      .from(users)
      .where(eq(users.platformUserId, await id('zh-user')));
    expect(u).toMatchObject({ channel: 'web', locale: 'zh-CN', consent: 'given' });
    expect(u!.consentAt).toBeInstanceOf(Date);
  });

  it('onboards in Indonesian when the browser says English but the user picks Bahasa, and remembers it', async () => {
    const { first, done } = await onboard('id-user', 'en-US', 'id');
    expect(all(first.messages)).toContain('Hello');
    expect(all(done.messages)).toContain('Menu utama');
    const later = await postChat(t.url, { user: 'id-user', text: 'menu', locale: 'en-US' });
    expect(all(later.messages)).toContain('Menu utama');
  });

  it('switches language on request and keeps it', async () => {
    await onboard('switcher', 'en', 'en');
    const picker = await postChat(t.url, { user: 'switcher', text: 'language' });
    const launch = ['lang:en', 'lang:id', 'lang:zh-CN', 'lang:zh-TW']; // and any languages added since
    expect(buttons(picker.messages).map((b) => b.action)).toEqual(expect.arrayContaining(launch));
    const changed = await postChat(t.url, { user: 'switcher', action: 'lang:zh-TW' });
    expect(all(changed.messages)).toContain('繁體中文');
    expect(all((await postChat(t.url, { user: 'switcher', text: 'help' })).messages)).toContain('選單');
  });

  it("collects a profile, re-asking a bad phone number in the user's language", async () => {
    await onboard('prof', 'id', 'id');
    const q1 = await postChat(t.url, { user: 'prof', action: 'menu:profile' });
    expect(all(q1.messages)).toContain('Di kota mana');
    const bad = await postChat(t.url, { user: 'prof', text: '<img src=x onerror=alert(1)>' });
    expect(all(bad.messages)).toContain('Kirim nama kota saja');
    await postChat(t.url, { user: 'prof', text: 'Surabaya' });
    await postChat(t.url, { user: 'prof', text: 'sopir truk' });
    const badPhone = await postChat(t.url, { user: 'prof', text: 'nomor saya rahasia' });
    expect(all(badPhone.messages)).toContain('bukan nomor telepon');
    const saved = await postChat(t.url, { user: 'prof', text: '+62 812-3456-7890' });
    expect(all(saved.messages)).toMatch(/Kota: Surabaya[\s\S]*sopir truk[\s\S]*\+62 812 3456 7890/);
    const [u] = await db()
      .select()
      .from(users)
      .where(eq(users.platformUserId, await id('prof')));
    expect(u).toMatchObject({ city: 'Surabaya', desiredJob: 'sopir truk', phone: '+6281234567890' });
  });

  it('"stop" removes every subscription', async () => {
    await onboard('stopper', 'en', 'en');
    const [u] = await db()
      .select()
      .from(users)
      .where(eq(users.platformUserId, await id('stopper')));
    await db()
      .insert(subscriptions)
      .values([
        { userId: u!.id, kind: 'fair', target: '42' },
        { userId: u!.id, kind: 'jobs', target: 'driver' },
      ]);
    const r = await postChat(t.url, { user: 'stopper', text: 'stop' });
    expect(all(r.messages)).toContain(tFor('en')('stop.done'));
    expect((await db().select({ n: count() }).from(subscriptions).where(eq(subscriptions.userId, u!.id)))[0]!.n).toBe(
      0,
    );
  });

  it('"delete my data" erases the user and everything tied to them, after a confirmation', async () => {
    await onboard('leaver', 'en', 'en');
    await postChat(t.url, { user: 'leaver', action: 'menu:profile' });
    await postChat(t.url, { user: 'leaver', text: 'Hsinchu' });
    const [u] = await db()
      .select()
      .from(users)
      .where(eq(users.platformUserId, await id('leaver')));
    await db().insert(subscriptions).values({ userId: u!.id, kind: 'fair', target: '7' });
    const chatId = await id('leaver');
    await enqueue(db(), [{ channel: 'web', chatId, userId: u!.id, reply: { type: 'text', text: 'a reminder' } }]);

    const ask = await postChat(t.url, { user: 'leaver', text: 'delete my data' });
    expect(buttons(ask.messages).map((b) => b.action)).toEqual(['delete:yes', 'delete:no']);
    expect(await db().select().from(users).where(eq(users.id, u!.id))).toHaveLength(1);
    expect(ask.json?.erased).toBeUndefined();
    const done = await postChat(t.url, { user: 'leaver', action: 'delete:yes' });
    expect(all(done.messages)).toContain('erased');
    expect(done.json?.erased).toBe(true); // the page forgets its transcript and token on this

    expect(await db().select().from(users).where(eq(users.id, u!.id))).toHaveLength(0);
    expect(await db().select().from(conversations).where(eq(conversations.userId, u!.id))).toHaveLength(0);
    expect(await db().select().from(subscriptions).where(eq(subscriptions.userId, u!.id))).toHaveLength(0);
    expect(await db().select().from(outbox).where(eq(outbox.userId, u!.id))).toHaveLength(0);
    const payloads = await db()
      .select()
      .from(inboundEvents)
      .where(eq(inboundEvents.userKey, `web:${chatId}`));
    expect(payloads).toHaveLength(0); // what is left of the inbox names no one
    const everything = await db().select({ p: inboundEvents.payload }).from(inboundEvents);
    expect(JSON.stringify(everything)).not.toContain('Hsinchu');
    // Coming back starts afresh.
    const again = await postChat(t.url, { user: 'leaver', text: 'hi', locale: 'en' });
    expect(all(again.messages)).toContain('Which language');
    expect(again.json?.erased).toBeUndefined();
  });

  it('answers a repeated client message id with the first answer, once', async () => {
    await onboard('dup', 'en', 'en');
    const before = (await db().select({ n: count() }).from(outbox))[0]!.n;
    const a = await postChat(t.url, { user: 'dup', text: 'help', id: 'client-1' });
    const b = await postChat(t.url, { user: 'dup', text: 'menu', id: 'client-1' });
    expect(a.json?.duplicate).toBeUndefined();
    expect(b.json?.duplicate).toBe(true);
    expect(b.messages).toEqual(a.messages);
    expect((await db().select({ n: count() }).from(outbox))[0]!.n).toBe(before + a.messages.length);
  });

  it('handles a burst of 20 concurrent messages from one user one at a time, in order', async () => {
    const script = [
      '/start',
      'lang:en',
      'consent:yes',
      'menu',
      'menu:profile',
      'Jakarta',
      'driver',
      '12',
      '+62 812 3456 7890',
      'help',
    ];
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => {
        const step = script[i % script.length]!;
        return postChat(t.url, {
          user: 'burst',
          locale: 'en',
          id: `b-${i}`,
          ...(/^[a-z]+:/.test(step) ? { action: step } : { text: step }),
        });
      }),
    );
    expect(results.map((r) => r.status)).toEqual(Array(20).fill(200));
    expect(results.every((r) => r.messages.length > 0)).toBe(true);
    expect(await replayMatches(db(), `web:${await id('burst')}`)).toEqual({ events: 20, mismatches: 0 });
  });

  it('delivers pushed messages once, through the inbox and the live stream', async () => {
    await onboard('pushed', 'en', 'en');
    const [chatId, user] = [await id('pushed'), encodeURIComponent(await token('pushed'))];
    await enqueue(db(), [{ channel: 'web', chatId, reply: { type: 'text', text: 'Job fair tomorrow at 9:00' } }]);
    const inbox = await (await fetch(`${t.url}/api/chat/inbox?user=${user}`)).json();
    expect(inbox).toEqual({ messages: [{ text: 'Job fair tomorrow at 9:00' }] });
    expect(await (await fetch(`${t.url}/api/chat/inbox?user=${user}`)).json()).toEqual({ messages: [] });

    const ctrl = new AbortController();
    const res = await fetch(`${t.url}/api/chat/stream?user=${user}`, { signal: ctrl.signal });
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const reader = res.body!.getReader();
    const menu = [{ label: 'Menu', action: 'cmd:menu' }];
    const reply = { type: 'text' as const, text: 'Your counselor answered', buttons: menu };
    await enqueue(db(), [{ channel: 'web', chatId, reply }]);
    let got = '';
    while (!got.includes('\n\ndata:') && !got.match(/data: .*counselor/))
      got += new TextDecoder().decode((await reader.read()).value);
    ctrl.abort();
    const frame = JSON.parse(/data: (.*)/.exec(got)![1]!);
    expect(frame).toEqual({
      messages: [{ text: 'Your counselor answered', buttons: [{ label: 'Menu', action: 'cmd:menu' }] }],
    });
  });

  it('puts pushes back when the stream that took them could not write them', async () => {
    const [chatId, user] = [await id('requeued'), encodeURIComponent(await token('requeued'))];
    await enqueue(db(), [{ channel: 'web', chatId, reply: { type: 'text', text: 'Interview at 10:00' } }]);
    const taken = await takePendingRows(db(), 'web', chatId);
    expect(await (await fetch(`${t.url}/api/chat/inbox?user=${user}`)).json()).toEqual({ messages: [] });
    await requeue(
      db(),
      taken.map((p) => p.id),
    );
    const inbox = await (await fetch(`${t.url}/api/chat/inbox?user=${user}`)).json();
    expect(inbox).toEqual({ messages: [{ text: 'Interview at 10:00' }] });
  });

  describe('identity', () => {
    const post = (body: unknown, headers: Record<string, string> = {}) =>
      fetch(`${t.url}/api/chat`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify(body),
      });
    const get = (path: string, headers: Record<string, string> = {}) => fetch(`${t.url}${path}`, { headers });
    const session = (init: RequestInit = {}) => fetch(`${t.url}/api/chat/session`, { method: 'POST', ...init });
    const eventCount = async () => (await db().select({ n: count() }).from(inboundEvents))[0]!.n;

    it('POST /api/chat/session mints an unguessable user and sets it as an HttpOnly cookie', async () => {
      const a = await session({ headers: { 'content-type': 'application/json' }, body: '{}' });
      const b = await session(); // no body at all
      const c = await session({ headers: { 'content-type': 'application/json' } }); // labelled JSON, but empty
      expect([a.status, b.status, c.status]).toEqual([200, 200, 200]);
      const [ua, ub] = [((await a.json()) as { user: string }).user, ((await b.json()) as { user: string }).user];
      expect(ua).toMatch(/^[\w-]{22,}\.[\w-]{22,}$/);
      expect(ub).not.toBe(ua);
      expect(a.headers.get('set-cookie')).toBe(`jb_user=${ua}; Path=/; HttpOnly; SameSite=Lax; Max-Age=31536000`);
      const tls = await session({ headers: { 'x-forwarded-proto': 'https' } });
      expect(tls.headers.get('set-cookie')).toMatch(/; Secure$/);
    });

    it('refuses a user the server did not mint, on all three routes, and stores nothing', async () => {
      const before = await eventCount();
      for (const user of ['made-up', 'AAAAAAAAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAAA']) {
        const r = await post({ user, text: 'hi' });
        expect(r.status).toBe(401);
        expect((await r.json()).error).toMatch(/user/);
        expect((await get(`/api/chat/inbox?user=${user}`)).status).toBe(401);
        expect((await get(`/api/chat/stream?user=${user}`)).status).toBe(401);
        expect((await get('/api/chat/stream', { cookie: `jb_user=${user}` })).status).toBe(401);
      }
      expect(await eventCount()).toBe(before);
    });

    it("refuses a forged signature: one character changed, or another user's signature", async () => {
      const [a, b] = [await token('forger-a'), await token('forger-b')];
      const flipped = a.slice(0, -1) + (a.endsWith('A') ? 'B' : 'A');
      const swapped = `${a.split('.')[0]}.${b.split('.')[1]}`;
      for (const user of [flipped, swapped, `${a}x`, a.split('.')[0]!]) {
        expect((await post({ user, text: 'hi' })).status).toBe(401);
        expect((await get(`/api/chat/inbox?user=${encodeURIComponent(user)}`)).status).toBe(401);
      }
      expect((await post({ user: a, text: 'hi', locale: 'en' })).status).toBe(200);
    });

    it('answers garbage in ?user= with a 4xx at once, never a 500 or a stream', async () => {
      for (const q of ['%00', '%20', 'a%00', '%ED%A0%80', 'x&user=y', '.', '%FF%FE']) {
        for (const route of ['inbox', 'stream']) {
          const r = await get(`/api/chat/${route}?user=${q}`, {});
          expect(r.status, `${route}?user=${q}`).toBeGreaterThanOrEqual(400);
          expect(r.status, `${route}?user=${q}`).toBeLessThan(500);
          await r.text(); // the answer ends: no stream was opened
        }
      }
    });

    it('rejects a user or id that cleaning would change, instead of merging it into another', async () => {
      const user = await token('exact');
      const before = await eventCount();
      const bad: Record<string, unknown>[] = [
        { user: `${user}\u0000` },
        { user: `  ${user}  ` },
        { user: `${user}\n` },
        { user, id: 'a\u0000' },
        { user, id: '  b  ' },
        { user, id: '\ud800' },
        { user, id: '\udc00' },
      ];
      for (const body of bad) {
        const r = await post({ ...body, text: 'hi' });
        expect(r.status, JSON.stringify(body)).toBe(400);
        expect((await r.json()).error).toMatch(/^(user|id): must not (contain|start)/);
      }
      expect(await eventCount()).toBe(before);
      // The clean spellings are ordinary, distinct messages.
      const a = await postChat(t.url, { user: 'exact', id: 'a', text: 'hi', locale: 'en' });
      expect(a.json?.duplicate).toBeUndefined();
      expect((await postChat(t.url, { user: 'exact', id: 'b', text: 'hi' })).json?.duplicate).toBeUndefined();
    });

    it("deduplicates client message ids per user: B's \"m1\" after A's gets B's own answer", async () => {
      await onboard('dup-a', 'en', 'en');
      await onboard('dup-b', 'zh-CN', 'zh-CN');
      const a = await postChat(t.url, { user: 'dup-a', text: 'help', id: 'm1' });
      const b = await postChat(t.url, { user: 'dup-b', text: 'menu', id: 'm1' });
      expect(b.json?.duplicate).toBeUndefined();
      expect(all(b.messages)).toContain(zh('menu.title'));
      expect(b.messages).not.toEqual(a.messages);
      expect((await postChat(t.url, { user: 'dup-b', text: 'help', id: 'm1' })).json?.duplicate).toBe(true);
      // Neither the token nor the client's own id is what the database keeps as the event id.
      const ids = (await db().select({ e: inboundEvents.eventId }).from(inboundEvents)).map((r) => r.e);
      expect(ids).not.toContain('m1');
      expect(JSON.stringify(ids)).not.toContain((await token('dup-b')).split('.')[1]);
    });

    it("takes the user from the page's cookie alone: chat, inbox and the live stream", async () => {
      const minted = await session();
      const cookie = minted.headers.get('set-cookie')!.split(';')[0]!;
      const chatId = ((await minted.json()) as { user: string }).user.split('.')[0]!;
      const first = await post({ text: '/start', locale: 'en' }, { cookie });
      expect(first.status).toBe(200);
      expect(JSON.stringify(await first.json())).toContain('Which language');
      expect(await db().select().from(users).where(eq(users.platformUserId, chatId))).toHaveLength(1);

      await enqueue(db(), [{ channel: 'web', chatId, reply: { type: 'text', text: 'From the inbox' } }]);
      const inbox = await (await get('/api/chat/inbox', { cookie })).json();
      expect(inbox).toEqual({ messages: [{ text: 'From the inbox' }] });

      const ctrl = new AbortController();
      const res = await fetch(`${t.url}/api/chat/stream`, { headers: { cookie }, signal: ctrl.signal });
      expect(res.status).toBe(200);
      const reader = res.body!.getReader();
      await enqueue(db(), [{ channel: 'web', chatId, reply: { type: 'text', text: 'Live, by cookie' } }]);
      let got = '';
      while (!got.includes('Live, by cookie')) got += new TextDecoder().decode((await reader.read()).value);
      ctrl.abort();
    });

    it('erasing a cookie user clears the cookie too', async () => {
      const cookie = (await session()).headers.get('set-cookie')!.split(';')[0]!;
      await post({ text: '/start', locale: 'en' }, { cookie });
      await post({ text: 'delete my data', locale: 'en' }, { cookie });
      const done = await post({ action: 'delete:yes' }, { cookie });
      expect(await done.json()).toMatchObject({ erased: true });
      expect(done.headers.get('set-cookie')).toMatch(/^jb_user=; Path=\/; HttpOnly; SameSite=Lax; Max-Age=0/);
    });
  });

  describe('bad input', () => {
    const raw = (body: string, type = 'application/json') =>
      fetch(`${t.url}/api/chat`, { method: 'POST', headers: { 'content-type': type }, body });
    const eventCount = async () => (await db().select({ n: count() }).from(inboundEvents))[0]!.n;

    it.each([
      ['malformed JSON', '{"user":', 400, /JSON/],
      ['no user', '{"text":"hi"}', 401, /user/],
      ['empty user', '{"user":"  ","text":"hi"}', 400, /user/],
      ['neither text nor action', '{"user":"u"}', 400, /exactly one/],
      ['both text and action', '{"user":"u","text":"a","action":"cmd:menu"}', 400, /exactly one/],
      ['a number for text', '{"user":"u","text":5}', 400, /text/],
      ['a location off the globe', '{"user":"u","location":{"lat":91,"lon":0}}', 400, /lat/],
      ['an array body', '[1,2]', 400, /.+/],
    ])('%s gets a %i with a reason, and stores nothing', async (_name, body, status, reason) => {
      const before = await eventCount();
      const r = await raw(body);
      expect(r.status).toBe(status);
      expect((await r.json()).error).toMatch(reason);
      expect(await eventCount()).toBe(before);
    });

    it('a 1 MB body gets a 413 and stores nothing', async () => {
      const before = await eventCount();
      const r = await raw(JSON.stringify({ user: 'big', text: 'x'.repeat(1024 * 1024) }));
      expect(r.status).toBe(413);
      expect(await eventCount()).toBe(before);
    });

    it('a form post gets a 415', async () => {
      expect((await raw('user=u&text=hi', 'application/x-www-form-urlencoded')).status).toBe(415);
    });

    it('10,000 characters of emoji, mixed scripts, HTML and SQL get an ordinary localized answer', async () => {
      await onboard('hostile', 'zh-CN', 'zh-CN');
      const text = "职位 🚚👷🏽‍♀️ Lowongan <script>alert(1)</script> '; drop table users; -- "
        .repeat(150)
        .slice(0, 10_000);
      const r = await postChat(t.url, { user: 'hostile', text });
      expect(r.status).toBe(200);
      expect(all(r.messages)).toContain('抱歉，我没听懂');
      const key = `web:${await id('hostile')}`;
      const [stored] = await db()
        .select({ p: inboundEvents.payload })
        .from(inboundEvents)
        .where(eq(inboundEvents.userKey, key))
        .orderBy(inboundEvents.id)
        .limit(1)
        .offset(3);
      expect((stored!.p as { body: { text: string } }).body.text).toBe(text);
      expect(
        await db()
          .select()
          .from(users)
          .where(eq(users.platformUserId, await id('hostile'))),
      ).toHaveLength(1);
    });

    it('NUL characters and broken surrogates in a text, which Postgres cannot store, cost nothing', async () => {
      const r = await postChat(t.url, { user: 'nul-text', text: 'hi\u0000there \ud800', locale: 'en' });
      expect(r.status).toBe(200);
      expect(JSON.stringify(r.messages)).toContain('Which language');
      const key = `web:${await id('nul-text')}`;
      const [stored] = await db()
        .select({ p: inboundEvents.payload })
        .from(inboundEvents)
        .where(eq(inboundEvents.userKey, key));
      expect((stored!.p as { body: { text: string } }).body.text).toBe('hithere \ufffd');
    });

    it("a hostile profile answer is refused in the user's language and not saved", async () => {
      await onboard('hostile2', 'zh-TW', 'zh-TW');
      await postChat(t.url, { user: 'hostile2', action: 'menu:profile' });
      const r = await postChat(t.url, { user: 'hostile2', text: "Taipei'; drop table users; --" });
      expect(all(r.messages)).toContain(tFor('zh-TW')('profile.badCity'));
      const [u] = await db()
        .select()
        .from(users)
        .where(eq(users.platformUserId, await id('hostile2')));
      expect(u!.city).toBeNull();
    });

    it('inbox and stream need a user', async () => {
      expect((await fetch(`${t.url}/api/chat/inbox`)).status).toBe(401);
      expect((await fetch(`${t.url}/api/chat/stream?user=`)).status).toBe(400);
    });
  });

  it('serves the chat page localized from Accept-Language, and /healthz', async () => {
    const zh = await (await fetch(`${t.url}/`, { headers: { 'accept-language': 'zh-TW,zh;q=0.9,en;q=0.8' } })).text();
    expect(zh).toContain('<html lang="zh-TW">');
    expect(zh).toContain('輸入訊息');
    const id = await (await fetch(`${t.url}/?lang=id`)).text();
    expect(id).toContain('Ketik pesan');
    expect(await (await fetch(`${t.url}/healthz`)).json()).toEqual({ ok: true });
  });
});

describe.each(BACKENDS)('web identities across a restart on %s', (backend) => {
  const dir = mkdtempSync(join(tmpdir(), 'jobbuddy-identity-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('a token minted before a restart still opens the same conversation after it', async () => {
    const url = backend === 'postgres' ? await freshPostgresUrl() : undefined;
    const open = () => openDatabase(url ? { url } : { dataDir: dir });
    const first = await startTestBotOn(await open());
    let second: TestBot | undefined;
    try {
      await postChat(first.url, { user: 'returning', text: '/start', locale: 'en' });
      await postChat(first.url, { user: 'returning', action: 'lang:id' });
      await postChat(first.url, { user: 'returning', action: 'consent:yes' });
      await first.close();
      second = await startTestBotOn(await open());
      sameUsers(first.url, second.url);
      const later = await postChat(second.url, { user: 'returning', text: 'menu' });
      expect(later.status).toBe(200);
      expect(all(later.messages)).toContain('Menu utama');
    } finally {
      await (second ?? first).close().catch(() => {});
    }
  });
});
