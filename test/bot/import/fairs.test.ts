// Fairs import on both databases: stops and employers, idempotent by external_id, a bad time zone a bad row.
import { asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importFairs } from '../../../bot/import/fairs.js';
import { importJobs } from '../../../bot/import/jobs.js';
import { readRecords } from '../../../bot/import/records.js';
import type { Database } from '../../../db/client.js';
import { fairStops, fairs } from '../../../db/schema.js';
import { postChat, startTestBot, type TestBot } from '../../support/bot.js';
import { BACKENDS, freshDatabase } from '../../support/databases.js';

const NOW = new Date('2026-12-01T00:00:00Z');
const roving = {
  external_id: 'roving-1',
  title: '送岗下乡 · 流动招聘会',
  kind: 'roving',
  starts_at: '2027-02-20T09:00:00+08:00',
  ends_at: '2027-02-22T16:00:00+08:00',
  organizer: '重庆市总工会',
  url: 'https://example.org/fairs/roving-1',
  target_groups: ['migrant_workers'],
  employers: ['重庆渝通物流', '山城火锅'],
  stops: [
    {
      starts_at: '2027-02-20T09:00:00+08:00',
      ends_at: '2027-02-20T12:00:00+08:00',
      city: '万州',
      venue: '万州区集贸市场',
    },
    { starts_at: '2027-02-21T09:00:00+08:00', ends_at: '2027-02-21T12:00:00+08:00', city: '涪陵', venue: '涪陵广场' },
  ],
};

describe.each(BACKENDS)('fairs import on %s', (backend) => {
  let database: Database;
  beforeAll(async () => {
    database = await freshDatabase(backend);
  });
  afterAll(async () => {
    await database?.close();
  });
  const run = (records: unknown[]) =>
    importFairs(
      database.db,
      records.map((record, i) => ({ row: i + 1, record: record as Record<string, unknown> })),
      { now: NOW },
    );
  const stopsOf = async (externalId: string) => {
    const [fair] = await database.db.select().from(fairs).where(eq(fairs.externalId, externalId));
    return database.db.select().from(fairStops).where(eq(fairStops.fairId, fair!.id)).orderBy(asc(fairStops.seq));
  };

  it('stores a roving fair with its stops, each placed and in its zone, and its employers', async () => {
    expect(await run([roving])).toEqual({ inserted: 1, updated: 0, rejected: [] });
    const [fair] = await database.db.select().from(fairs).where(eq(fairs.externalId, 'roving-1'));
    expect(fair).toMatchObject({
      kind: 'roving',
      employers: ['重庆渝通物流', '山城火锅'],
      employersCount: 2,
      lang: 'zh-CN',
    });
    const stops = await stopsOf('roving-1');
    expect(stops.map((s) => [s.seq, s.city, s.placeId, s.timezone])).toEqual([
      [1, '万州', null, null], // a district of Chongqing, not a prefecture: kept as written
      [2, '涪陵', null, null],
    ]);
    expect(stops[0]!.startsAt.toISOString()).toBe('2027-02-20T01:00:00.000Z');
  });

  it('re-imports by external_id: the fair is updated and its stops are what the file says now', async () => {
    const moved = {
      ...roving,
      stops: [{ starts_at: '2027-02-23T09:00:00+08:00', ends_at: '2027-02-23T12:00:00+08:00', city: '重庆市' }],
    };
    expect(await run([moved])).toEqual({ inserted: 0, updated: 1, rejected: [] });
    const stops = await stopsOf('roving-1');
    expect(stops.map((s) => [s.seq, s.placeId, s.timezone])).toEqual([[1, 'cn-500000', 'Asia/Shanghai']]);
    expect(await database.db.select().from(fairs).where(eq(fairs.externalId, 'roving-1'))).toHaveLength(1);
  });

  it('counts a change of time or place as a new revision, and the same file again as none', async () => {
    const revision = async (id: string) => (await database.db.select().from(fairs).where(eq(fairs.externalId, id)))[0]!;
    const before = await revision('roving-1');
    await run([
      {
        ...roving,
        stops: [{ starts_at: '2027-02-23T09:00:00+08:00', ends_at: '2027-02-23T12:00:00+08:00', city: '重庆市' }],
      },
    ]);
    expect(await revision('roving-1')).toMatchObject({ revision: before.revision, changedAt: before.changedAt });
    await run([
      {
        ...roving,
        stops: [{ starts_at: '2027-02-24T09:00:00+08:00', ends_at: '2027-02-24T12:00:00+08:00', city: '重庆市' }],
      },
    ]);
    expect(await revision('roving-1')).toMatchObject({ revision: before.revision + 1, changedAt: NOW });
    // A fair stored before schedules were kept has nothing to compare with: importing it is no move.
    await database.db.update(fairs).set({ schedule: '', changedAt: null }).where(eq(fairs.externalId, 'roving-1'));
    expect(await run([{ ...roving, starts_at: '2027-02-20T10:00:00+08:00', stops: [] }])).toMatchObject({ updated: 1 });
    expect(await revision('roving-1')).toMatchObject({ revision: before.revision + 1, changedAt: null });
  });

  it('reports each bad row with its reason, a wrong time zone included, and keeps the good ones', async () => {
    const ok = { kind: 'offline', starts_at: '2027-03-01T09:00:00+07:00', ends_at: '2027-03-01T16:00:00+07:00' };
    const report = await run([
      { external_id: 'f-good', title: 'Bursa Kerja Jakarta', city: 'Jakarta', ...ok },
      { external_id: 'f-zone', title: 'X', ...ok, timezone: 'Asia/Nowhere' },
      { external_id: 'f-kind', title: 'X', ...ok, kind: 'party' },
      { external_id: 'f-order', title: 'X', ...ok, ends_at: '2027-02-28T09:00:00+07:00' },
      { external_id: 'f-offset', title: 'X', ...ok, starts_at: '2027-03-01T09:00:00' },
      { external_id: 'f-url', title: 'X', ...ok, url: 'javascript:alert(1)' },
      {
        external_id: 'f-stop',
        title: 'X',
        ...ok,
        stops: [{ starts_at: '2027-03-02T09:00:00+07:00', ends_at: '2027-03-01T09:00:00+07:00' }],
      },
      { external_id: 'f-missing', title: 'X', kind: 'online', starts_at: '2027-03-01T09:00:00+07:00' },
    ]);
    expect(report.inserted).toBe(1);
    expect(report.rejected).toEqual([
      { row: 2, reason: 'timezone: is not an IANA time zone such as Asia/Jakarta' },
      { row: 3, reason: expect.stringMatching(/^kind: expected one of offline, online, livestream, roving/) },
      { row: 4, reason: 'ends_at: ends before it starts' },
      { row: 5, reason: 'starts_at: is not an ISO 8601 date, or its time has no offset' },
      { row: 6, reason: 'url: expected an http or https link' },
      { row: 7, reason: 'stops.0.ends_at: ends before it starts' },
      { row: 8, reason: 'ends_at: is required' },
    ]);
    const [good] = await database.db.select().from(fairs).where(eq(fairs.externalId, 'f-good'));
    expect(good).toMatchObject({ placeId: 'id-jakarta', country: 'ID', timezone: 'Asia/Jakarta' });
  });

  it('reads CSV: employers as a |-list and stops as a JSON cell', async () => {
    const csv = [
      'external_id,title,kind,starts_at,ends_at,city,employers,stops',
      `csv-1,臺中就業博覽會,offline,2027-04-10T10:00:00+08:00,2027-04-10T16:00:00+08:00,臺中市,A公司|B公司,"[{""starts_at"":""2027-04-10T10:00:00+08:00"",""ends_at"":""2027-04-10T16:00:00+08:00"",""city"":""台中""}]"`,
    ].join('\r\n');
    expect(await importFairs(database.db, readRecords(csv, 'csv'), { now: NOW })).toEqual({
      inserted: 1,
      updated: 0,
      rejected: [],
    });
    expect((await stopsOf('csv-1')).map((s) => s.placeId)).toEqual(['tw-taichung']);
  });
});

