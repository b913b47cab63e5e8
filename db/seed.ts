// Demo data for a first start on the embedded database (SEED=demo): jobs and fairs in several languages, dated
// relative to today so the demo never shows a past fair. Runs once per database.
import type { Db } from './client.js';
import { appMeta, fairs, jobs } from './schema.js';

const DAY = 86_400_000;
const at = (now: Date, days: number, hour: number, tzOffsetHours: number) => {
  const d = new Date(now.getTime() + days * DAY);
  d.setUTCHours(hour - tzOffsetHours, 0, 0, 0);
  return d;
};

export function demoFairs(now: Date): (typeof fairs.$inferInsert)[] {
  return [
    {
      externalId: 'demo-fair-spring-breeze', title: '春风行动 · 返岗复工专场招聘会', kind: 'offline',
      startsAt: at(now, 3, 9, 8), endsAt: at(now, 3, 16, 8), timezone: 'Asia/Shanghai',
      city: '深圳', venue: '深圳市人才大市场', address: '深圳市福田区深南大道 6009 号', lat: 22.5411, lon: 114.0585,
      organizer: '深圳市总工会', targetGroups: ['migrant_workers', 'no_experience'], industries: ['manufacturing', 'logistics'],
      employersCount: 120, jobsCount: 3500, url: 'https://example.org/fairs/spring-breeze',
      description: '面向返岗农民工和就业困难人员，现场提供岗位对接、政策咨询和劳动维权咨询。',
    },
    {
      externalId: 'demo-fair-taipei-migrant', title: '移工就業媒合博覽會', kind: 'offline',
      startsAt: at(now, 10, 10, 8), endsAt: at(now, 10, 17, 8), timezone: 'Asia/Taipei',
      city: '台北', venue: '台北市勞動力重建運用處', address: '台北市中正區延平南路 101 號', lat: 25.0418, lon: 121.5094,
      organizer: '台北市勞動局', targetGroups: ['migrant_workers'], industries: ['care', 'manufacturing'],
      employersCount: 45, jobsCount: 600, description: '現場提供印尼語、越南語翻譯。Tersedia penerjemah Bahasa Indonesia.',
    },
    {
      externalId: 'demo-fair-online-graduates', title: 'Online Job Fair for Graduates', kind: 'online',
      startsAt: at(now, 6, 14, 7), endsAt: at(now, 8, 18, 7), timezone: 'Asia/Jakarta',
      organizer: 'Public Employment Service', targetGroups: ['graduates'], industries: ['it', 'retail'],
      employersCount: 80, jobsCount: 1200, url: 'https://example.org/fairs/online-graduates',
      description: 'Three days of video interviews with employers hiring fresh graduates.',
    },
    {
      externalId: 'demo-fair-livestream', title: '就业援助月 · 直播带岗', kind: 'livestream',
      startsAt: at(now, 1, 19, 8), endsAt: at(now, 1, 21, 8), timezone: 'Asia/Shanghai',
      organizer: '市公共就业服务中心', targetGroups: ['disability', 'older_workers'], industries: ['services'],
      employersCount: 15, jobsCount: 200, url: 'https://example.org/live/employment-assistance',
      description: '主播现场介绍适合残疾人和大龄劳动者的岗位，直播间可直接投递简历。',
    },
  ];
}

