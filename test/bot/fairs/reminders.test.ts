// Fair reminders end to end on web, Telegram and LINE: three people register for one fair through their own
// channel; the test moves the bot's clock to a day before it, and each gets exactly one day-before reminder through
// that channel, in their language, with the start time where the fair is and where they are. A move, the two-hour
// reminder at the new time and a cancellation follow, each once. The real SDK clients talk to the local doubles.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runFairNotices } from '../../../bot/fairs/notices.js';
import { span } from '../../../bot/format.js';
import { tFor } from '../../../bot/i18n.js';
import { fairNotices, fairRegistrations, subscriptions, users } from '../../../db/schema.js';
import { postChat, startTestBot, waitFor, webToken, type TestBot } from '../../support/bot.js';
import { BACKENDS } from '../../support/databases.js';
import { drivenClock, type FakeClock } from '../../support/fake-clock.js';
import { lineEvent, lineIds, postLine, startFakeLine, webhook, type FakeLine } from '../../support/fake-line.js';
import { startFakeTelegram, telegramUser, TOKEN, type FakeTelegram } from '../../support/fake-telegram.js';

const HOUR = 3_600_000;
const MINUTE = 60_000;
const ADMIN = 'fair-admin-token';
const LINE_SECRET = 'fair-line-secret';
const TG_SECRET = 'fair-tg-secret';
const FAIR = 'reminder-fair-taipei';
const TITLE = '2026 移工就業博覽會';

