// Legal articles import (`npm run import -- legal FILE.json`, POST /api/admin/legal/import): a JSON array, idempotent
// by external_id, every bad row reported. An article must answer in every locale, name the questions it answers in
// every locale, and cite at least one law and article with the date the rule was checked.
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Executor } from '../../db/client.js';
import { LEGAL_PLACES, LEGAL_TOPICS, legalArticles } from '../../db/schema.js';
import { LOCALES } from '../i18n.js';
import { checkRows, fromExcluded, type ImportReport, requiredText, type Row } from './records.js';

const perLocale = <T extends z.ZodType>(value: T) =>
  z.object(Object.fromEntries(LOCALES.map((l) => [l, value])) as Record<(typeof LOCALES)[number], T>);

const articleRow = z.object({
  external_id: requiredText(200),
  jurisdiction: z.string().regex(/^[A-Z]{2}$/, 'expected a country code such as CN, ID or TW'),
  topic: z.enum(LEGAL_TOPICS, { message: `expected one of ${LEGAL_TOPICS.join(', ')}` }),
  urgent: z.boolean().default(false),
  under_revision: z.boolean().default(false),
  checked: z.iso.date({ message: 'expected the date the rule was checked, YYYY-MM-DD' }),
  citations: z
    .array(z.object({ law: requiredText(300), law_en: requiredText(300).optional(), article: requiredText(50) }))
    .min(1, 'cite at least one law and article'),
  where_to_go: z.array(z.enum(LEGAL_PLACES, { message: `expected items of ${LEGAL_PLACES.join(', ')}` })).default([]),
  questions: perLocale(z.array(requiredText(500)).min(1, 'give at least one question')),
  answer: perLocale(requiredText(4000)),
});

export async function importLegal(db: Executor, rows: Row[], opts: { now: Date }): Promise<ImportReport> {
  const { good, rejected } = checkRows(rows, articleRow);
  const report: ImportReport = { inserted: 0, updated: 0, rejected };
  if (!good.length) return report;
  const values = good.map((a) => ({
    externalId: a.external_id,
    jurisdiction: a.jurisdiction,
    topic: a.topic,
    urgent: a.urgent,
    underRevision: a.under_revision,
    checked: a.checked,
    citations: a.citations,
    whereToGo: a.where_to_go,
    questions: a.questions,
    answer: a.answer,
    createdAt: opts.now,
    updatedAt: opts.now,
  }));
  const written = await db
    .insert(legalArticles)
    .values(values)
    .onConflictDoUpdate({ target: legalArticles.externalId, set: fromExcluded(legalArticles, values[0]!) })
    // xmax is 0 on a row this statement inserted, set on one it updated.
    .returning({ inserted: sql<boolean>`(xmax = 0)` });
  for (const w of written) w.inserted ? report.inserted++ : report.updated++;
  return report;
}
