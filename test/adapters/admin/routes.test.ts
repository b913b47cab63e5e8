// The operators' API over real HTTP (DESIGN.md section 3): the jobs import as JSON or CSV behind the bearer
// ADMIN_TOKEN, its 4xx answers, and the applications a web-chat user sent, as JSON and as a CSV a spreadsheet cannot
// be tricked by. Without ADMIN_TOKEN the routes do not exist.
import { parse } from 'csv-parse/sync';
import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jobs } from '../../../db/schema.js';
import { postChat, startTestBot, type TestBot } from '../../support/bot.js';
import { BACKENDS } from '../../support/databases.js';

const TOKEN = 'admin-token-for-tests-0123456789';
const IMPORT = '/api/admin/jobs/import';
const APPLICATIONS = '/api/admin/applications';

type Report = { inserted: number; updated: number; rejected: { row: number; line?: number; reason: string }[] };

describe.each(BACKENDS)('admin routes on %s', (backend) => {
  let t: TestBot;
  beforeAll(async () => {
    t = await startTestBot(backend, { ADMIN_TOKEN: TOKEN });
  });
  afterAll(async () => {
    await t?.close();
  });

  /** An import request; a header given as null is left out. */
  const post = (body: string, headers: Record<string, string | null> = {}) =>
    fetch(`${t.url}${IMPORT}`, {
      method: 'POST',
      headers: Object.fromEntries(
        Object.entries({ 'content-type': 'application/json', authorization: `Bearer ${TOKEN}`, ...headers }).filter(
          (e): e is [string, string] => e[1] !== null,
        ),
      ),
      body,
    });
  const jobCount = async () => (await t.bot.database.db.select({ n: count() }).from(jobs))[0]!.n;
  const job = async (externalId: string) =>
    (await t.bot.database.db.select().from(jobs).where(eq(jobs.externalId, externalId)))[0];
  const record = (id: string, extra: Record<string, unknown> = {}) => ({
    external_id: id,
    title: 'Cook',
    employer: 'Warung Sari',
    city: 'Kota Bandung',
    ...extra,
  });

  it('refuses an import without the right bearer token, and imports nothing', async () => {
    const before = await jobCount();
    const body = JSON.stringify([record('unauth-1')]);
    for (const authorization of [null, 'Bearer wrong-token', `Basic ${TOKEN}`, `Bearer ${TOKEN}x`, 'Bearer ']) {
      const res = await post(body, { authorization });
      expect(res.status, String(authorization)).toBe(401);
      expect(res.headers.get('www-authenticate')).toBe('Bearer');
      expect(((await res.json()) as { error: string }).error).toMatch(/token/);
    }
    // The token in any case of the scheme passes.
    const res = await post(JSON.stringify([record('auth-1')]), { authorization: `bearer ${TOKEN}` });
    expect(res.status).toBe(200);
    expect(await job('unauth-1')).toBeUndefined();
    expect(await jobCount()).toBe(before + 1);
  });

  it('imports a JSON array and answers the report', async () => {
    const res = await post(
      JSON.stringify([
        record('json-1', { title: '电子厂普工', employer: '重庆电子', city: '重庆市' }),
        record('json-2', { title: '' }),
        record('json-3', { salary_period: 'weekly' }),
      ]),
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await res.json()).toEqual({
      inserted: 1,
      updated: 0,
      rejected: [
        { row: 2, reason: expect.stringMatching(/^title\b/) },
        { row: 3, reason: expect.stringMatching(/^salary_period\b/) },
      ],
    });
    expect(await job('json-1')).toMatchObject({ placeId: 'cn-500000', currency: 'CNY', lang: 'zh-CN' });
    // Again: updated, not duplicated.
    const again = (await (await post(JSON.stringify([record('json-1', { title: '普工' })]))).json()) as Report;
    expect(again).toEqual({ inserted: 0, updated: 1, rejected: [] });
    expect(await job('json-1')).toMatchObject({ title: '普工' });
  });

  it('imports CSV sent as text/csv, with line numbers in its rejects', async () => {
    const csv =
      '\uFEFFexternal_id,title,employer,city,salary_min\r\ncsv-1,Sopir,"PT Maju, Jaya",Kota Bandung,"6,000"\r\ncsv-2,,X,Y,\r\n';
    const res = await post(csv, { 'content-type': 'text/csv; charset=utf-8' });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      inserted: 1,
      updated: 0,
      rejected: [{ row: 2, line: 3, reason: expect.stringMatching(/^title\b/) }],
    });
    expect(await job('csv-1')).toMatchObject({ employer: 'PT Maju, Jaya', salaryMin: 6000, currency: 'IDR' });
  });

  it('answers 415 to a body that is neither JSON nor CSV, and imports nothing', async () => {
    const before = await jobCount();
    for (const type of ['application/xml', 'application/x-www-form-urlencoded']) {
      const res = await post('<jobs><job external_id="xml-1"/></jobs>', { 'content-type': type });
      expect(res.status, type).toBe(415);
      expect(((await res.json()) as { error: string }).error).toBeTruthy();
    }
    expect(await jobCount()).toBe(before);
  });

  it('answers 400 with a clear error to malformed JSON and to a JSON object instead of an array', async () => {
    const before = await jobCount();
    const broken = await post('[{"external_id": "broken-1", "title": "Cook",');
    expect(broken.status).toBe(400);
    expect(((await broken.json()) as { error: string }).error).toMatch(/JSON/i);
    const object = await post(JSON.stringify(record('object-1')));
    expect(object.status).toBe(400);
    expect(((await object.json()) as { error: string }).error).toMatch(/array/i);
    const badCsv = await post('external_id,title\n"unclosed,quote\n', { 'content-type': 'text/csv' });
    expect(badCsv.status).toBe(400);
    expect(((await badCsv.json()) as { error: string }).error).toMatch(/CSV/);
    expect(await jobCount()).toBe(before);
  });

  it('accepts an import body over the 1 MB general limit (JSON and CSV)', async () => {
    // Bulk in the fields that are stored as they are (not searched): ~9.6 kB a record.
    const filler = 'Bantu dapur, cuci piring, siapkan bahan. '.repeat(117);
    const records = Array.from({ length: 110 }, (_, i) =>
      record(`big-${i}`, { requirements: filler, benefits: filler }),
    );
    const json = JSON.stringify(records);
    expect(Buffer.byteLength(json)).toBeGreaterThan(1024 * 1024);
    const res = await post(json);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ inserted: 110, updated: 0, rejected: [] });
    const csv = [
      'external_id,title,employer,city,requirements,benefits',
      ...records.map((r) => `${r.external_id},Cook,Warung Sari,Kota Bandung,"${filler}","${filler}"`),
    ].join('\n');
    expect(Buffer.byteLength(csv)).toBeGreaterThan(1024 * 1024);
    const again = await post(csv, { 'content-type': 'text/csv' });
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual({ inserted: 0, updated: 110, rejected: [] });
    expect((await job('big-109'))!.benefits).toBe(filler.trim()); // a cell is trimmed
  });

  it('lists the applications a web-chat user sent, as JSON and as CSV without formulas', async () => {
    const unauth = await fetch(`${t.url}${APPLICATIONS}`);
    expect(unauth.status).toBe(401);
    const wrong = await fetch(`${t.url}${APPLICATIONS}`, { headers: { authorization: 'Bearer nope' } });
    expect(wrong.status).toBe(401);

    const imported = await post(
      JSON.stringify([
        record('apply-1', { title: 'Juru Masak', employer: 'Warung Sari', contact: '022-555-0101' }),
        record('apply-2', { title: '=HYPERLINK("http://evil.example","click")', employer: '@Evil Co' }),
      ]),
    );
    expect(await imported.json()).toMatchObject({ inserted: 2, rejected: [] });
    const id1 = (await job('apply-1'))!.id;
    const id2 = (await job('apply-2'))!.id;

    const user = 'applicant';
    await postChat(t.url, { user, text: '/start', locale: 'en' });
    await postChat(t.url, { user, action: 'lang:en' });
    await postChat(t.url, { user, action: 'consent:yes' });
    const asked = await postChat(t.url, { user, action: `jobs:apply:${id1}` });
    expect(JSON.stringify(asked.messages)).toMatch(/phone number/);
    const confirm = await postChat(t.url, { user, text: '+6281234567890' });
    expect(JSON.stringify(confirm.messages)).toContain(`jobs:send:${id1}`);
    const sent = await postChat(t.url, { user, action: `jobs:send:${id1}` });
    expect(JSON.stringify(sent.messages)).toContain('Your application has gone to Warung Sari');
    // A second application: the phone is known now, so straight to the confirmation.
    const confirm2 = await postChat(t.url, { user, action: `jobs:apply:${id2}` });
    expect(JSON.stringify(confirm2.messages)).toContain(`jobs:send:${id2}`);
    await postChat(t.url, { user, action: `jobs:send:${id2}` });

    const res = await fetch(`${t.url}${APPLICATIONS}`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(res.status).toBe(200);
    const { applications } = (await res.json()) as { applications: Record<string, unknown>[] };
    expect(applications).toHaveLength(2);
    const first = applications.find((a) => a.job_external_id === 'apply-1');
    expect(first).toMatchObject({
      job_external_id: 'apply-1',
      job_title: 'Juru Masak',
      employer: 'Warung Sari',
      channel: 'web',
      locale: 'en',
      phone: '+6281234567890',
      job_still_listed: true,
    });
    expect(new Date(first!.created_at as string).getTime()).not.toBeNaN();

    const csvRes = await fetch(`${t.url}${APPLICATIONS}`, {
      headers: { authorization: `Bearer ${TOKEN}`, accept: 'text/csv' },
    });
    expect(csvRes.status).toBe(200);
    expect(csvRes.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(csvRes.headers.get('content-disposition')).toMatch(/attachment/);
    const text = await csvRes.text();
    const rows = parse(text, { bom: true }) as string[][];
    const header = rows[0]!;
    expect(header).toEqual(expect.arrayContaining(['job_external_id', 'job_title', 'employer', 'channel', 'phone']));
    expect(rows).toHaveLength(3);
    const cell = (row: string[], name: string) => row[header.indexOf(name)];
    const byJob = new Map(rows.slice(1).map((r) => [cell(r, 'job_external_id'), r]));
    const plain = byJob.get('apply-1')!;
    expect(cell(plain, 'job_title')).toBe('Juru Masak');
    expect(cell(plain, 'channel')).toBe('web');
    expect(cell(plain, 'phone')).toMatch(/^'?\+6281234567890$/); // a leading "+" may be quoted as text too
    const evil = byJob.get('apply-2')!;
    expect(cell(evil, 'job_title')).toBe(`'=HYPERLINK("http://evil.example","click")`);
    expect(cell(evil, 'employer')).toBe(`'@Evil Co`);
    // No cell of the file starts a formula.
    for (const row of rows) for (const c of row) expect(c).not.toMatch(/^[=+\-@\t\r]/);
  });
});

describe.each(BACKENDS)('without ADMIN_TOKEN on %s', (backend) => {
  let t: TestBot;
  beforeAll(async () => {
    t = await startTestBot(backend, {});
  });
  afterAll(async () => {
    await t?.close();
  });

  it('the admin routes do not exist, whatever token is sent', async () => {
    const imported = await fetch(`${t.url}${IMPORT}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
      body: JSON.stringify([{ external_id: 'x', title: 'Cook', employer: 'A', city: 'Surabaya' }]),
    });
    expect(imported.status).toBe(404);
    const listed = await fetch(`${t.url}${APPLICATIONS}`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(listed.status).toBe(404);
    expect((await t.bot.database.db.select({ n: count() }).from(jobs))[0]!.n).toBe(0);
    // The server itself answers.
    expect((await fetch(`${t.url}/healthz`)).status).toBe(200);
  });
});
