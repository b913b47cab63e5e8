// Job search as a seeker meets it in the web chat: a sentence in their own words, results at once, details, applying,
// and alerts for a saved search — on both databases.
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDueAlerts } from '../../../bot/alerts.js';
import { alertZone, wakingSlot } from '../../../bot/flows/jobs/alerts.js';
import { jobQuerySchema } from '../../../bot/search/query.js';
import { PAGE } from '../../../bot/flows/jobs/index.js';
import { tFor } from '../../../bot/i18n.js';
import { importJobs } from '../../../bot/import/jobs.js';
import { alertedJobs, applications, jobs, savedSearches, searchMisses, users } from '../../../db/schema.js';
import { seedDemo } from '../../../db/seed.js';
import { postChat, startTestBot, type TestBot, type WebMsg, waitFor, webToken, webUserId } from '../../support/bot.js';
import { BACKENDS } from '../../support/databases.js';

type Card = { title: string; lines: string[]; buttons: { label: string; action?: string; url?: string }[] };
const cardsOf = (msgs: WebMsg[]) => msgs.flatMap((m) => (m.cards ?? []) as Card[]);
const textOf = (msgs: WebMsg[]) => msgs.map((m) => m.text ?? '').join('\n');
const actionsOf = (msgs: WebMsg[]) => msgs.flatMap((m) => (m.buttons ?? []).map((b) => b.action ?? b.url ?? ''));
const HOUR = 3_600_000;

