// Jobs on LINE end to end, through the signed webhook: a free sentence in Chinese finds a driver job in Chongqing as
// a Flex carousel, details with a location message, applying with a typed phone number, a saved search whose alert
// is pushed once and ends with "stop". The test moves the bot's clock on to when the alert is due; the real SDK
// client talks to the recording stand-in of the Messaging API.
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
  lineEvent,
  lineIds,
  postLine,
  startFakeLine,
  webhook,
  type FakeLine,
  type LineEventKind,
} from '../../support/fake-line.js';

const SECRET = 'jobs-channel-secret';
const TOKEN = 'jobs-access-token';
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const ZONE = 'Asia/Shanghai';

const t = tFor('zh-CN');
// The demo's driver in Chongqing (db/demo/jobs.json, demo-job-9), paid 7,000–9,000 a month.
const DEMO = {
  externalId: 'demo-job-9',
  title: '货车司机（4.2米厢式货车）',
  employer: '重庆渝通物流有限公司',
  description: '负责主城区及周边区县的门店配送',
  contact: '023-6588 3101',
};
const NEW_JOB = {
  external_id: 'line-alert-driver-chongqing',
  title: '冷链配送司机',
  employer: '重庆鲜达冷链物流有限公司',
  city: '重庆',
  district: '九龙坡区',
  description: '驾驶冷藏车为超市门店配送生鲜，固定线路。',
  salary_min: 6500,
  salary_max: 8500,
  salary_period: 'month',
  currency: 'CNY',
  employment_type: 'full_time',
  contact: '023-6500 0199',
};

interface Action {
  type: string;
  label?: string;
  data?: string;
  uri?: string;
}
interface Msg {
  type: string;
  text?: string;
  altText?: string;
  contents?: any;
  latitude?: number;
  longitude?: number;
  quickReply?: { items: { type: string; action: Action }[] };
}

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

const textOf = (msgs: Msg[]) => msgs.map((m) => m.text ?? '').join('\n');
/** The postback data of a quick reply labelled `label`, on any of the messages. */
const quick = (msgs: Msg[], label: string) =>
  msgs.flatMap((m) => m.quickReply?.items ?? []).find((i) => i.action.label === label && i.action.type === 'postback')
    ?.action.data;
const hasQuick = (label: string) => (msgs: Msg[]) => quick(msgs, label) !== undefined;
/** Every bubble of the Flex carousels among the messages. */
const bubbles = (msgs: Msg[]): any[] =>
  msgs.filter((m) => m.type === 'flex' && m.contents?.type === 'carousel').flatMap((m) => m.contents.contents);
const bubbleTexts = (b: any): string[] => (b.body?.contents ?? []).map((c: any) => c.text as string);
const bubbleButtons = (b: any): Action[] => (b.footer?.contents ?? []).map((c: any) => c.action as Action);
const bubbleFor = (msgs: Msg[], title: string) => bubbles(msgs).find((b) => bubbleTexts(b)[0] === title);