describe.each(BACKENDS)('fair reminders on web, Telegram and LINE (%s)', (backend) => {
  let bot: TestBot;
  let clock: FakeClock;
  let tg: FakeTelegram;
  let line: FakeLine;
  let start: Date;
  beforeAll(async () => {
    clock = drivenClock();
    tg = await startFakeTelegram({ now: () => clock.now() });
    line = await startFakeLine();
    bot = await startTestBot(
      backend,
      {
        ADMIN_TOKEN: ADMIN,
        PUBLIC_URL: 'https://jobs.example.org',
        TELEGRAM_BOT_TOKEN: TOKEN,
        TELEGRAM_WEBHOOK_SECRET: TG_SECRET,
        TELEGRAM_API_ROOT: tg.root,
        LINE_CHANNEL_SECRET: LINE_SECRET,
        LINE_CHANNEL_ACCESS_TOKEN: 'fair-line-token',
        LINE_API_BASE_URL: line.base,
      },
      { clock, timers: false },
    );
    // A fair 30 hours from now, in Taipei.
    start = new Date(Math.ceil((clock.now() + 30 * HOUR) / HOUR) * HOUR);
    expect((await importFair(start)).status).toBe(200);
  });
  afterAll(async () => {
    await bot?.close();
    await tg?.close();
    await line?.close();
  });
  const db = () => bot.bot.database.db;
  const end = () => new Date(start.getTime() + 6 * HOUR);

  const importFair = (at: Date, extra: Record<string, unknown> = {}) =>
    fetch(`${bot.url}/api/admin/fairs/import`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
      body: JSON.stringify([
        {
          external_id: FAIR,
          title: TITLE,
          kind: 'offline',
          starts_at: at.toISOString(),
          ends_at: new Date(at.getTime() + 6 * HOUR).toISOString(),
          city: '台北',
          venue: '台北車站一樓大廳',
          address: '台北市中正區北平西路 3 號',
          timezone: 'Asia/Taipei',
          target_groups: ['migrant_workers'],
          ...extra,
        },
      ]),
    });

  // The three people and what reached each of them.
  const web = 'fair-web-user';
  const tgUser = () =>
    telegramUser(
      (update) =>
        fetch(`${bot.url}/webhooks/telegram`, {
          method: 'POST',
          body: JSON.stringify(update),
          headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': TG_SECRET },
        }),
      { message: { from: { id: 8820001, is_bot: false, first_name: 'Siti' }, chat: { id: 8820001, type: 'private' } } },
    );
  const { userId: lineUserId } = lineIds();
  const onLine = async (kind: Parameters<typeof lineEvent>[1]) =>
    expect((await postLine(bot.url, LINE_SECRET, webhook(lineEvent(lineUserId, kind)))).status).toBe(200);

  const webInbox = async () => {
    const token = await webToken(bot.url, web);
    const res = await fetch(`${bot.url}/api/chat/inbox?user=${encodeURIComponent(token)}`);
    return ((await res.json()) as { messages: { text?: string; cards?: { lines: string[] }[] }[] }).messages;
  };
  /** Whether a message LINE delivered to the user since call `from` says this (in a text, a bubble or its alt text). */
  const lineSays = (from: number, needle: string) =>
    line
      .deliveredTo(lineUserId)
      .slice(from)
      .some((c) => JSON.stringify(c.params.messages).includes(JSON.stringify(needle).slice(1, -1)));
  const tgTexts = (from: number) =>
    tg
      .sent('8820001')
      .slice(from)
      .map((c) => String(c.params.text ?? c.params.caption ?? ''));

  it('registers three people through their own channels, each with a ticket', async () => {
    // Web, in traditional Chinese.
    await postChat(bot.url, { user: web, text: '/start' });
    await postChat(bot.url, { user: web, action: 'lang:zh-TW' });
    await postChat(bot.url, { user: web, action: 'consent:yes' });
    const ticket = await postChat(bot.url, { user: web, action: `fairs:register:${FAIR}` });
    const zh = tFor('zh-TW');
    expect(ticket.messages[0]?.text).toBe(zh('fairs.registered', { title: TITLE }));
    const qr = ticket.messages.find((m: any) => m.image) as any;
    const [reg] = await db().select().from(fairRegistrations);
    expect(qr.image.url).toBe(`/tickets/${reg!.code}.png`);
    expect(qr.text).toContain(reg!.code);
    const png = await fetch(`${bot.url}${qr.image.url}`);
    expect(png.status).toBe(200);
    expect(png.headers.get('content-type')).toBe('image/png');
    expect((await fetch(`${bot.url}/tickets/AAAA-BBBB.png`)).status).toBe(404);
    // Registering again (an old button) shows the same ticket.
    const again = await postChat(bot.url, { user: web, action: `fairs:register:${FAIR}` });
    expect((again.messages.find((m: any) => m.image) as any).image.url).toBe(qr.image.url);

    // Telegram, in Indonesian, living in Jakarta (a shared location sets the zone).
    const siti = tgUser();
    await siti.text('/start');
    await siti.press('lang:id');
    await siti.press('consent:yes');
    await siti.location(-6.2, 106.82);
    expect(await waitFor(() => tgTexts(0).some((s) => s.includes(tFor('id')('profile.locationSaved'))))).toBe(true);
    await siti.press(`fairs:register:${FAIR}`);
    expect(await waitFor(() => tg.sent('8820001').some((c) => c.method === 'sendPhoto'))).toBe(true);
    const photo = tg.sent('8820001').find((c) => c.method === 'sendPhoto')!;
    expect(photo.params.photo.filename).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}\.png$/);
    expect(photo.params.caption).toContain(photo.params.photo.filename.replace('.png', ''));

    // LINE, in Vietnamese: the QR code comes as an image LINE fetches from the public https address.
    await onLine({ type: 'follow' });
    await onLine({ type: 'postback', data: 'lang:vi' });
    await onLine({ type: 'postback', data: 'consent:yes' });
    await onLine({ type: 'postback', data: `fairs:register:${FAIR}` });
    const sentImage = () =>
      line
        .sends()
        .flatMap((c) => c.params.messages as any[])
        .find((m) => m.type === 'image');
    expect(await waitFor(() => sentImage() !== undefined)).toBe(true);
    expect(sentImage().originalContentUrl).toMatch(
      /^https:\/\/jobs\.example\.org\/tickets\/[0-9A-Z]{4}-[0-9A-Z]{4}\.png$/,
    );
    expect(await db().select().from(fairRegistrations)).toHaveLength(3);
  });

  it('sends each exactly one day-before reminder, in their language, with the local start time', async () => {
    const tgFrom = tg.sent('8820001').length;
    const lineFrom = line.deliveredTo(lineUserId).length;
    expect(await runFairNotices(db(), new Date(clock.now()))).toBe(0); // 30 h ahead: nothing yet
    clock.advance(start.getTime() - 24 * HOUR + MINUTE - clock.now());
    expect(await runFairNotices(db(), new Date(clock.now()))).toBe(3);
    expect(await runFairNotices(db(), new Date(clock.now()))).toBe(0);

    const id = tFor('id');
    expect(
      await waitFor(() => tgTexts(tgFrom).some((s) => s.includes(id('fairs.remind.day_before', { title: TITLE })))),
    ).toBe(true);
    const tgText = tgTexts(tgFrom).join('\n');
    expect(tgText).toContain(span('id', 'Asia/Taipei', start, end()));
    expect(tgText).toContain(span('id', 'Asia/Jakarta', start, end()));

    const vi = tFor('vi');
    expect(await waitFor(() => lineSays(lineFrom, vi('fairs.remind.day_before', { title: TITLE })))).toBe(true);
    // One call for everyone on LINE who gets the same reminder in the same language.
    expect(line.deliveredTo(lineUserId).slice(lineFrom).at(-1)!.path).toBe('/v2/bot/message/multicast');
    expect(lineSays(lineFrom, span('vi', 'Asia/Taipei', start, end()))).toBe(true);

    const zh = tFor('zh-TW');
    const inbox = await webInbox();
    expect(inbox.map((m) => m.text)).toEqual([zh('fairs.remind.day_before', { title: TITLE })]);
    expect(inbox[0]!.cards![0]!.lines.join('\n')).toContain(span('zh-TW', 'Asia/Taipei', start, end()));

    // Nothing more, however often it runs: the keys are kept for good.
    const kept = await db().select().from(fairNotices).where(eq(fairNotices.kind, 'day_before'));
    expect(kept).toHaveLength(3);
  });

  it('tells each once when the fair moves, then reminds two hours before its new time', async () => {
    const tgFrom = tg.sent('8820001').length;
    const moved = new Date(start.getTime() + 3 * HOUR);
    clock.advance(10 * MINUTE);
    expect((await importFair(moved)).status).toBe(200);
    expect(await runFairNotices(db(), new Date(clock.now()))).toBe(3);
    expect(await runFairNotices(db(), new Date(clock.now()))).toBe(0);
    const zh = tFor('zh-TW');
    expect((await webInbox()).map((m) => m.text)).toEqual([zh('fairs.moved', { title: TITLE })]);
    // The same file imported again is no change.
    expect((await importFair(moved)).status).toBe(200);
    expect(await runFairNotices(db(), new Date(clock.now()))).toBe(0);

    // Two hours before the old time: nothing. Two hours before the new one: the reminder, at the new time.
    clock.advance(start.getTime() - 2 * HOUR + MINUTE - clock.now());
    expect(await runFairNotices(db(), new Date(clock.now()))).toBe(0);
    start = moved;
    clock.advance(start.getTime() - 2 * HOUR + MINUTE - clock.now());
    expect(await runFairNotices(db(), new Date(clock.now()))).toBe(3);
    const inbox = await webInbox();
    expect(inbox.map((m) => m.text)).toEqual([zh('fairs.remind.two_hours', { title: TITLE })]);
    expect(inbox[0]!.cards![0]!.lines.join('\n')).toContain(span('zh-TW', 'Asia/Taipei', start, end()));
    const id = tFor('id');
    expect(
      await waitFor(() => tgTexts(tgFrom).some((s) => s.includes(id('fairs.remind.two_hours', { title: TITLE })))),
    ).toBe(true);
  });

  it('tells each once when it is cancelled; "stop" ends it for the one who said it', async () => {
    const [siti] = await db().select().from(users).where(eq(users.channel, 'telegram'));
    await tgUser().text('stop');
    expect(
      await waitFor(
        async () => (await db().select().from(subscriptions).where(eq(subscriptions.userId, siti!.id))).length === 0,
      ),
    ).toBe(true);
    clock.advance(5 * MINUTE);
    expect((await importFair(start, { status: 'cancelled' })).status).toBe(200);
    expect(await runFairNotices(db(), new Date(clock.now()))).toBe(2);
    expect(await runFairNotices(db(), new Date(clock.now()))).toBe(0);
    expect((await webInbox()).map((m) => m.text)).toEqual([tFor('zh-TW')('fairs.cancelled', { title: TITLE })]);
    const vi = tFor('vi');
    expect(await waitFor(() => lineSays(0, vi('fairs.cancelled', { title: TITLE })))).toBe(true);
    const toSiti = await db().select().from(fairNotices).where(eq(fairNotices.userId, siti!.id));
    expect(toSiti.map((n) => n.kind).sort()).toEqual(['changed:2', 'day_before', 'two_hours']);
  });
});