export function demoJobs(now: Date): (typeof jobs.$inferInsert)[] {
  const posted = (daysAgo: number) => new Date(now.getTime() - daysAgo * DAY);
  const expires = (days: number) => new Date(now.getTime() + days * DAY);
  return [
    { externalId: 'demo-job-1', title: '快递司机', employer: '顺达物流有限公司', city: '深圳', district: '龙华区', occupation: 'driver', industry: 'logistics',
      salaryMin: 7000, salaryMax: 9500, salaryPeriod: 'month', currency: 'CNY', employmentType: 'full_time', headcount: 20,
      suitableFor: ['migrant_workers'], languages: ['zh'], contact: '0755-8888 0001', fairExternalId: 'demo-fair-spring-breeze',
      description: '需持 C1 驾照，包住宿，五险一金。', postedAt: posted(1), expiresAt: expires(30) },
    { externalId: 'demo-job-2', title: '普工（电子厂）', employer: '华强电子', city: '东莞', district: '长安镇', occupation: 'factory worker', industry: 'manufacturing',
      salaryMin: 5500, salaryMax: 7000, salaryPeriod: 'month', currency: 'CNY', employmentType: 'full_time', headcount: 100,
      suitableFor: ['no_experience', 'migrant_workers'], languages: ['zh'], contact: '0769-8555 1234', fairExternalId: 'demo-fair-spring-breeze',
      description: '无经验可培训，两班倒，包吃住。', postedAt: posted(2), expiresAt: expires(20) },
    { externalId: 'demo-job-3', title: '看護（長照機構）', employer: '安心長照中心', city: '台北', district: '萬華區', occupation: 'caregiver', industry: 'care',
      salaryMin: 29500, salaryMax: 33000, salaryPeriod: 'month', currency: 'TWD', employmentType: 'full_time', headcount: 6,
      suitableFor: ['migrant_workers'], languages: ['zh', 'id'], contact: '02-2345-6789', fairExternalId: 'demo-fair-taipei-migrant',
      description: '照顧長者日常生活，提供住宿。Bisa berbahasa Indonesia.', postedAt: posted(3), expiresAt: expires(25) },
    { externalId: 'demo-job-4', title: 'Sopir Pengiriman', employer: 'PT Kirim Cepat', city: 'Surabaya', occupation: 'driver', industry: 'logistics',
      salaryMin: 4_800_000, salaryMax: 6_000_000, salaryPeriod: 'month', currency: 'IDR', employmentType: 'full_time', headcount: 10,
      suitableFor: ['no_experience'], languages: ['id'], contact: '+62 31 555 0101',
      description: 'Wajib punya SIM B1. Bonus per pengiriman.', postedAt: posted(1), expiresAt: expires(30) },
    { externalId: 'demo-job-5', title: 'Junior Data Analyst', employer: 'Nusantara Retail Group', city: 'Jakarta', occupation: 'data analyst', industry: 'retail',
      salaryMin: 8_000_000, salaryMax: 11_000_000, salaryPeriod: 'month', currency: 'IDR', employmentType: 'full_time', headcount: 3,
      suitableFor: ['graduates'], languages: ['id', 'en'], contact: 'careers@example.org', fairExternalId: 'demo-fair-online-graduates',
      description: 'Fresh graduates welcome. SQL and spreadsheets; training provided.', postedAt: posted(4), expiresAt: expires(40) },
    { externalId: 'demo-job-6', title: 'Kitchen Helper (part-time)', employer: 'Harbour Café', city: 'Hong Kong', district: 'Kowloon', occupation: 'cook', industry: 'food',
      salaryMin: 65, salaryMax: 75, salaryPeriod: 'hour', currency: 'HKD', employmentType: 'part_time', headcount: 2,
      suitableFor: ['older_workers', 'no_experience'], languages: ['en', 'zh'], contact: '+852 5555 0199',
      description: 'Weekday lunch shifts, 4 hours a day.', postedAt: posted(5), expiresAt: expires(14) },
    { externalId: 'demo-job-7', title: '客服专员（居家办公）', employer: '安康保险', city: '成都', occupation: 'customer service', industry: 'finance',
      salaryMin: 4500, salaryMax: 6000, salaryPeriod: 'month', currency: 'CNY', employmentType: 'full_time', headcount: 8,
      suitableFor: ['disability'], languages: ['zh'], contact: '028-6666 2020', fairExternalId: 'demo-fair-livestream',
      description: '提供无障碍办公设备，欢迎残疾人士应聘。', postedAt: posted(0), expiresAt: expires(30) },
    { externalId: 'demo-job-8', title: '倉儲理貨員（臨時）', employer: '北區物流園區', city: '桃園', occupation: 'warehouse worker', industry: 'logistics',
      salaryMin: 1500, salaryMax: 1800, salaryPeriod: 'day', currency: 'TWD', employmentType: 'temporary', headcount: 15,
      suitableFor: ['no_experience', 'older_workers'], languages: ['zh'], contact: '03-333-4444',
      description: '年節檔期短期工作，日領。', postedAt: posted(6), expiresAt: expires(10) },
  ];
}

export async function seedDemo(db: Db, now: Date): Promise<boolean> {
  return db.transaction(async (tx) => {
    const first = await tx.insert(appMeta).values({ key: 'seed', value: 'demo' }).onConflictDoNothing().returning();
    if (!first.length) return false;
    await tx.insert(fairs).values(demoFairs(now)).onConflictDoNothing();
    await tx.insert(jobs).values(demoJobs(now)).onConflictDoNothing();
    return true;
  });
}