describe('POST /api/admin/fairs/import', () => {
  let t: TestBot;
  beforeAll(async () => {
    t = await startTestBot('pglite', { ADMIN_TOKEN: 'operator-secret' });
  });
  afterAll(async () => {
    await t?.close();
  });
  const post = (headers: Record<string, string>, body: string) =>
    fetch(`${t.url}/api/admin/fairs/import`, { method: 'POST', headers, body });

  it('takes a JSON array with the bearer token, and nothing without it', async () => {
    const body = JSON.stringify([roving]);
    expect((await post({ 'content-type': 'application/json' }, body)).status).toBe(401);
    const res = await post({ 'content-type': 'application/json', authorization: 'Bearer operator-secret' }, body);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ inserted: 1, updated: 0, rejected: [] });
    // The fair is there for the chat too.
    await postChat(t.url, { user: 'fair-viewer', text: '/start', locale: 'en' });
    await postChat(t.url, { user: 'fair-viewer', action: 'lang:en' });
    await postChat(t.url, { user: 'fair-viewer', action: 'consent:yes' });
    const shown = await postChat(t.url, { user: 'fair-viewer', action: 'fairs:show:roving-1' });
    const lines = (shown.messages[0]!.cards as { lines: string[] }[])[0]!.lines;
    expect(lines).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^📍 Stop 1: Sat.*Feb 20.*万州区集贸市场, 万州$/),
        expect.stringMatching(/^📍 Stop 2: Sun.*Feb 21.*涪陵广场, 涪陵$/),
        '🏢 Employers: 重庆渝通物流, 山城火锅',
      ]),
    );

    // "Jobs at this fair": the job search filtered to it.
    await importJobs(
      t.bot.database.db,
      [
        {
          row: 1,
          record: {
            external_id: 'at-fair',
            title: '货车司机',
            employer: '重庆渝通物流',
            city: '重庆',
            fair_external_id: 'roving-1',
          },
        },
      ],
      { now: new Date() },
    );
    const atFair = await postChat(t.url, { user: 'fair-viewer', action: 'jobs:fair:roving-1' });
    expect(atFair.messages[0]!.text).toBe('Jobs for this fair:');
    expect((atFair.messages[0]!.cards as { title: string }[]).map((c) => c.title)).toEqual(['货车司机']);

    // A calendar file with one event per stop, in UTC.
    const file = await postChat(t.url, { user: 'fair-viewer', action: 'fairs:ics:roving-1' });
    const { name, url } = (file.messages[0] as unknown as { file: { name: string; url: string } }).file;
    expect(name).toBe('roving-1.ics');
    const ics = Buffer.from(url.replace(/^data:text\/calendar;base64,/, ''), 'base64').toString('utf8');
    expect(ics.match(/BEGIN:VEVENT/g)).toHaveLength(2);
    expect(ics).toContain('DTSTART:20270220T010000Z');
    expect(ics).toContain('LOCATION:万州区集贸市场\\, 万州');
  });
});
