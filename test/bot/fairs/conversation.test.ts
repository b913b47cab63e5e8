// Job fairs in the web chat, through POST /api/chat against a real database: near me (asked for a location when
// the profile has none; a roving fair's stop counts), this week, online and group lists; a fair's buttons; reminders
// on and off; alerts for new fairs in a city, batched and never in quiet hours; a ticket checked in at the entrance
// once; and "delete my data" taking the ticket and the notices with it. Time is the test's clock.
import { eq } from 'drizzle-orm';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runFairNotices } from '../../../bot/fairs/notices.js';
import { WAKING } from '../../../bot/flows/jobs/alerts.js';
import { tFor } from '../../../bot/i18n.js';
import { fairNotices, fairRegistrations, subscriptions, users } from '../../../db/schema.js';
import { postChat, startTestBot, webToken, webUserId, type TestBot, type WebMsg } from '../../support/bot.js';
import { BACKENDS } from '../../support/databases.js';
import { drivenClock, type FakeClock } from '../../support/fake-clock.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const ADMIN = 'fairs-admin-token-0123456789';
const t = tFor('en');
const SURABAYA = { lat: -7.2575, lon: 112.7521 };
const BANDUNG = { lat: -6.9175, lon: 107.6191 };

type Card = { title: string; lines: string[]; buttons: { label: string; action?: string; url?: string }[] };
const cardsOf = (msgs: WebMsg[]) => msgs.flatMap((m) => (m.cards ?? []) as Card[]);
const titles = (msgs: WebMsg[]) => cardsOf(msgs).map((c) => c.title);
const buttons = (msgs: WebMsg[]) => msgs.flatMap((m) => m.buttons ?? []);

