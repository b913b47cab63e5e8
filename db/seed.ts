// Demo data for a first start on the embedded database (SEED=demo): jobs and fairs in several languages, dated
// relative to today so the demo never shows a past fair. Runs once per database.
import { readFileSync } from 'node:fs';
import { importFairs } from '../bot/import/fairs.js';
import { importJobs } from '../bot/import/jobs.js';
import type { Db } from './client.js';
import { appMeta, type fairs } from './schema.js';

const DAY = 86_400_000;
const at = (now: Date, days: number, hour: number, tzOffsetHours: number) => {
  const d = new Date(now.getTime() + days * DAY);
  d.setUTCHours(hour - tzOffsetHours, 0, 0, 0);
  return d;
};

export function demoFairs(now: Date): (typeof fairs.$inferInsert)[] {
  return [
    {
      externalId: 'demo-fair-spring-breeze',
      title: '春风行动 · 返岗复工专场招聘会',
      kind: 'offline',
      startsAt: at(now, 3, 9, 8),
      endsAt: at(now, 3, 16, 8),
      timezone: 'Asia/Shanghai',
      city: '深圳',
      venue: '深圳市人才大市场',
      address: '深圳市福田区深南大道 6009 号',
      lat: 22.5411,
      lon: 114.0585,
      organizer: '深圳市总工会',
      targetGroups: ['migrant_workers', 'no_experience'],
      industries: ['manufacturing', 'logistics'],
      employersCount: 120,
      jobsCount: 3500,
      url: 'https://example.org/fairs/spring-breeze',
      description: '面向返岗农民工和就业困难人员，现场提供岗位对接、政策咨询和劳动维权咨询。',
    },
    {
      externalId: 'demo-fair-taipei-migrant',
      title: '移工就業媒合博覽會',
      kind: 'offline',
      startsAt: at(now, 10, 10, 8),
      endsAt: at(now, 10, 17, 8),
      timezone: 'Asia/Taipei',
      city: '台北',
      venue: '台北市勞動力重建運用處',
      address: '台北市中正區延平南路 101 號',
      lat: 25.0418,
      lon: 121.5094,
      organizer: '台北市勞動局',
      targetGroups: ['migrant_workers'],
      industries: ['care', 'manufacturing'],
      employersCount: 45,
      jobsCount: 600,
      description: '現場提供印尼語、越南語翻譯。Tersedia penerjemah Bahasa Indonesia.',
    },
    {
      externalId: 'demo-fair-online-graduates',
      title: 'Online Job Fair for Graduates',
      kind: 'online',
      startsAt: at(now, 6, 14, 7),
      endsAt: at(now, 8, 18, 7),
      timezone: 'Asia/Jakarta',
      organizer: 'Public Employment Service',
      targetGroups: ['graduates'],
      industries: ['it', 'retail'],
      employersCount: 80,
      jobsCount: 1200,
      url: 'https://example.org/fairs/online-graduates',
      description: 'Three days of video interviews with employers hiring fresh graduates.',
    },
    {
      externalId: 'demo-fair-livestream',
      title: '就业援助月 · 直播带岗',
      kind: 'livestream',
      startsAt: at(now, 1, 19, 8),
      endsAt: at(now, 1, 21, 8),
      timezone: 'Asia/Shanghai',
      organizer: '市公共就业服务中心',
      targetGroups: ['disability', 'older_workers'],
      industries: ['services'],
      employersCount: 15,
      jobsCount: 200,
      url: 'https://example.org/live/employment-assistance',
      description: '主播现场介绍适合残疾人和大龄劳动者的岗位，直播间可直接投递简历。',
    },
  ];
}

/** A fair row as an import record (DESIGN.md section 3's field names). */
const fairRecord = (f: typeof fairs.$inferInsert): Record<string, unknown> =>
  Object.fromEntries(
    Object.entries({ ...f, startsAt: f.startsAt.toISOString(), endsAt: f.endsAt.toISOString() }).map(([k, v]) => [
      k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`),
      v,
    ]),
  );

/** The demo jobs as import records (db/demo/jobs.json), dated from `now`; they go in through the jobs import. */
export function demoJobs(now: Date): Record<string, unknown>[] {
  const records = JSON.parse(readFileSync(new URL('demo/jobs.json', import.meta.url), 'utf8')) as Record<
    string,
    unknown
  >[];
  return records.map(({ posted_days_ago, expires_in_days, ...r }) => ({
    ...r,
    posted_at: new Date(now.getTime() - Number(posted_days_ago) * DAY).toISOString(),
    expires_at: new Date(now.getTime() + Number(expires_in_days) * DAY).toISOString(),
  }));
}

export async function seedDemo(db: Db, now: Date): Promise<boolean> {
  return db.transaction(async (tx) => {
    const first = await tx.insert(appMeta).values({ key: 'seed', value: 'demo' }).onConflictDoNothing().returning();
    if (!first.length) return false;
    // Through the import, like an operator's file: places recognised, languages detected, schedules kept.
    await importFairs(
      tx,
      demoFairs(now).map((f, i) => ({ row: i + 1, record: fairRecord(f) })),
      { now },
    );
    await importJobs(
      tx,
      demoJobs(now).map((record, i) => ({ row: i + 1, record })),
      { now },
    );
    return true;
  });
}