describe.each(BACKENDS)('job search in the web chat on %s', (backend) => {
  let t: TestBot;
  const db = () => t.bot.database.db;
  beforeAll(async () => {
    t = await startTestBot(backend, { PUBLIC_URL: 'https://jobs.example.org' });
    await seedDemo(db(), new Date());
  });
  afterAll(async () => {
    await t?.close();
  });

  const chat = (user: string, body: Record<string, unknown>) => postChat(t.url, { user, ...body });
  const onboard = async (user: string, locale: string) => {
    await chat(user, { text: '/start', locale });
    await chat(user, { action: `lang:${locale}` });
    await chat(user, { action: 'consent:yes' });
  };
  const jobId = async (externalId: string) =>
    (await db().select({ id: jobs.id }).from(jobs).where(eq(jobs.externalId, externalId)))[0]!.id;
  const userRow = async (label: string) =>
    (
      await db()
        .select()
        .from(users)
        .where(eq(users.platformUserId, await webUserId(t.url, label)))
    )[0]!;

  it('a sentence naming the work and the place gets the matching jobs in the very next reply', async () => {
    await onboard('zh-seeker', 'zh-CN');
    const r = await chat('zh-seeker', { text: '找重庆的司机工作 月薪6000以上' });
    expect(r.messages[0]!.text).toBe('为您找到这些岗位（司机 · 重庆 · 月薪 ¥6,000 起）：');
    const cards = cardsOf(r.messages);
    expect(cards.map((c) => c.title)).toEqual(['货车司机（4.2米厢式货车）']);
    expect(cards[0]!.lines[1]).toBe('💰 月薪 ¥7,000 - ¥9,000');
    expect(cards[0]!.buttons.map((b) => b.action)).toEqual([
      `jobs:show:${await jobId('demo-job-9')}`,
      `jobs:apply:${await jobId('demo-job-9')}`,
    ]);
    expect(actionsOf(r.messages)).toEqual(expect.arrayContaining(['jobs:refine', 'jobs:save', 'cmd:menu']));

    await onboard('id-seeker', 'id');
    const sopir = await chat('id-seeker', { text: 'cari kerja sopir di Jakarta' });
    expect(cardsOf(sopir.messages).map((c) => c.title)).toEqual(['Sopir Perusahaan']);
  });

  it('asks only for what is missing: the place for a job, the job for a place', async () => {
    await onboard('asker', 'en');
    const cook = await chat('asker', { text: 'cook' });
    expect(cook.messages[0]!.text).toBe('Where would you like to work (cook)? Type a city, or share your location.');
    expect(cardsOf(cook.messages)).toEqual([]);
    const taipei = await chat('asker', { text: 'Taipei' });
    expect(cardsOf(taipei.messages).map((c) => c.title)).toContain('兼職廚師（晚班）');

    const bandung = await chat('asker', { text: 'jobs in Bandung' });
    expect(bandung.messages[0]!.text).toContain('What kind of work are you looking for (Bandung)?');
    const sewing = await chat('asker', { text: 'operator jahit' });
    expect(cardsOf(sewing.messages).map((c) => c.title)).toEqual(['Operator Jahit']);
  });

  it('"Find jobs" puts what the profile asks for first: a driver in Chongqing sees drivers in Chongqing', async () => {
    await onboard('profiled', 'zh-CN');
    await chat('profiled', { action: 'menu:profile' });
    await chat('profiled', { text: '重庆' });
    await chat('profiled', { text: '司机' });
    await chat('profiled', { action: 'profile:skip' });
    expect((await userRow('profiled')).timeZone).toBe('Asia/Shanghai'); // from the gazetteer
    const r = await chat('profiled', { action: 'menu:jobs' });
    expect(cardsOf(r.messages)[0]!.title).toBe('货车司机（4.2米厢式货车）');
  });

  it('shows a job in full, with its place on a map and a link to share', async () => {
    await onboard('details', 'en');
    const id = await jobId('demo-job-9');
    const r = await chat('details', { action: `jobs:show:${id}` });
    const [card] = cardsOf(r.messages);
    expect(card!.lines).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^负责主城区/), // the description
        expect.stringMatching(/^Requirements: C1驾照/),
        expect.stringMatching(/^Benefits: 五险一金/),
      ]),
    );
    expect(card!.buttons).toEqual(
      expect.arrayContaining([
        { label: 'Apply', action: `jobs:apply:${id}` },
        { label: 'Share this job', url: `https://jobs.example.org/?start=job_${id}` },
      ]),
    );
    expect(r.messages.some((m) => (m as { location?: unknown }).location)).toBe(true);
  });

  it('opens a shared job link after onboarding for a newcomer', async () => {
    const id = await jobId('demo-job-26');
    const first = await chat('linked', { text: `/start job_${id}`, locale: 'id' });
    expect(cardsOf(first.messages)).toEqual([]); // the welcome and language come first
    await chat('linked', { action: 'lang:id' });
    const r = await chat('linked', { action: 'consent:yes' });
    expect(cardsOf(r.messages).map((c) => c.title)).toEqual(['Sopir Perusahaan']);
    // An operator's own link may name the job by its external_id.
    const own = await chat('linked', { text: '/start job_demo-job-9' });
    expect(cardsOf(own.messages).map((c) => c.title)).toEqual(['货车司机（4.2米厢式货车）']);
    const none = await chat('linked', { text: '/start job_no-such-job' });
    expect(textOf(none.messages)).toContain(tFor('id')('jobs.gone'));
  });

  it('applies with the phone number the seeker agrees to share, once', async () => {
    await onboard('applicant', 'en');
    const id = await jobId('demo-job-26');
    const ask = await chat('applicant', { action: `jobs:apply:${id}` });
    expect(textOf(ask.messages)).toContain('the employer needs a way to reach you');
    const bad = await chat('applicant', { text: '12345' });
    expect(textOf(bad.messages)).toContain('does not look like a phone number');
    const confirm = await chat('applicant', { text: '+62 812 3456 7890' });
    expect(textOf(confirm.messages)).toContain('Apply for "Sopir Perusahaan" at PT Sinar Jaya Distribusi?');
    expect(textOf(confirm.messages)).toContain('• Phone: +62 812 3456 7890');
    const none = await db().select().from(applications);
    expect(none.filter((a) => a.jobId === id)).toEqual([]); // nothing is sent before "send"
    const sent = await chat('applicant', { action: `jobs:send:${id}` });
    expect(textOf(sent.messages)).toContain('Your application has gone to PT Sinar Jaya Distribusi');
    expect(textOf(sent.messages)).toContain('+62 21 555 0188');
    await chat('applicant', { action: `jobs:send:${id}` }); // the old button again: asks, sends nothing
    const rows = await db().select().from(applications).where(eq(applications.jobId, id));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      channel: 'web',
      jobExternalId: 'demo-job-26',
      shared: { phone: '+6281234567890' },
    });
  });

  it('pages through every open job without showing one twice', async () => {
    await onboard('pager', 'en');
    const seen: string[] = [];
    let r = await chat('pager', { action: 'menu:jobs' });
    for (let page = 0; page < 20; page++) {
      const cards = cardsOf(r.messages);
      expect(cards.length).toBeLessThanOrEqual(PAGE);
      seen.push(...cards.map((c) => c.buttons[0]!.action!));
      if (!actionsOf(r.messages).includes('jobs:more')) break;
      r = await chat('pager', { action: 'jobs:more' });
    }
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toHaveLength(48);
  });

  it('records a search that found nothing without the person, and offers the same work elsewhere', async () => {
    await onboard('misser', 'en');
    const r = await chat('misser', { text: 'welder in Chongqing' });
    expect(r.messages[0]!.text).toBe('No jobs for welder · Chongqing right now. The nearest elsewhere:');
    expect(cardsOf(r.messages).map((c) => c.title)).toEqual(['ช่างเชื่อม (อาร์ก/CO2)']);
    const misses = await db().select().from(searchMisses).where(eq(searchMisses.occupation, 'welder'));
    expect(misses).toEqual([
      expect.objectContaining({
        channel: 'web',
        locale: 'en',
        occupation: 'welder',
        placeId: 'cn-500000',
        keywords: [],
      }),
    ]);
    expect(Object.keys(misses[0]!)).not.toContain('userId');
  });

  it('alerts a saved search to a new matching job once, in waking hours, and "stop" ends it', async () => {
    await onboard('alerted', 'en');
    await chat('alerted', { text: 'driver in Jakarta' });
    const saved = await chat('alerted', { action: 'jobs:save' });
    expect(textOf(saved.messages)).toContain('Saved: driver · Jakarta.');
    const user = await userRow('alerted');
    const [search] = await db().select().from(savedSearches).where(eq(savedSearches.userId, user.id));
    expect(search).toBeDefined();

    const now = Date.now();
    await importJobs(
      db(),
      [
        {
          row: 1,
          record: { external_id: 'new-sopir', title: 'Sopir Ekspedisi', employer: 'PT Baru', city: 'Jakarta Timur' },
        },
      ],
      { now: new Date(now) },
    );
    // Not due yet: nothing happens before an hour has passed.
    await runDueAlerts(db(), new Date(now + 10 * 60_000));
    expect(await db().select().from(alertedJobs).where(eq(alertedJobs.userId, user.id))).toEqual([]);

    // The next morning in the user's zone (UTC here): the alert goes out with the new job, and only it.
    const morning = new Date(now + 24 * HOUR);
    morning.setUTCHours(9, 0, 0, 0);
    await runDueAlerts(db(), morning);
    const token = await webToken(t.url, 'alerted');
    const inbox = async () =>
      (
        (await (await fetch(`${t.url}/api/chat/inbox?user=${encodeURIComponent(token)}`)).json()) as {
          messages: WebMsg[];
        }
      ).messages;
    let pushed: WebMsg[] = [];
    expect(
      await waitFor(async () => {
        pushed = [...pushed, ...(await inbox())];
        return cardsOf(pushed).length > 0;
      }),
    ).toBe(true);
    expect(cardsOf(pushed).map((c) => c.title)).toEqual(['Sopir Ekspedisi']);
    expect(textOf(pushed)).toContain('A new job for your saved search (driver · Jakarta):');

    // Later checks find nothing new: no second alert for the same job.
    await runDueAlerts(db(), new Date(morning.getTime() + 25 * HOUR));
    await runDueAlerts(db(), new Date(morning.getTime() + 50 * HOUR));
    expect(await inbox()).toEqual([]);
    expect(await db().select().from(alertedJobs).where(eq(alertedJobs.userId, user.id))).toHaveLength(1);

    await chat('alerted', { text: 'stop' });
    expect(await db().select().from(savedSearches).where(eq(savedSearches.userId, user.id))).toEqual([]);
  });

  it('"delete my data" leaves no application, saved search or alert record of the person', async () => {
    await onboard('leaver', 'en');
    const id = await jobId('demo-job-24');
    await chat('leaver', { action: `jobs:apply:${id}` });
    await chat('leaver', { text: '+65 8123 4567' });
    await chat('leaver', { action: `jobs:send:${id}` });
    await chat('leaver', { text: 'driver in Singapore' });
    await chat('leaver', { action: 'jobs:save' });
    const user = await userRow('leaver');
    await db().insert(alertedJobs).values({ userId: user.id, jobId: id });
    await chat('leaver', { text: 'delete my data' });
    await chat('leaver', { action: 'delete:yes' });
    expect(await db().select().from(applications).where(eq(applications.userId, user.id))).toEqual([]);
    expect(await db().select().from(savedSearches).where(eq(savedSearches.userId, user.id))).toEqual([]);
    expect(
      await db()
        .select()
        .from(alertedJobs)
        .where(and(eq(alertedJobs.userId, user.id))),
    ).toEqual([]);
  });
});

