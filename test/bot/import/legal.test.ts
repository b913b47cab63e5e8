// Legal articles through POST /api/admin/legal/import on both databases: every locale's answer and questions and a
// citation are required, each bad row is reported with its reason, and a second import updates by external_id.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCALES } from '../../../bot/i18n.js';
import { legalArticles } from '../../../db/schema.js';
import { startTestBot, type TestBot } from '../../support/bot.js';
import { BACKENDS } from '../../support/databases.js';

const ADMIN = 'legal-admin-token-0123456789';
const everyLocale = <T>(f: (l: string) => T) => Object.fromEntries(LOCALES.map((l) => [l, f(l)]));
const article = (id: string, extra: Record<string, unknown> = {}) => ({
  external_id: id,
  jurisdiction: 'CN',
  topic: 'wages',
  urgent: false,
  checked: '2026-11-30',
  citations: [{ law: '劳动合同法', law_en: 'Labor Contract Law', article: '30' }],
  where_to_go: ['labor_inspection', 'union_hotline'],
  questions: everyLocale((l) => [`unpaid wages (${l})`]),
  answer: everyLocale((l) => `The employer must pay wages in full and on time (${l}).`),
  ...extra,
});

describe.each(BACKENDS)('legal import (%s)', (backend) => {
  let bot: TestBot;
  beforeAll(async () => {
    bot = await startTestBot(backend, { ADMIN_TOKEN: ADMIN }, { background: false });
  });
  afterAll(async () => {
    await bot?.close();
  });
  const post = async (records: unknown) => {
    const res = await fetch(`${bot.url}/api/admin/legal/import`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
      body: JSON.stringify(records),
    });
    return {
      status: res.status,
      body: (await res.json()) as { inserted: number; updated: number; rejected: { row: number; reason: string }[] },
    };
  };

  it('stores good articles, reports each bad one with its reason, and updates by external_id', async () => {
    const { answer, ...noZhTw } = article('cn-bad-1');
    const { status, body } = await post([
      article('cn-wages-1'),
      { ...noZhTw, answer: { ...answer, 'zh-TW': undefined } },
      article('cn-bad-2', { citations: [] }),
      article('cn-bad-3', { jurisdiction: 'China' }),
      article('cn-bad-4', { checked: 'yesterday' }),
      article('cn-bad-5', { where_to_go: ['the moon'] }),
    ]);
    expect(status).toBe(200);
    expect(body.inserted).toBe(1);
    expect(body.rejected.map((r) => [r.row, r.reason.split(':')[0]])).toEqual([
      [2, 'answer.zh-TW'],
      [3, 'citations'],
      [4, 'jurisdiction'],
      [5, 'checked'],
      [6, 'where_to_go.0'],
    ]);
    expect((await post([article('cn-wages-1', { urgent: true })])).body).toMatchObject({ inserted: 0, updated: 1 });
    const [stored] = await bot.bot.database.db
      .select()
      .from(legalArticles)
      .where(eq(legalArticles.externalId, 'cn-wages-1'));
    expect(stored).toMatchObject({ jurisdiction: 'CN', topic: 'wages', urgent: true, checked: '2026-11-30' });
    expect(stored!.answer['vi']).toContain('(vi)');
  });
});
