// The search's filters and ordering in the database, the same on PGlite and Postgres.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importJobs } from '../../../bot/import/jobs.js';
import { searchJobs } from '../../../bot/search/jobs.js';
import { type JobQuery, jobQuerySchema, parseQuery } from '../../../bot/search/query.js';
import type { Database } from '../../../db/client.js';
import { BACKENDS, freshDatabase } from '../../support/databases.js';

const NOW = new Date('2026-12-01T00:00:00Z');
const day = (n: number) => new Date(NOW.getTime() + n * 86_400_000).toISOString();
const job = (id: string, fields: Record<string, unknown>) => ({ external_id: id, employer: 'E', ...fields });

const JOBS = [
  job('hourly', { title: 'Delivery driver', city: 'Taipei', salary_min: 200, salary_period: 'hour', currency: 'TWD' }), // 35,200/month
  job('daily', { title: '司機', city: '臺北市', salary_min: 1500, salary_period: 'day', currency: 'TWD' }), // 33,000/month
  job('monthly', {
    title: 'Sopir',
    city: 'Taipei',
    salary_min: 30000,
    salary_max: 34000,
    salary_period: 'month',
    currency: 'TWD',
  }),
  job('yearly', { title: 'Driver', city: 'Taipei', salary_min: 480000, salary_period: 'year', currency: 'TWD' }), // 40,000/month
  job('part', { title: 'Driver (part-time)', city: 'Taipei', employment_type: 'part_time', posted_at: day(-1) }),
  job('old', { title: 'Driver', city: 'Taipei', posted_at: day(-40) }),
  job('expired', { title: 'Driver', city: 'Taipei', expires_at: day(-1), posted_at: day(-5) }),
  job('disability', { title: 'Driver', city: 'Taipei', suitable_for: ['disability', 'older_workers'] }),
  job('fair', { title: 'Driver', city: 'Taipei', fair_external_id: 'fair-1' }),
  job('newtaipei', { title: 'Driver', city: '新北市' }),
  job('taoyuan', { title: 'Driver', city: '桃園市' }),
  job('kaohsiung', { title: 'Driver', city: '高雄市' }),
  job('warehouse', { title: '倉儲理貨員', city: '桃園市', description: '負責貨物進出倉。' }),
];

describe.each(BACKENDS)('search filters on %s', (backend) => {
  let database: Database;
  beforeAll(async () => {
    database = await freshDatabase(backend);
    const report = await importJobs(
      database.db,
      JOBS.map((record, i) => ({ row: i + 1, record: { posted_at: day(-2), ...record } })),
      { now: NOW },
    );
    expect(report.rejected).toEqual([]);
  });
  afterAll(async () => {
    await database?.close();
  });

  const ids = async (q: Partial<JobQuery>, limit = 50, offset = 0) =>
    (await searchJobs(database.db, jobQuerySchema.parse(q), { now: NOW, limit, offset })).map((j) => j.externalId);
  const said = (text: string) => ids(parseQuery(text).query);

  it('compares pay per month across hourly, daily, monthly and yearly jobs, in the same currency', async () => {
    const floor = (amount: number, currency = 'TWD') => ids({ salary: { amount, period: 'month', currency } });
    expect((await floor(34_000)).sort()).toEqual(['hourly', 'monthly', 'yearly']);
    expect((await floor(36_000)).sort()).toEqual(['yearly']);
    expect(await floor(34_000, 'CNY')).toEqual([]);
    // 180 an hour is 31,680 a month: the daily job (33,000) passes, at 190 (33,440) it would not.
    expect((await said('driver Taipei 時薪180')).sort()).toEqual(['daily', 'hourly', 'monthly', 'yearly']);
    expect((await said('driver Taipei 時薪190')).sort()).toEqual(['hourly', 'monthly', 'yearly']);
  });

  it('filters by employment type, the groups a job suits, when it was posted and its fair; never an expired job', async () => {
    expect(await said('part-time driver Taipei')).toEqual(['part']);
    expect(await ids({ occupations: ['car-driver'], groups: ['disability'] })).toEqual(['disability']);
    expect(await ids({ occupations: ['car-driver'], since: day(-1.5) })).toEqual(['part']);
    expect(await ids({ fair: 'fair-1' })).toEqual(['fair']);
    expect(await ids({ occupations: ['car-driver'] })).not.toContain('expired');
  });

  it('near a shared location: places within reach only, nearest first', async () => {
    const near = await ids({ occupations: ['car-driver'], near: { lat: 25.0478, lon: 121.5319 } }); // Taipei station
    expect(near).not.toContain('kaohsiung');
    expect(near).toContain('taoyuan');
    expect(near.indexOf('newtaipei')).toBeLessThan(near.indexOf('taoyuan'));
    // A delivery driver is a kind of driver: after the drivers, whatever the distance.
    expect(near.at(-1)).toBe('hourly');
  });

  it('finds traditional text by simplified words, and one language by another', async () => {
    expect(await ids({ keywords: ['仓储'] })).toEqual(['warehouse']);
    expect(await ids({ keywords: ['进出'] })).toEqual(['warehouse']);
    expect((await said('司机 台北')).length).toBeGreaterThanOrEqual(8);
  });

  it('orders ties by recency then id, so that pages never repeat', async () => {
    const all = await ids({ occupations: ['car-driver'] });
    const paged = [
      ...(await ids({ occupations: ['car-driver'] }, 4, 0)),
      ...(await ids({ occupations: ['car-driver'] }, 4, 4)),
    ];
    paged.push(...(await ids({ occupations: ['car-driver'] }, 50, 8)));
    expect(paged).toEqual(all);
    expect(all[0]).toBe('part'); // the newest
    expect(all.slice(-2)).toEqual(['old', 'hourly']); // the oldest driver, then the delivery driver
  });
});
