// Jobs and fairs as cards through the web chat, with amounts and dates in the user's locale.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fairs, jobs } from '../../../db/schema.js';
import { seedDemo } from '../../../db/seed.js';
import { postChat, startTestBot, type TestBot } from '../../support/bot.js';
import { BACKENDS } from '../../support/databases.js';

type Card = { title: string; lines: string[]; buttons: { label: string; url?: string }[] };
const cardsOf = (msgs: { cards?: unknown[] }[]) => msgs.flatMap((m) => (m.cards ?? []) as Card[]);
const DAY = 86_400_000;

describe.each(BACKENDS)('job and fair cards on %s', (backend) => {
  let t: TestBot;
  beforeAll(async () => {
    t = await startTestBot(backend);
    const now = new Date();
    await seedDemo(t.bot.database.db, now);
    await t.bot.database.db.insert(fairs).values({
      externalId: 'past-fair',
      title: "Last month's fair",
      kind: 'offline',
      startsAt: new Date(now.getTime() - 30 * DAY),
      endsAt: new Date(now.getTime() - 30 * DAY + 3600_000),
    });
    await t.bot.database.db.insert(jobs).values({
      externalId: 'expired-job',
      title: 'Expired job',
      employer: 'Gone Ltd',
      city: 'Nowhere',
      expiresAt: new Date(now.getTime() - DAY),
    });
  });
  afterAll(async () => {
    await t?.close();
  });

  const onboard = async (user: string, locale: string) => {
    await postChat(t.url, { user, text: '/start', locale });
    await postChat(t.url, { user, action: `lang:${locale}` });
    await postChat(t.url, { user, action: 'consent:yes' });
  };

  it('"Find jobs" shows the newest open jobs with pay in the user\'s locale, never expired ones', async () => {
    await onboard('jobs-zh', 'zh-CN');
    const r = await postChat(t.url, { user: 'jobs-zh', action: 'menu:jobs' });
    const cards = cardsOf(r.messages);
    expect(r.messages[0]!.text).toBe('最新职位：');
    expect(cards.map((c) => c.title)).toContain('快递司机');
    expect(cards.map((c) => c.title)).not.toContain('Expired job');
    const driver = cards.find((c) => c.title === '快递司机')!;
    expect(driver.lines).toEqual([
      '🏢 顺达物流有限公司 · 深圳 龙华区',
      '💰 月薪 ¥7,000 - ¥9,500',
      '🕒 全职',
      '📞 0755-8888 0001',
      '✅ 欢迎外来务工人员',
    ]);
    const sopir = cards.find((c) => c.title === 'Sopir Pengiriman')!;
    expect(sopir.lines[1]).toMatch(/^💰 月薪 Rp\s4,800,000/); // not "IDR": the sign people read on job ads
  });

  it('"Job fairs" lists coming fairs soonest first, dated in the fair\'s time zone, in the user\'s language', async () => {
    await onboard('fairs-id', 'id');
    const r = await postChat(t.url, { user: 'fairs-id', action: 'menu:fairs' });
    const cards = cardsOf(r.messages);
    expect(cards[0]!.title).toBe('就业援助月 · 直播带岗'); // tomorrow evening
    expect(cards.map((c) => c.title)).not.toContain("Last month's fair");
    const spring = cards.find((c) => c.title.startsWith('春风行动'))!;
    // Indonesian time style with the weekday, Shanghai time, and a zone name a person reads (not "Asia/Shanghai").
    expect(spring.lines[0]).toMatch(/^📅 (Sen|Sel|Rab|Kam|Jum|Sab|Min), .*09\.00.*16\.00 \([^/]+\)$/);
    expect(spring.lines).toContain('🗺️ 深圳市福田区深南大道 6009 号');
    expect(spring.lines).toContain('🏢 120 perusahaan');
    expect(spring.buttons).toEqual([{ label: 'Lihat detail', action: 'fairs:show:demo-fair-spring-breeze' }]);
    expect(cards.find((c) => c.title === '就业援助月 · 直播带岗')!.lines[1]).toBe('📍 Siaran langsung');
  });

  it('a fair deep link opens that fair, right after onboarding for a newcomer', async () => {
    const first = await postChat(t.url, {
      user: 'linked',
      text: '/start fair_demo-fair-taipei-migrant',
      locale: 'zh-TW',
    });
    expect(JSON.stringify(first.messages)).toContain('您好');
    await postChat(t.url, { user: 'linked', action: 'lang:zh-TW' });
    const done = await postChat(t.url, { user: 'linked', action: 'consent:yes' });
    expect(cardsOf(done.messages).map((c) => c.title)).toEqual(['移工就業媒合博覽會']);
    const again = await postChat(t.url, { user: 'linked', text: '/start fair_no-such-fair' });
    expect(again.messages[0]!.text).toContain('找不到這場徵才活動');
  });
});
