// Jobs on Telegram end to end, through the webhook: a free sentence finds a driver job in Jakarta, details with the
// map pin, applying with a shared contact, a saved search whose alert comes once and ends with "stop". The test moves
// the bot's clock on to when the alert is due; the real grammY client talks to the recording stand-in of the Bot API.
import { and, eq, like } from 'drizzle-orm';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDueAlerts } from '../../../bot/alerts.js';
import { WAKING } from '../../../bot/flows/jobs/alerts.js';
import { examplePhone } from '../../../bot/flows/profile/validate.js';
import { tFor } from '../../../bot/i18n.js';
import { importJobs } from '../../../bot/import/jobs.js';
import { applications, inboundEvents, jobs, savedSearches, users } from '../../../db/schema.js';
import { seedDemo } from '../../../db/seed.js';
import { startTestBot, waitFor, type TestBot } from '../../support/bot.js';
import { BACKENDS } from '../../support/databases.js';
import { drivenClock, type FakeClock } from '../../support/fake-clock.js';
import {
  keyboardOf,
  startFakeTelegram,
  telegramUser,
  TOKEN,
  type FakeCall,
  type FakeTelegram,
} from '../../support/fake-telegram.js';

const SECRET = 'tg-jobs-secret';
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const ZONE = 'Asia/Jakarta';

const t = tFor('id');
// The demo's driver in Jakarta (db/demo/jobs.json, demo-job-26).
const DEMO = {
  externalId: 'demo-job-26',
  title: 'Sopir Perusahaan',
  employer: 'PT Sinar Jaya Distribusi',
  description: 'Mengantar barang dan staf kantor di area Jabodetabek',
  contact: '+62 21 555 0188',
};
const NEW_JOB = {
  external_id: 'tg-alert-sopir-jakarta',
  title: 'Sopir Operasional Kantor',
  employer: 'PT Uji Angkutan Nusantara',
  city: 'Jakarta',
  district: 'Jakarta Timur',
  description: 'Mengantar direksi dan dokumen kantor di Jakarta dengan mobil perusahaan.',
  salary_min: 5_000_000,
  salary_max: 6_000_000,
  salary_period: 'month',
  currency: 'IDR',
  employment_type: 'full_time',
  contact: '+62 21 555 0199',
};