describe.each(BACKENDS)('job fairs in the web chat (%s)', (backend) => {
  let bot: TestBot;
  let clock: FakeClock;
  let now: number;
  beforeAll(async () => {
    clock = drivenClock();
    bot = await startTestBot(backend, { ADMIN_TOKEN: ADMIN }, { clock, timers: false });
    now = clock.now();
    const at = (days: number, hours = 0) => new Date(now + days * DAY + hours * HOUR).toISOString();
    const report = await importFairs([
      {
        external_id: 'sby',
        title: 'Surabaya Job Fair',
        kind: 'offline',
        starts_at: at(3),
        ends_at: at(3, 6),
        city: 'Surabaya',
        venue: 'Grand City Convex',
        address: 'Jl. Walikota Mustajab 1',
        target_groups: ['migrant_workers'],
      },
      {
        external_id: 'web',
        title: 'Graduates Online',
        kind: 'online',
        starts_at: at(2),
        ends_at: at(2, 4),
        timezone: 'Asia/Jakarta',
        url: 'https://example.org/live',
        target_groups: ['graduates'],
      },
      {
        external_id: 'tpe',
        title: 'Taipei Inclusive Fair',
        kind: 'offline',
        starts_at: at(20),
        ends_at: at(20, 6),
        city: 'Taipei',
        target_groups: ['disability'],
      },
      {
        external_id: 'roving',
        title: 'Roving Fair West Java',
        kind: 'roving',
        starts_at: at(5),
        ends_at: at(6, 6),
        timezone: 'Asia/Jakarta',
        stops: [
          { starts_at: at(5), ends_at: at(5, 6), city: 'Jakarta', venue: 'Pasar Minggu' },
          { starts_at: at(6), ends_at: at(6, 6), city: 'Bandung', venue: 'Alun-alun' },
        ],
      },
    ]);
    expect(report).toMatchObject({ inserted: 4, rejected: [] });
  });
  afterAll(async () => {
    await bot?.close();
  });
  const db = () => bot.bot.database.db;
  const importFairs = async (records: object[]) =>
    (await (
      await fetch(`${bot.url}/api/admin/fairs/import`, {
        method: 'POST',
        headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
        body: JSON.stringify(records),
      })
    ).json()) as { inserted: number; rejected: unknown[] };
  const checkIn = (code: string, token: string | null = ADMIN) =>
    fetch(`${bot.url}/api/admin/fairs/checkin`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ code }),
    });
  const say = async (user: string, body: Record<string, unknown>) =>
    (await postChat(bot.url, { user, ...body })).messages;
  const onboard = async (user: string) => {
    await say(user, { text: '/start' });
    await say(user, { action: 'lang:en' });
    await say(user, { action: 'consent:yes' });
  };
  const inbox = async (user: string) => {
    const token = await webToken(bot.url, user);
    return (
      (await (await fetch(`${bot.url}/api/chat/inbox?user=${encodeURIComponent(token)}`)).json()) as {
        messages: WebMsg[];
      }
    ).messages;
  };
  const userRow = async (label: string) =>
    (
      await db()
        .select()
        .from(users)
        .where(eq(users.platformUserId, await webUserId(bot.url, label)))
    )[0]!;

  it('lists fairs near a shared location, this week, online and for a group', async () => {
    await onboard('lister');
    const all = await say('lister', { action: 'menu:fairs' });
    expect(titles(all)).toEqual([
      'Graduates Online',
      'Surabaya Job Fair',
      'Roving Fair West Java',
      'Taipei Inclusive Fair',
    ]);
    expect(buttons(all).map((b) => b.label)).toEqual([
      t('fairs.filter.near'),
      t('fairs.filter.week'),
      t('fairs.filter.online'),
      t('fairs.filter.group'),
      t('fairs.follow.new'),
      t('menu.back'),
    ]);

    // No location or city yet: asked for one, then fairs within reach of it; a roving fair by its stop in Bandung.
    const asked = await say('lister', { action: 'fairs:list:near' });
    expect(asked[0]!.text).toBe(t('fairs.askLocation'));
    expect(asked[0]!.buttons![0]).toEqual({ label: t('profile.shareLocation'), request: 'location' });
    expect(titles(await say('lister', { location: SURABAYA }))).toEqual(['Surabaya Job Fair']);
    await say('lister', { action: 'fairs:list:near' });
    expect(titles(await say('lister', { location: BANDUNG }))).toEqual(['Roving Fair West Java']);

    expect(titles(await say('lister', { action: 'fairs:list:week' }))).toEqual([
      'Graduates Online',
      'Surabaya Job Fair',
      'Roving Fair West Java',
    ]);
    expect(titles(await say('lister', { action: 'fairs:list:online' }))).toEqual(['Graduates Online']);
    const groups = await say('lister', { action: 'fairs:groups' });
    expect(buttons(groups).map((b) => b.action)).toContain('fairs:list:group:disability');
    expect(titles(await say('lister', { action: 'fairs:list:group:disability' }))).toEqual(['Taipei Inclusive Fair']);
    const none = await say('lister', { action: 'fairs:list:group:older_workers' });
    expect(none[0]!.text).toBe(t('fairs.noneFor'));
  });

  it("shows a fair's stops, its map pin and its buttons; reminders go on and off", async () => {
    await onboard('follower');
    const shown = await say('follower', { action: 'fairs:show:roving' });
    const [card] = cardsOf(shown);
    expect(card!.lines.join('\n')).toContain('Pasar Minggu, Jakarta');
    expect(card!.lines.join('\n')).toContain('Alun-alun, Bandung');
    expect(card!.buttons.map((b) => b.action)).toEqual([
      'fairs:register:roving',
      'fairs:follow:roving',
      'jobs:fair:roving',
      'fairs:ics:roving',
    ]);
    const sby = await say('follower', { action: 'fairs:show:sby' });
    expect(sby.some((m: any) => m.location?.title === 'Grand City Convex')).toBe(true);

    expect((await say('follower', { action: 'fairs:follow:sby' }))[0]!.text).toBe(
      t('fairs.following', { title: 'Surabaya Job Fair' }),
    );
    const following = cardsOf(await say('follower', { action: 'fairs:show:sby' }))[0]!;
    expect(following.buttons.map((b) => b.action)).toContain('fairs:unfollow:sby');
    await say('follower', { action: 'fairs:unfollow:sby' });
    const me = await userRow('follower');
    expect(await db().select().from(subscriptions).where(eq(subscriptions.userId, me.id))).toEqual([]);
  });

  it('alerts new fairs in a followed city once a day at most, never in quiet hours', async () => {
    await onboard('alerted');
    const choices = await say('alerted', { action: 'fairs:alerts' });
    expect(buttons(choices).map((b) => b.action)).toContain('fairs:alert:group:disability');
    const done = await say('alerted', { action: 'fairs:alert:city:id-surabaya' });
    expect(done[0]!.text).toContain('Surabaya');

    // Quiet hours in the person's zone (UTC: no city, and English has no usual zone): nothing until morning.
    const hourIn = (ms: number) => DateTime.fromMillis(ms, { zone: 'UTC' }).hour;
    const next = (from: number, ok: (h: number) => boolean) => {
      let at = Math.ceil(from / HOUR) * HOUR + 60_000;
      while (!ok(hourIn(at))) at += HOUR;
      return at;
    };
    clock.advance(next(clock.now(), (h) => h >= WAKING.to || h < WAKING.from) - clock.now());
    const at = (days: number, hours = 0) => new Date(clock.now() + days * DAY + hours * HOUR).toISOString();
    await importFairs([
      {
        external_id: 'sby-2',
        title: 'Surabaya Harbour Jobs',
        kind: 'offline',
        starts_at: at(9),
        ends_at: at(9, 5),
        city: 'Surabaya',
      },
      {
        external_id: 'sby-3',
        title: 'Surabaya Factory Day',
        kind: 'offline',
        starts_at: at(8),
        ends_at: at(8, 5),
        city: 'Kota Surabaya',
      },
      {
        external_id: 'mdn',
        title: 'Medan Job Fair',
        kind: 'offline',
        starts_at: at(8),
        ends_at: at(8, 5),
        city: 'Medan',
      },
    ]);
    expect(await runFairNotices(db(), new Date(clock.now()))).toBe(0);
    clock.advance(next(clock.now(), (h) => h >= WAKING.from && h < WAKING.to) - clock.now());
    expect(await runFairNotices(db(), new Date(clock.now()))).toBe(2);
    const [alert] = await inbox('alerted');
    expect(alert!.text).toBe(t('fairs.newFairs', { count: 2 }));
    expect(titles([alert!])).toEqual(['Surabaya Factory Day', 'Surabaya Harbour Jobs']);

    // Another one the same day waits for tomorrow; then it comes, alone.
    await importFairs([
      {
        external_id: 'sby-4',
        title: 'Surabaya Retail Fair',
        kind: 'offline',
        starts_at: at(10),
        ends_at: at(10, 5),
        city: 'Surabaya',
      },
    ]);
    clock.advance(HOUR);
    expect(await runFairNotices(db(), new Date(clock.now()))).toBe(0);
    clock.advance(next(clock.now() + 20 * HOUR, (h) => h >= WAKING.from && h < WAKING.to) - clock.now());
    expect(await runFairNotices(db(), new Date(clock.now()))).toBe(1);
    expect(titles(await inbox('alerted'))).toEqual(['Surabaya Retail Fair']);
  });

  it('checks a ticket in once at the entrance; a second scan says when it was used', async () => {
    await onboard('visitor');
    await say('visitor', { action: 'fairs:register:tpe' });
    const me = await userRow('visitor');
    const [ticket] = await db().select().from(fairRegistrations).where(eq(fairRegistrations.userId, me.id));
    expect(ticket!.code).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);

    expect((await checkIn(ticket!.code, null)).status).toBe(401);
    expect((await checkIn(ticket!.code, 'wrong-token')).status).toBe(401);
    const first = await checkIn(ticket!.code.toLowerCase().replace('-', ' '));
    expect(first.status).toBe(200);
    const used = (await first.json()) as { status: string; checkedInAt: string; fair: string };
    expect(used).toMatchObject({ status: 'checked_in', fair: 'tpe', code: ticket!.code });
    clock.advance(10 * 60_000);
    const second = await checkIn(ticket!.code);
    expect(second.status).toBe(409);
    expect(await second.json()).toMatchObject({ status: 'already_used', checkedInAt: used.checkedInAt });
    expect((await checkIn('ZZZZ-ZZZZ')).status).toBe(404);

    const list = (await (
      await fetch(`${bot.url}/api/admin/fairs/tpe/registrations`, { headers: { authorization: `Bearer ${ADMIN}` } })
    ).json()) as { registered: number; checked_in: number };
    expect(list).toMatchObject({ registered: 1, checked_in: 1 });

    // The person sees it too.
    const again = await say('visitor', { action: 'fairs:ticket:tpe' });
    expect(again.some((m) => m.text?.startsWith(t('fairs.ticketUsed', { at: '' }).trim().slice(0, 20)))).toBe(true);
  });

  it("shows a fair's time in the browser's zone too, until the person says where they are", async () => {
    await say('in-taipei', { text: '/start', timeZone: 'Asia/Taipei' });
    await say('on-mars', { text: '/start', timeZone: 'Mars/Olympus_Mons' });
    expect((await userRow('in-taipei')).timeZone).toBe('Asia/Taipei');
    expect((await userRow('on-mars')).timeZone).toBe('UTC');
    for (const label of ['in-taipei']) {
      await say(label, { action: 'lang:en' });
      await say(label, { action: 'consent:yes' });
    }
    const [card] = cardsOf(await say('in-taipei', { action: 'fairs:show:web' }));
    // The online fair is in Jakarta's zone; the person's own comes second.
    expect(card!.lines[0]).toMatch(/^📅 .*\(Jakarta Time\)$/);
    expect(card!.lines[1]).toMatch(/^🕒 .*\(Taiwan Time\)$/);
  });

  it('"delete my data" takes the ticket, the follows and the notices too', async () => {
    const me = await userRow('visitor');
    const alerted = await userRow('alerted');
    expect((await db().select().from(fairNotices).where(eq(fairNotices.userId, alerted.id))).length).toBe(3);
    for (const label of ['visitor', 'alerted']) {
      await say(label, { text: 'delete my data' });
      await say(label, { action: 'delete:yes' });
    }
    expect(await db().select().from(fairRegistrations).where(eq(fairRegistrations.userId, me.id))).toEqual([]);
    expect(await db().select().from(subscriptions).where(eq(subscriptions.userId, me.id))).toEqual([]);
    expect(await db().select().from(fairNotices).where(eq(fairNotices.userId, alerted.id))).toEqual([]);
    expect((await checkIn('ZZZZ-ZZZZ')).status).toBe(404);
  });
});