describe.each(BACKENDS)('LINE jobs (%s)', (backend) => {
  let fake: FakeLine;
  let bot: TestBot;
  let clock: FakeClock;
  beforeAll(async () => {
    clock = drivenClock();
    fake = await startFakeLine();
    bot = await startTestBot(
      backend,
      { LINE_CHANNEL_SECRET: SECRET, LINE_CHANNEL_ACCESS_TOKEN: TOKEN, LINE_API_BASE_URL: fake.base },
      { clock, timers: false },
    );
    await seedDemo(bot.bot.database.db, new Date(clock.now()));
  });
  afterAll(async () => {
    await bot?.close();
    await fake?.close();
  });
  const db = () => bot.bot.database.db;

  /** Messages sent to this user (replies to their events, and pushes) from call `from` on. */
  const sentTo = (userId: string, tokens: Set<string>, from: number): Msg[] =>
    fake
      .sends()
      .slice(from)
      .filter((c) => c.params.to === userId || tokens.has(c.params.replyToken))
      .flatMap((c) => c.params.messages as Msg[]);

  /** A LINE user who acts and waits for the bot's answer. */
  function lineUser() {
    const { userId } = lineIds();
    const tokens = new Set<string>();
    return {
      userId,
      /** Does something in LINE; waits until the messages sent to the user since satisfy `done`; returns them. */
      async act(kind: LineEventKind, done: RegExp | ((msgs: Msg[]) => boolean)): Promise<Msg[]> {
        const event = lineEvent(userId, kind);
        tokens.add(event.replyToken);
        const before = fake.sends().length;
        expect((await postLine(bot.url, SECRET, webhook(event))).status).toBe(200);
        const ok = typeof done === 'function' ? done : (msgs: Msg[]) => done.test(textOf(msgs));
        const since = () => sentTo(userId, tokens, before);
        expect(await waitFor(() => ok(since())), `an answer to ${kind.type} matching ${done}`).toBe(true);
        return since();
      },
      sentSince: (from: number) => sentTo(userId, tokens, from),
    };
  }

  it('finds a driver job in Chongqing from a sentence, shows it, applies with a typed number, and alerts a new one once', async () => {
    const user = lineUser();
    const [demo] = await db().select().from(jobs).where(eq(jobs.externalId, DEMO.externalId));

    // 1. Follow → simplified Chinese → consent.
    const welcome = await user.act({ type: 'follow' }, hasQuick(t('language.name')));
    const consent = await user.act({ type: 'postback', data: quick(welcome, t('language.name'))! }, /您同意吗/);
    expect(textOf(consent)).toBe(t('onboarding.consent'));
    await user.act({ type: 'postback', data: quick(consent, t('onboarding.agree'))! }, hasQuick(t('menu.jobs')));

    // 2. A free sentence at the main menu is a search: a bubble for the demo driver, with details and apply buttons.
    const found = await user.act({ type: 'text', text: '找重庆的司机工作 月薪6000以上' }, hasQuick(t('jobs.save')));
    const card = bubbleFor(found, DEMO.title);
    expect(card, 'a bubble for the Chongqing driver').toBeDefined();
    expect(bubbleTexts(card).join('\n')).toContain(DEMO.employer);
    expect(bubbleTexts(card).join('\n')).toContain('重庆');
    const show = bubbleButtons(card).find((a) => a.label === t('jobs.details'));
    const apply = bubbleButtons(card).find((a) => a.label === t('jobs.apply'));
    expect(show).toMatchObject({ type: 'postback', data: `jobs:show:${demo!.id}` });
    expect(apply).toMatchObject({ type: 'postback', data: `jobs:apply:${demo!.id}` });

    // 3. Details: the description, and a location message at the job.
    const details = await user.act({ type: 'postback', data: show!.data! }, (msgs) =>
      textOf(msgs).includes(t('jobs.whatNext')),
    );
    expect(JSON.stringify(bubbles(details))).toContain(DEMO.description);
    const pin = details.find((m) => m.type === 'location');
    expect(pin, 'a location message').toBeDefined();
    expect(pin!.latitude).toBeCloseTo(demo!.lat!, 4);
    expect(pin!.longitude).toBeCloseTo(demo!.lon!, 4);

    // 4. Apply: no phone in the profile, so it is asked for (LINE cannot share one: it is typed), then confirmed.
    const asked = await user.act({ type: 'postback', data: apply!.data! }, (msgs) =>
      textOf(msgs).includes(t('jobs.needPhone', { example: examplePhone('zh-CN') })),
    );
    expect(asked.flatMap((m) => m.quickReply?.items ?? []).map((i) => i.action.label)).toEqual([t('jobs.cancel')]);
    const confirm = await user.act({ type: 'text', text: '138 0013 8000' }, hasQuick(t('jobs.sendApplication')));
    expect(textOf(confirm)).toBe(
      t('jobs.confirmApply', {
        title: DEMO.title,
        employer: DEMO.employer,
        shared: t('jobs.sharePhone', { phone: '+86 138 0013 8000' }),
      }),
    );
    const sendData = quick(confirm, t('jobs.sendApplication'))!;
    expect(sendData).toBe(`jobs:send:${demo!.id}`);
    const appliedText = t('jobs.applied', { employer: DEMO.employer, contact: DEMO.contact });
    const applied = await user.act({ type: 'postback', data: sendData }, (msgs) =>
      textOf(msgs).includes(DEMO.employer),
    );
    expect(textOf(applied)).toBe(appliedText);

    const [me] = await db()
      .select()
      .from(users)
      .where(and(eq(users.channel, 'line'), eq(users.platformUserId, user.userId)));
    const rows = await db().select().from(applications).where(eq(applications.userId, me!.id));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      jobId: demo!.id,
      jobExternalId: DEMO.externalId,
      employer: DEMO.employer,
      channel: 'line',
      locale: 'zh-CN',
    });
    expect(rows[0]!.shared.phone).toBe('+8613800138000');
    expect(me!.phone).toBe('+8613800138000');

    // The same "send" pressed again (an old message) asks again rather than applying twice.
    const again = await user.act({ type: 'postback', data: sendData }, hasQuick(t('jobs.sendApplication')));
    expect(textOf(again)).not.toContain(appliedText);
    expect(await db().select().from(applications).where(eq(applications.userId, me!.id))).toHaveLength(1);

    // 5. Back to the results, save the search.
    const back = await user.act({ type: 'postback', data: quick(applied, t('jobs.backToResults'))! }, (msgs) =>
      hasQuick(t('jobs.save'))(msgs),
    );
    expect(bubbleFor(back, DEMO.title)).toBeDefined();
    const savedAt = clock.now();
    const saved = await user.act({ type: 'postback', data: quick(back, t('jobs.save'))! }, /08:00[\s\S]*21:00/);
    expect(textOf(saved)).toContain('重庆');
    const [search] = await db().select().from(savedSearches).where(eq(savedSearches.userId, me!.id));
    expect(search, 'a saved search').toBeDefined();
    expect(search!.dueAt.getTime()).toBeGreaterThanOrEqual(savedAt + HOUR);
    expect(inWakingHours(search!.dueAt.getTime(), ZONE)).toBe(true);

    // A new driver job in Chongqing, paid above the floor, comes in after the save.
    const report = await importJobs(db(), [{ row: 1, record: NEW_JOB }], { now: new Date(clock.now()) });
    expect(report).toMatchObject({ inserted: 1, rejected: [] });
    const [fresh] = await db().select().from(jobs).where(eq(jobs.externalId, NEW_JOB.external_id));

    // Past the due time, in waking hours in Shanghai time (and in the zone the bot keeps for the user): the alert is
    // pushed with the new job, once, with a way to stop.
    const zones = [ZONE, me!.timeZone];
    clock.advance(wakingHourFrom(Math.max(search!.dueAt.getTime(), clock.now()), zones) - clock.now());
    expect(search!.dueAt.getTime()).toBeLessThanOrEqual(clock.now());
    const firstRun = clock.now();
    const before = fake.sends().length;
    await runDueAlerts(db(), new Date(clock.now()));
    expect(await waitFor(() => hasQuick(t('jobs.stopAlerts'))(user.sentSince(before))), 'an alert').toBe(true);
    const alert = user.sentSince(before);
    const pushes = fake.sends().slice(before);
    expect(pushes.every((c) => c.path === '/v2/bot/message/push' && c.params.to === user.userId)).toBe(true);
    const alerted = bubbles(alert).filter((b) => bubbleTexts(b)[0] === NEW_JOB.title);
    expect(alerted).toHaveLength(1);
    expect(bubbleTexts(alerted[0]).join('\n')).toContain(NEW_JOB.employer);
    expect(bubbleFor(alert, DEMO.title)).toBeUndefined();
    expect(bubbleButtons(alerted[0])).toContainEqual(
      expect.objectContaining({ type: 'postback', data: `jobs:show:${fresh!.id}` }),
    );
    expect(inWakingHours(clock.now(), ZONE)).toBe(true);

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
      .where(and(eq(inboundEvents.userKey, `line:${user.userId}`), like(inboundEvents.eventId, 'alert:%')));
    expect(alertEvents).toHaveLength(1);

    // "Stop" on the alert ends the saved searches; whatever was queued before it has been sent by then.
    await user.act({ type: 'postback', data: quick(alert, t('jobs.stopAlerts'))! }, (msgs) =>
      textOf(msgs).includes(t('stop.done')),
    );
    expect(await db().select().from(savedSearches).where(eq(savedSearches.userId, me!.id))).toEqual([]);
    const everyBubble = bubbles(user.sentSince(0));
    expect(everyBubble.filter((b) => bubbleTexts(b)[0] === NEW_JOB.title)).toHaveLength(1);
  });
});
