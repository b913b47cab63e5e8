// The web chat through its HTTP doors, on PGlite and on a real Postgres.
import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enqueue, requeue, takePendingRows } from '../bot/outbox.js';
import { conversations, inboundEvents, outbox, subscriptions, users } from '../db/schema.js';
import { startTestBot, postChat, type TestBot, type WebMsg } from './support/bot.js';
import { BACKENDS } from './support/databases.js';
import { replayMatches } from './support/replay.js';

const all = (msgs: WebMsg[]) => msgs.map((m) => m.text ?? '').join('\n');
const buttons = (msgs: WebMsg[]) => msgs.flatMap((m) => m.buttons ?? []);
const action = (msgs: WebMsg[], re: RegExp) => buttons(msgs).find((b) => b.action && re.test(b.action))?.action;

describe.each(BACKENDS)('web chat on %s', (backend) => {
  let t: TestBot;
  beforeAll(async () => { t = await startTestBot(backend); });
  afterAll(async () => { await t?.close(); });
  const db = () => t.bot.database.db;

  async function onboard(user: string, locale: string, pick: string) {
    const first = await postChat(t.url, { user, text: '/start', locale });
    const lang = await postChat(t.url, { user, action: `lang:${pick}` });
    const done = await postChat(t.url, { user, action: action(lang.messages, /^consent:yes$/) });
    return { first, lang, done };
  }

  it('onboards in Chinese: welcome in the hinted language, consent, main menu', async () => {
    const { first, lang, done } = await onboard('zh-user', 'zh-CN', 'zh-CN');
    expect(all(first.messages)).toContain('你好');
    expect(buttons(first.messages)[0]).toEqual({ label: '简体中文', action: 'lang:zh-CN' });
    expect(all(lang.messages)).toContain('你同意吗');
    expect(all(done.messages)).toContain('主菜单');
    expect(buttons(done.messages).map((b) => b.label)).toEqual(expect.arrayContaining(['🔎 找工作', '📅 招聘会', '⚖️ 法律帮助', '👤 我的资料']));
    const [u] = await db().select().from(users).where(eq(users.platformUserId, 'zh-user'));
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
    expect(buttons(picker.messages).map((b) => b.action)).toEqual(['lang:en', 'lang:id', 'lang:zh-CN', 'lang:zh-TW']);
    const changed = await postChat(t.url, { user: 'switcher', action: 'lang:zh-TW' });
    expect(all(changed.messages)).toContain('繁體中文');
    expect(all((await postChat(t.url, { user: 'switcher', text: 'help' })).messages)).toContain('選單');
  });

  it('collects a profile, re-asking a bad phone number in the user\'s language', async () => {
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
    expect(all(saved.messages)).toMatch(/Kota: Surabaya[\s\S]*sopir truk[\s\S]*\+6281234567890/);
    const [u] = await db().select().from(users).where(eq(users.platformUserId, 'prof'));
    expect(u).toMatchObject({ city: 'Surabaya', desiredJob: 'sopir truk', phone: '+6281234567890' });
  });

  it('"stop" removes every subscription', async () => {
    await onboard('stopper', 'en', 'en');
    const [u] = await db().select().from(users).where(eq(users.platformUserId, 'stopper'));
    await db().insert(subscriptions).values([{ userId: u!.id, kind: 'fair', target: '42' }, { userId: u!.id, kind: 'jobs', target: 'driver' }]);
    const r = await postChat(t.url, { user: 'stopper', text: 'stop' });
    expect(all(r.messages)).toContain('unsubscribed');
    expect((await db().select({ n: count() }).from(subscriptions).where(eq(subscriptions.userId, u!.id)))[0]!.n).toBe(0);
  });

  it('"delete my data" erases the user and everything tied to them, after a confirmation', async () => {
    await onboard('leaver', 'en', 'en');
    await postChat(t.url, { user: 'leaver', action: 'menu:profile' });
    await postChat(t.url, { user: 'leaver', text: 'Taipei' });
    const [u] = await db().select().from(users).where(eq(users.platformUserId, 'leaver'));
    await db().insert(subscriptions).values({ userId: u!.id, kind: 'fair', target: '7' });
    await enqueue(db(), [{ channel: 'web', chatId: 'leaver', userId: u!.id, reply: { type: 'text', text: 'a reminder' } }]);

    const ask = await postChat(t.url, { user: 'leaver', text: 'delete my data' });
    expect(buttons(ask.messages).map((b) => b.action)).toEqual(['delete:yes', 'delete:no']);
    expect(await db().select().from(users).where(eq(users.id, u!.id))).toHaveLength(1);
    const done = await postChat(t.url, { user: 'leaver', action: 'delete:yes' });
    expect(all(done.messages)).toContain('erased');

    expect(await db().select().from(users).where(eq(users.id, u!.id))).toHaveLength(0);
    expect(await db().select().from(conversations).where(eq(conversations.userId, u!.id))).toHaveLength(0);
    expect(await db().select().from(subscriptions).where(eq(subscriptions.userId, u!.id))).toHaveLength(0);
    expect(await db().select().from(outbox).where(eq(outbox.userId, u!.id))).toHaveLength(0);
    const payloads = await db().select({ p: inboundEvents.payload }).from(inboundEvents).where(eq(inboundEvents.userKey, 'web:leaver'));
    expect(payloads.length).toBeGreaterThan(0);
    expect(JSON.stringify(payloads)).not.toContain('Taipei');
    // Coming back starts afresh.
    expect(all((await postChat(t.url, { user: 'leaver', text: 'hi', locale: 'en' })).messages)).toContain('Which language');
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
    const script = ['/start', 'lang:en', 'consent:yes', 'menu', 'menu:profile', 'Jakarta', 'driver', '12', '+62 812 3456 7890', 'help'];
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => {
      const step = script[i % script.length]!;
      return postChat(t.url, { user: 'burst', locale: 'en', id: `b-${i}`, ...(/^[a-z]+:/.test(step) ? { action: step } : { text: step }) });
    }));
    expect(results.map((r) => r.status)).toEqual(Array(20).fill(200));
    expect(results.every((r) => r.messages.length > 0)).toBe(true);
    expect(await replayMatches(db(), 'web:burst')).toEqual({ events: 20, mismatches: 0 });
  });

  it('delivers pushed messages once, through the inbox and the live stream', async () => {
    await onboard('pushed', 'en', 'en');
    await enqueue(db(), [{ channel: 'web', chatId: 'pushed', reply: { type: 'text', text: 'Job fair tomorrow at 9:00' } }]);
    const inbox = await (await fetch(`${t.url}/api/chat/inbox?user=pushed`)).json();
    expect(inbox).toEqual({ messages: [{ text: 'Job fair tomorrow at 9:00' }] });
    expect(await (await fetch(`${t.url}/api/chat/inbox?user=pushed`)).json()).toEqual({ messages: [] });

    const ctrl = new AbortController();
    const res = await fetch(`${t.url}/api/chat/stream?user=pushed`, { signal: ctrl.signal });
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const reader = res.body!.getReader();
    await enqueue(db(), [{ channel: 'web', chatId: 'pushed', reply: { type: 'text', text: 'Your counselor answered', buttons: [{ label: 'Menu', action: 'cmd:menu' }] } }]);
    let got = '';
    while (!got.includes('\n\ndata:') && !got.match(/data: .*counselor/)) got += new TextDecoder().decode((await reader.read()).value);
    ctrl.abort();
    const frame = JSON.parse(/data: (.*)/.exec(got)![1]!);
    expect(frame).toEqual({ messages: [{ text: 'Your counselor answered', buttons: [{ label: 'Menu', action: 'cmd:menu' }] }] });
  });

  it('puts pushes back when the stream that took them could not write them', async () => {
    await enqueue(db(), [{ channel: 'web', chatId: 'requeued', reply: { type: 'text', text: 'Interview at 10:00' } }]);
    const taken = await takePendingRows(db(), 'web', 'requeued');
    expect(await (await fetch(`${t.url}/api/chat/inbox?user=requeued`)).json()).toEqual({ messages: [] });
    await requeue(db(), taken.map((p) => p.id));
    expect(await (await fetch(`${t.url}/api/chat/inbox?user=requeued`)).json()).toEqual({ messages: [{ text: 'Interview at 10:00' }] });
  });

  describe('bad input', () => {
    const raw = (body: string, type = 'application/json') => fetch(`${t.url}/api/chat`, { method: 'POST', headers: { 'content-type': type }, body });
    const eventCount = async () => (await db().select({ n: count() }).from(inboundEvents))[0]!.n;

    it.each([
      ['malformed JSON', '{"user":', 400, /JSON/],
      ['no user', '{"text":"hi"}', 400, /user/],
      ['empty user', '{"user":"  ","text":"hi"}', 400, /user/],
      ['neither text nor action', '{"user":"u"}', 400, /exactly one/],
      ['both text and action', '{"user":"u","text":"a","action":"cmd:menu"}', 400, /exactly one/],
      ['a number for text', '{"user":"u","text":5}', 400, /text/],
      ['a location off the globe', '{"user":"u","location":{"lat":91,"lon":0}}', 400, /lat/],
      ['an array body', '[1,2]', 400, /.+/],
    ])('%s gets a 400 with a reason, and stores nothing', async (_name, body, status, reason) => {
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
      const text = '职位 🚚👷🏽‍♀️ Lowongan <script>alert(1)</script> \'; drop table users; -- '.repeat(150).slice(0, 10_000);
      const r = await postChat(t.url, { user: 'hostile', text });
      expect(r.status).toBe(200);
      expect(all(r.messages)).toContain('抱歉，我没听懂');
      const [stored] = await db().select({ p: inboundEvents.payload }).from(inboundEvents).where(eq(inboundEvents.userKey, 'web:hostile')).orderBy(inboundEvents.id).limit(1).offset(3);
      expect((stored!.p as { body: { text: string } }).body.text).toBe(text);
      expect(await db().select().from(users).where(eq(users.platformUserId, 'hostile'))).toHaveLength(1);
    });

    it('NUL characters and broken surrogates, which Postgres cannot store, cost nothing', async () => {
      const r = await postChat(t.url, { user: 'nul\u0000user', text: 'hi\u0000there \ud800', locale: 'en' });
      expect(r.status).toBe(200);
      expect(JSON.stringify(r.messages)).toContain('Which language');
      const [stored] = await db().select({ p: inboundEvents.payload }).from(inboundEvents).where(eq(inboundEvents.userKey, 'web:nuluser'));
      expect((stored!.p as { body: { text: string } }).body.text).toBe('hithere \ufffd');
    });

    it('a hostile profile answer is refused in the user\'s language and not saved', async () => {
      await onboard('hostile2', 'zh-TW', 'zh-TW');
      await postChat(t.url, { user: 'hostile2', action: 'menu:profile' });
      const r = await postChat(t.url, { user: 'hostile2', text: "Taipei'; drop table users; --" });
      expect(all(r.messages)).toContain('請只傳送城市名稱');
      const [u] = await db().select().from(users).where(eq(users.platformUserId, 'hostile2'));
      expect(u!.city).toBeNull();
    });

    it('inbox and stream need a user', async () => {
      expect((await fetch(`${t.url}/api/chat/inbox`)).status).toBe(400);
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