const lit = (s: string) => new RegExp(s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
const inWakingHours = (ms: number, zone: string) => {
  const hour = DateTime.fromMillis(ms, { zone }).hour;
  return hour >= WAKING.from && hour < WAKING.to;
};
/** The first whole hour at or after `from` that is waking time in every zone given. */
const wakingHourFrom = (from: number, zones: string[]) => {
  let at = Math.ceil(from / HOUR) * HOUR;
  while (!zones.every((z) => inWakingHours(at, z))) at += HOUR;
  return at;
};

describe.each(BACKENDS)('Telegram jobs on %s', (backend) => {
  let fake: FakeTelegram;
  let bot: TestBot;
  let clock: FakeClock;
  beforeAll(async () => {
    clock = drivenClock();
    fake = await startFakeTelegram({ now: () => clock.now() });
    bot = await startTestBot(
      backend,
      { TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_WEBHOOK_SECRET: SECRET, TELEGRAM_API_ROOT: fake.root },
      { clock, timers: false },
    );
    await seedDemo(bot.bot.database.db, new Date(clock.now()));
  });
  afterAll(async () => {
    await bot?.close();
    await fake?.close();
  });
  const db = () => bot.bot.database.db;
  const post = (update: unknown) =>
    fetch(`${bot.url}/webhooks/telegram`, {
      method: 'POST',
      body: JSON.stringify(update),
      headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': SECRET },
    });

  /** Sends something, waits until the calls to the chat since satisfy `done`; returns those calls. */
  async function exchange(
    chatId: string,
    send: () => Promise<Response>,
    done: RegExp | ((calls: FakeCall[]) => boolean),
  ): Promise<FakeCall[]> {
    const before = fake.sent(chatId).length;
    expect((await send()).status).toBe(200);
    const since = () => fake.sent(chatId).slice(before);
    const ok = typeof done === 'function' ? done : (calls: FakeCall[]) => calls.some((c) => done.test(c.params.text));
    expect(await waitFor(() => ok(since())), `no reply matching ${done}`).toBe(true);
    return since();
  }
  const button = (calls: FakeCall[], label: string) =>
    calls.flatMap(keyboardOf).find((b) => b.text === label && b.callback_data !== undefined)?.callback_data;
  const hasButton = (label: string) => (calls: FakeCall[]) => button(calls, label) !== undefined;
  /** The details and apply buttons of the card titled `title` in a results message (cards are numbered when several). */
  function cardButtons(call: FakeCall, title: string) {
    const block = (call.params.text as string).split('\n\n').find((b) => b.replace(/^\d+\. /, '').startsWith(title));
    expect(block, `a card for ${title}`).toBeDefined();
    const prefix = /^\d+\. /.exec(block!)?.[0] ?? '';
    const keys = keyboardOf(call);
    return {
      block: block!,
      show: keys.find((b) => b.text === `${prefix}${t('jobs.details')}`)?.callback_data,
      apply: keys.find((b) => b.text === `${prefix}${t('jobs.apply')}`)?.callback_data,
    };
  }

  it('finds a driver job in Jakarta from a sentence, shows it, applies with a shared contact, and alerts a new one once', async () => {
    const from = { id: 8810001, is_bot: false, first_name: 'Budi', language_code: 'id' };
    const user = telegramUser(post, { message: { from, chat: { id: 8810001, type: 'private' } } });
    const chat = user.id;
    const [demo] = await db().select().from(jobs).where(eq(jobs.externalId, DEMO.externalId));

    // 1. Onboarding in Indonesian, from the language Telegram says the user speaks.
    const welcome = await exchange(chat, () => user.text('/start'), lit(t('onboarding.welcome')));
    const consent = await exchange(
      chat,
      () => user.press(button(welcome, t('language.name'))!),
      lit(t('onboarding.consent')),
    );
    await exchange(chat, () => user.press(button(consent, t('onboarding.agree'))!), lit(t('menu.title')));

    // 2. A free sentence at the main menu is a search: a card for the demo driver, with details and apply buttons.
    const found = await exchange(chat, () => user.text('cari kerja sopir di Jakarta'), hasButton(t('jobs.save')));
    const cards = found.find((c) => (c.params.text as string).includes(DEMO.title))!;
    expect(cards, 'a results message with the Jakarta driver').toBeDefined();
    const card = cardButtons(cards, DEMO.title);
    expect(card.block).toContain(DEMO.employer);
    expect(card.block).toContain('Jakarta');
    expect(card.show).toBe(`jobs:show:${demo!.id}`);
    expect(card.apply).toBe(`jobs:apply:${demo!.id}`);

    // 3. Details: the description, and the job's place as a pin.
    const details = await exchange(chat, () => user.press(card.show!), lit(t('jobs.whatNext')));
    expect(details.map((c) => c.params.text ?? '').join('\n')).toContain(DEMO.description);
    const pin = details.find((c) => c.method === 'sendLocation' || c.method === 'sendVenue');
    expect(pin, 'a location message').toBeDefined();
    expect(Number(pin!.params.latitude)).toBeCloseTo(demo!.lat!, 4);
    expect(Number(pin!.params.longitude)).toBeCloseTo(demo!.lon!, 4);

    // 4. Apply: no phone in the profile, so it is asked for; the user shares their own contact (Telegram sends its
    // digits without a plus).
    const asked = await exchange(
      chat,
      () => user.press(card.apply!),
      lit(t('jobs.needPhone', { example: examplePhone('id') })),
    );
    expect(keyboardOf(asked.at(-1))).toContainEqual({ text: t('profile.sharePhone'), request_contact: true });
    const confirm = await exchange(chat, () => user.ownContact('6281234567890'), hasButton(t('jobs.sendApplication')));
    expect(confirm.at(-1)!.params.text).toBe(
      t('jobs.confirmApply', {
        title: DEMO.title,
        employer: DEMO.employer,
        shared: t('jobs.sharePhone', { phone: '+62 812 3456 7890' }),
      }),
    );
    const sendData = button(confirm, t('jobs.sendApplication'))!;
    expect(sendData).toBe(`jobs:send:${demo!.id}`);
    const applied = await exchange(chat, () => user.press(sendData), lit(DEMO.employer));
    const appliedText = t('jobs.applied', { employer: DEMO.employer, contact: DEMO.contact });
    expect(applied.map((c) => c.params.text)).toContain(appliedText);

    const [me] = await db()
      .select()
      .from(users)
      .where(and(eq(users.channel, 'telegram'), eq(users.platformUserId, chat)));
    const rows = await db().select().from(applications).where(eq(applications.userId, me!.id));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      jobId: demo!.id,
      jobExternalId: DEMO.externalId,
      employer: DEMO.employer,
      channel: 'telegram',
      locale: 'id',
    });
    expect(rows[0]!.shared.phone).toBe('+6281234567890');
    expect(me!.phone).toBe('+6281234567890');

    // The same "send" pressed again (an old message) asks again rather than applying twice.
    const again = await exchange(chat, () => user.press(sendData), hasButton(t('jobs.sendApplication')));
    expect(again.map((c) => c.params.text)).not.toContain(appliedText);
    expect(await db().select().from(applications).where(eq(applications.userId, me!.id))).toHaveLength(1);

    // 5. Back to the results, save the search.
    const back = await exchange(
      chat,
      () => user.press(button(applied, t('jobs.backToResults'))!),
      hasButton(t('jobs.save')),
    );
    expect(back.map((c) => c.params.text).join('\n')).toContain(DEMO.title);
    const savedAt = clock.now();
    const saved = await exchange(chat, () => user.press(button(back, t('jobs.save'))!), /08:00[\s\S]*21:00/);
    expect(saved.at(-1)!.params.text).toContain('Jakarta');
    const [search] = await db().select().from(savedSearches).where(eq(savedSearches.userId, me!.id));
    expect(search, 'a saved search').toBeDefined();
    expect(search!.dueAt.getTime()).toBeGreaterThanOrEqual(savedAt + HOUR);
    expect(inWakingHours(search!.dueAt.getTime(), ZONE)).toBe(true);

    // A new driver job in Jakarta comes in after the save.
    const report = await importJobs(db(), [{ row: 1, record: NEW_JOB }], { now: new Date(clock.now()) });
    expect(report).toMatchObject({ inserted: 1, rejected: [] });
    const [fresh] = await db().select().from(jobs).where(eq(jobs.externalId, NEW_JOB.external_id));

    // Past the due time, in waking hours in Jakarta (and in the zone the bot keeps for the user): the alert names the
    // new job, once, with a way to stop.
    const zones = [ZONE, me!.timeZone];
    clock.advance(wakingHourFrom(Math.max(search!.dueAt.getTime(), clock.now()), zones) - clock.now());
    expect(search!.dueAt.getTime()).toBeLessThanOrEqual(clock.now());
    const firstRun = clock.now();
    const before = fake.sent(chat).length;
    await runDueAlerts(db(), new Date(clock.now()));
    const since = () => fake.sent(chat).slice(before);
    expect(await waitFor(() => hasButton(t('jobs.stopAlerts'))(since())), 'an alert').toBe(true);
    const alertCalls = since();
    const alerts = alertCalls.filter((c) => (c.params.text ?? '').includes(NEW_JOB.title));
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.params.text).toContain(NEW_JOB.employer);
    expect(alerts[0]!.params.text).not.toContain(DEMO.title);
    expect(inWakingHours(alerts[0]!.at, ZONE)).toBe(true);
    expect(keyboardOf(alerts[0])).toContainEqual({ text: t('jobs.details'), callback_data: `jobs:show:${fresh!.id}` });

    // The next day, when the search is due again: it is looked at, nothing is new, so nothing is sent.
    const [next] = await db().select().from(savedSearches).where(eq(savedSearches.userId, me!.id));
    expect(next!.dueAt.getTime()).toBeGreaterThanOrEqual(firstRun + DAY);
    clock.advance(wakingHourFrom(next!.dueAt.getTime(), zones) - clock.now());
    await runDueAlerts(db(), new Date(clock.now()));
    const [later] = await db().select().from(savedSearches).where(eq(savedSearches.userId, me!.id));
    expect(later!.dueAt.getTime(), 'the search was checked again').toBeGreaterThan(clock.now());
    const alertEvents = await db()
      .select()
      .from(inboundEvents)
      .where(and(eq(inboundEvents.userKey, `telegram:${chat}`), like(inboundEvents.eventId, 'alert:%')));
    expect(alertEvents).toHaveLength(1);

    // "Stop" on the alert ends the saved searches; whatever was queued before it has been sent by then.
    await exchange(chat, () => user.press(button(alertCalls, t('jobs.stopAlerts'))!), lit(t('stop.done')));
    expect(await db().select().from(savedSearches).where(eq(savedSearches.userId, me!.id))).toEqual([]);
    expect(fake.sent(chat).filter((c) => (c.params.text ?? '').includes(NEW_JOB.title))).toHaveLength(1);
  });
});
