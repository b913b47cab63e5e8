// Jobs import (DESIGN.md section 3) through its real doors: readRecords for the file, importJobs into a real database.
// Recognition of occupation, place, currency and language; idempotence by external_id; every bad row reported with
// its number (and CSV line) while the good rows go in; and nothing half-written when the database refuses midway.
import { asc, inArray, sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { importJobs } from '../../../bot/import/jobs.js';
import { readRecords } from '../../../bot/import/records.js';
import type { Database } from '../../../db/client.js';
import { jobs } from '../../../db/schema.js';
import { BACKENDS, freshDatabase } from '../../support/databases.js';

const NOW = new Date('2025-06-01T08:00:00Z');
const LATER = new Date('2025-06-02T08:00:00Z');

/** A good file in four languages: occupation and place given or recognised, currency and coordinates left out. */
const GOOD = [
  {
    external_id: 'cq-1',
    title: '电子厂普工',
    employer: '重庆星辰电子有限公司',
    city: '重庆市',
    description: '重庆电子厂招聘普工，包吃包住，长白班，欢迎外来务工人员',
    salary_min: 5000,
    salary_max: 7000,
    salary_period: 'month',
    suitable_for: ['migrant_workers', 'no_experience'],
    languages: ['zh'],
    posted_at: '2025-05-30T09:00:00+08:00',
  },
  {
    external_id: 'bdg-1',
    title: 'Sopir Pengiriman',
    employer: 'PT Kirim Cepat',
    city: 'Kota Bandung',
    description: 'Dibutuhkan sopir untuk pengiriman barang di Bandung, wajib memiliki SIM B1',
    salary_min: '4500000',
    salary_period: 'month',
    employment_type: 'full-time',
    headcount: 3,
  },
  {
    external_id: 'hn-1',
    title: 'Nhân viên bán hàng',
    employer: 'Cửa hàng Minh Anh',
    city: 'Hà Nội',
    description: 'Cần tuyển nhân viên bán hàng tại cửa hàng ở Hà Nội, làm việc theo ca',
    lat: 21.03,
    lon: 105.85,
    currency: 'usd',
    salary_min: 400,
    salary_max: 600,
  },
  {
    external_id: 'bkk-1',
    title: 'พนักงานขาย',
    employer: 'ร้านสมใจ',
    city: 'กรุงเทพมหานคร',
    description: 'รับสมัครพนักงานขายประจำร้านค้าในกรุงเทพ ทำงานเป็นกะ',
    occupation: '5223',
    salary_min: 15000,
    expires_at: '2025-08-01',
  },
  {
    external_id: 'sby-1',
    title: 'Staff',
    employer: 'CV Gudang Timur',
    city: 'Surabaya',
    occupation: 'forklift-operator',
  },
];

describe.each(BACKENDS)('jobs import on %s', (backend) => {
  let database: Database;
  beforeAll(async () => {
    database = await freshDatabase(backend);
  });
  afterAll(async () => {
    await database?.close();
  });
  beforeEach(async () => {
    await database.db.delete(jobs);
  });

  const importJson = (records: unknown[], now = NOW) =>
    importJobs(database.db, readRecords(JSON.stringify(records), 'json'), { now });
  const importCsv = (csv: string, now = NOW) => importJobs(database.db, readRecords(csv, 'csv'), { now });
  const all = () => database.db.select().from(jobs).orderBy(asc(jobs.externalId));
  const byId = async () => new Map((await all()).map((j) => [j.externalId, j]));

  it('inserts a good file, recognising occupation, place, currency, coordinates and language', async () => {
    expect(await importJson(GOOD)).toEqual({ inserted: 5, updated: 0, rejected: [] });
    const got = await byId();
    expect([...got.keys()].sort()).toEqual(['bdg-1', 'bkk-1', 'cq-1', 'hn-1', 'sby-1']);
    expect(got.get('cq-1')).toMatchObject({
      title: '电子厂普工',
      occupation: 'electronics-assembler', // a factory job, recognised from the title
      placeId: 'cn-500000',
      country: 'CN',
      currency: 'CNY', // defaulted from the place's country
      lang: 'zh-CN',
      lat: 29.5628,
      lon: 106.5528, // the place's coordinates
      salaryMin: 5000,
      salaryMax: 7000,
      salaryPeriod: 'month',
      suitableFor: ['migrant_workers', 'no_experience'],
      languages: ['zh'],
      postedAt: new Date('2025-05-30T01:00:00Z'),
      expiresAt: null,
    });
    expect(got.get('bdg-1')).toMatchObject({
      occupation: 'delivery-van-driver', // a driver, recognised from "Sopir Pengiriman"
      placeId: 'id-bandung',
      country: 'ID',
      currency: 'IDR',
      lang: 'id',
      salaryMin: 4_500_000,
      salaryMax: null,
      employmentType: 'full_time',
      headcount: 3,
      suitableFor: [],
      postedAt: NOW, // not given: the import's time
    });
    expect(got.get('bdg-1')!.lat).toBeCloseTo(-6.9222, 3);
    expect(got.get('hn-1')).toMatchObject({
      occupation: 'shop-sales-assistant',
      placeId: 'vn-hanoi',
      country: 'VN',
      currency: 'USD', // given (in lower case): kept, not the country's
      lang: 'vi',
      lat: 21.03,
      lon: 105.85, // given: kept, not the place's
    });
    expect(got.get('bkk-1')).toMatchObject({
      occupation: 'shop-sales-assistant', // given as an ISCO-08 code
      placeId: 'th-bangkok',
      currency: 'THB',
      lang: 'th',
      expiresAt: new Date('2025-08-01T00:00:00Z'), // a date alone is midnight UTC
    });
    expect(got.get('sby-1')).toMatchObject({
      occupation: 'forklift-operator',
      placeId: 'id-surabaya',
      currency: 'IDR',
    });
  });

  it('recognises an occupation given by name in any language', async () => {
    await importJson([
      { external_id: 'n-1', title: 'Staff', employer: 'A', city: 'Surabaya', occupation: 'Forklift operator' },
      { external_id: 'n-2', title: 'Staff', employer: 'B', city: '重庆市', occupation: '服务员' },
      { external_id: 'n-3', title: 'Koki', employer: 'C', city: 'Surabaya', occupation: 'not an occupation at all' },
    ]);
    const got = await byId();
    expect(got.get('n-1')!.occupation).toBe('forklift-operator');
    expect(got.get('n-2')!.occupation).toBe('waiter');
    expect(got.get('n-3')!.occupation).not.toBe('not an occupation at all'); // an unknown name is never stored as an id
  });

  it('the same file again updates every row, without duplicates; changed fields change', async () => {
    await importJson(GOOD);
    const before = await byId();
    expect(await importJson(GOOD, LATER)).toEqual({ inserted: 0, updated: 5, rejected: [] });
    const changed = GOOD.map((j) =>
      j.external_id === 'cq-1' ? { ...j, title: '电子厂普工（夜班）', salary_min: 6000, salary_max: 8000 } : j,
    );
    expect(await importJson(changed, LATER)).toEqual({ inserted: 0, updated: 5, rejected: [] });
    const rows = await all();
    expect(rows).toHaveLength(5);
    const after = new Map(rows.map((j) => [j.externalId, j]));
    expect(after.get('cq-1')).toMatchObject({
      id: before.get('cq-1')!.id, // the same row, updated in place
      title: '电子厂普工（夜班）',
      salaryMin: 6000,
      salaryMax: 8000,
      updatedAt: LATER,
      createdAt: before.get('cq-1')!.createdAt,
    });
    expect(after.get('bdg-1')).toMatchObject({ id: before.get('bdg-1')!.id, title: 'Sopir Pengiriman' });
    // A mix: one new row, one known.
    expect(
      await importJson([GOOD[0], { external_id: 'new-1', title: 'Cook', employer: 'X', city: 'Surabaya' }], LATER),
    ).toEqual({ inserted: 1, updated: 1, rejected: [] });
    expect(await all()).toHaveLength(6);
  });

  it('rejects each bad row with its number and the field at fault; the good rows of the file go in', async () => {
    const ok = (id: string, extra: Record<string, unknown> = {}) => ({
      external_id: id,
      title: 'Cook',
      employer: 'Warung Sari',
      city: 'Kota Bandung',
      ...extra,
    });
    const report = await importJson([
      ok('good-1'),
      { external_id: 'bad-2', employer: 'Warung Sari', city: 'Kota Bandung' }, // no title
      ok('bad-3', { salary_min: 9000, salary_max: 5000 }),
      ok('bad-4', { salary_period: 'weekly' }),
      ok('bad-5', { suitable_for: ['older_workers', 'children'] }),
      ok('bad-6', { lat: -6.9 }), // lat without lon
      ok('bad-7', { posted_at: '2025-05-01T00:00:00Z', expires_at: '2025-04-01T00:00:00Z' }),
      ok('bad-8', { posted_at: '2025-05-01T09:00' }), // a time without an offset
      'just a string, not a record',
      ok('good-10'),
      ok('bad-11', { title: '   ' }),
      [ok('bad-12')], // an array is not a record either
    ]);
    expect(report.inserted).toBe(2);
    expect(report.updated).toBe(0);
    expect(report.rejected).toEqual([
      { row: 2, reason: expect.stringMatching(/^title: is required/) },
      { row: 3, reason: expect.stringMatching(/^salary_min\b.*salary_max/) },
      { row: 4, reason: expect.stringMatching(/^salary_period\b.*month/) },
      { row: 5, reason: expect.stringMatching(/^suitable_for\b/) },
      { row: 6, reason: expect.stringMatching(/^(lat|lon)\b.*\blat\b.*\blon\b/) },
      { row: 7, reason: expect.stringMatching(/^expires_at\b/) },
      { row: 8, reason: expect.stringMatching(/^posted_at\b.*offset/) },
      { row: 9, reason: expect.stringMatching(/\S/) },
      { row: 11, reason: expect.stringMatching(/^title: is required/) },
      { row: 12, reason: expect.stringMatching(/\S/) },
    ]);
    expect((await all()).map((j) => j.externalId)).toEqual(['good-1', 'good-10']);
  });

  it('rejects a second row with the same external_id in one file, keeping the first', async () => {
    const report = await importJson([
      { external_id: 'dup', title: 'First', employer: 'A', city: 'Surabaya' },
      { external_id: 'other', title: 'Other', employer: 'A', city: 'Surabaya' },
      { external_id: ' dup ', title: 'Second', employer: 'A', city: 'Surabaya' },
    ]);
    expect(report).toEqual({
      inserted: 2,
      updated: 0,
      rejected: [{ row: 3, reason: expect.stringMatching(/^external_id\b.*"dup".*row 1/) }],
    });
    const got = await byId();
    expect(got.size).toBe(2);
    expect(got.get('dup')!.title).toBe('First');
  });

  it('writes nothing of a file when the database refuses a row midway (a later batch)', async () => {
    await importJson([{ external_id: 'keep-1', title: 'Before', employer: 'A', city: 'Surabaya' }]);
    // A trigger standing for any refusal the database may give: it raises on one external_id only.
    await database.db.execute(
      sql.raw(`create function refuse_poison() returns trigger language plpgsql as $$
        begin
          if new.external_id = 'poison' then raise exception 'refused by the test trigger'; end if;
          return new;
        end $$`),
    );
    await database.db.execute(
      sql.raw(
        'create trigger refuse_poison before insert or update on jobs for each row execute function refuse_poison()',
      ),
    );
    try {
      // 600 rows: the first INSERT (500 rows, "keep-1" updated among them) runs before the poisoned row's batch.
      const file = [
        { external_id: 'keep-1', title: 'After', employer: 'A', city: 'Surabaya' },
        ...Array.from({ length: 598 }, (_, i) => ({
          external_id: `bulk-${i}`,
          title: `Cook ${i}`,
          employer: 'B',
          city: 'Surabaya',
        })),
        { external_id: 'poison', title: 'Cook', employer: 'C', city: 'Surabaya' },
      ];
      const refused = await importJson(file, LATER).then(
        () => null,
        (err: Error & { cause?: Error }) => err,
      );
      expect(refused?.cause?.message ?? refused?.message).toMatch(/refused by the test trigger/);
      const rows = await all();
      expect(rows.map((j) => j.externalId)).toEqual(['keep-1']);
      expect(rows[0]).toMatchObject({ title: 'Before', updatedAt: NOW });
    } finally {
      await database.db.execute(sql.raw('drop trigger refuse_poison on jobs'));
      await database.db.execute(sql.raw('drop function refuse_poison()'));
    }
    // The same file without the refusal goes in whole.
    expect(
      await importJson([{ external_id: 'poison', title: 'Cook', employer: 'C', city: 'Surabaya' }], LATER),
    ).toEqual({ inserted: 1, updated: 0, rejected: [] });
  });

  it('rejects a headcount beyond the column range as a bad row, not the whole file', async () => {
    const report = await importJson([
      { external_id: 'hc-1', title: 'Cook', employer: 'A', city: 'Surabaya', headcount: 5 },
      { external_id: 'hc-2', title: 'Cook', employer: 'A', city: 'Surabaya', headcount: 3_000_000_000 },
    ]);
    expect(report).toEqual({
      inserted: 1,
      updated: 0,
      rejected: [{ row: 2, reason: expect.stringMatching(/^headcount\b/) }],
    });
  });

  it('says what is wrong with a cell that is given but of the wrong type, not that it is missing', async () => {
    const ok = { employer: 'A', city: 'Surabaya' };
    const report = await importJson([
      { external_id: 't-1', title: 'Cook', ...ok, salary_min: 'abc' },
      { external_id: 't-2', title: 'Cook', ...ok, headcount: 1.5 },
    ]);
    expect(report.rejected).toEqual([
      { row: 1, reason: expect.stringMatching(/^salary_min: (?!is required).*number/) },
      { row: 2, reason: expect.stringMatching(/^headcount: (?!is required)/) },
    ]);
  });

  describe('CSV', () => {
    it('reads BOM, CRLF, quoted cells, |-lists, blanks as missing, thousands separators, a loose header', async () => {
      const csv = [
        '\uFEFF External_ID , TITLE ,Employer,City,Description,Salary_Min,salary_max,salary_period,currency,suitable_for,languages,lat,lon,headcount',
        'csv-1,Sopir Pengiriman,"PT Maju, Jaya","Kota Bandung","Kirim barang, ""cepat""\r\nSIM B1 wajib","4,500,000","6,000,000",Month,,no_experience | migrant_workers,id|en,,,',
        'csv-2,电子厂普工,重庆电子,重庆市,,,,,,,,,,',
        'csv-3,Cook,"Warung ""Sari""",Surabaya,,6000,,,usd,,,-7.25,112.75,12',
      ].join('\r\n');
      expect(await importCsv(`${csv}\r\n`)).toEqual({ inserted: 3, updated: 0, rejected: [] });
      const got = await byId();
      expect(got.get('csv-1')).toMatchObject({
        title: 'Sopir Pengiriman',
        employer: 'PT Maju, Jaya',
        description: 'Kirim barang, "cepat"\r\nSIM B1 wajib',
        salaryMin: 4_500_000,
        salaryMax: 6_000_000,
        salaryPeriod: 'month',
        currency: 'IDR', // blank: from the place
        suitableFor: ['no_experience', 'migrant_workers'],
        languages: ['id', 'en'],
        headcount: null,
        placeId: 'id-bandung',
        occupation: 'delivery-van-driver',
      });
      expect(got.get('csv-1')!.lat).toBeCloseTo(-6.9222, 3);
      expect(got.get('csv-2')).toMatchObject({
        description: null,
        salaryMin: null,
        salaryMax: null,
        salaryPeriod: null,
        currency: 'CNY',
        suitableFor: [],
        languages: [],
        headcount: null,
        placeId: 'cn-500000',
        lat: 29.5628,
        lon: 106.5528,
        lang: 'zh-CN',
      });
      expect(got.get('csv-3')).toMatchObject({
        employer: 'Warung "Sari"',
        salaryMin: 6000,
        currency: 'USD',
        lat: -7.25,
        lon: 112.75,
        headcount: 12,
      });
      // The same CSV again: all updated.
      expect(await importCsv(csv)).toEqual({ inserted: 0, updated: 3, rejected: [] });
      expect(await all()).toHaveLength(3);
    });

    it('numbers rejects by record and by line, also after a quoted cell that spans two lines', async () => {
      const csv = [
        'external_id,title,employer,city', // line 1
        'l-1,Cook,Resto,Kota Bandung', // line 2: row 1
        'l-2,,Resto,Kota Bandung', // line 3: row 2, no title
        'l-3,"Cook', // line 4: row 3 starts
        'night shift",,Kota Bandung', // line 5: no employer
        '', // line 6: blank, skipped
        'l-4,Cook,Resto,Kota Bandung,extra', // line 7: row 4, good (an extra cell is ignored)
        'l-5,Cook,Resto,', // line 8: row 5, no city
      ].join('\n');
      const report = await importCsv(csv);
      expect(report.inserted).toBe(2);
      expect(report.rejected).toEqual([
        { row: 2, line: 3, reason: expect.stringMatching(/^title: is required/) },
        { row: 3, line: expect.any(Number), reason: expect.stringMatching(/^employer: is required/) },
        { row: 5, line: 8, reason: expect.stringMatching(/^city: is required/) },
      ]);
      expect((await all()).map((j) => j.externalId)).toEqual(['l-1', 'l-4']);
    });

    it('gives a record that spans two lines the line where it starts', async () => {
      const csv = ['external_id,title,employer,city', 'l-1,Cook,Resto,Kota Bandung', 'l-3,"Cook', 'night shift",,X'];
      const report = await importCsv(csv.join('\n'));
      expect(report.rejected).toEqual([{ row: 2, line: 3, reason: expect.stringMatching(/^employer/) }]);
    });

    it('keeps line numbers right after a quoted cell with a CRLF inside, in a CRLF file', async () => {
      const csv = [
        'external_id,title,employer,city', // line 1
        'l-1,"Cook', // line 2
        'night shift",Resto,Kota Bandung', // line 3
        'l-2,,Resto,Kota Bandung', // line 4: no title
      ];
      const report = await importCsv(`${csv.join('\r\n')}\r\n`);
      expect(report.rejected).toEqual([{ row: 2, line: 4, reason: expect.stringMatching(/^title/) }]);
    });
  });

  it('a JSON reject carries its row and no line', async () => {
    const report = await importJson([{ external_id: 'j-1', title: 'Cook', employer: 'A' }]);
    expect(report.rejected).toEqual([{ row: 1, reason: expect.stringMatching(/^city: is required/) }]);
    expect(
      await database.db
        .select()
        .from(jobs)
        .where(inArray(jobs.externalId, ['j-1'])),
    ).toHaveLength(0);
  });
});