describe('waking hours', () => {
  it('moves a time between 21:00 and 08:00 in the person’s zone to 08:00 there, and leaves the day alone', () => {
    // 22:30 in Jakarta (UTC+7) → 08:00 the next morning in Jakarta.
    expect(wakingSlot(new Date('2026-12-01T15:30:00Z'), 'Asia/Jakarta').toISOString()).toBe('2026-12-02T01:00:00.000Z');
    // 06:00 in Taipei (UTC+8) → 08:00 the same morning.
    expect(wakingSlot(new Date('2026-12-01T22:00:00Z'), 'Asia/Taipei').toISOString()).toBe('2026-12-02T00:00:00.000Z');
    expect(wakingSlot(new Date('2026-12-01T05:00:00Z'), 'Asia/Manila').toISOString()).toBe('2026-12-01T05:00:00.000Z');
    // An unknown zone is read as UTC, never an error.
    expect(wakingSlot(new Date('2026-12-01T23:00:00Z'), 'Mars/Olympus').toISOString()).toBe('2026-12-02T08:00:00.000Z');
  });
});

describe('the zone an alert keeps to', () => {
  const q = (places: string[]) => jobQuerySchema.parse({ places });
  it("is the person's own, else the searched place's, else their language's", () => {
    expect(alertZone({ timeZone: 'Asia/Taipei', locale: 'id' }, q(['id-jakarta']))).toBe('Asia/Taipei');
    expect(alertZone({ timeZone: 'UTC', locale: 'en' }, q(['id-jakarta']))).toBe('Asia/Jakarta');
    expect(alertZone({ timeZone: 'UTC', locale: 'vi' }, q([]))).toBe('Asia/Ho_Chi_Minh');
    expect(alertZone({ timeZone: 'UTC', locale: 'en' }, q([]))).toBe('UTC');
  });
});
