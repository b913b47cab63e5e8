// The floor under search quality: the labelled set of bench/search-quality (every locale, typos, synonyms,
// cross-language), on both databases. `npm run bench:search-quality` prints the figures.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../../db/client.js';
import { baseline, evaluate, loadQualitySet, ours } from '../../../bench/search-quality/evaluate.js';
import { BACKENDS, freshDatabase } from '../../support/databases.js';

describe.each(BACKENDS)('search quality on %s', (backend) => {
  let database: Database;
  beforeAll(async () => {
    database = await freshDatabase(backend);
    await loadQualitySet(database.db);
  });
  afterAll(async () => {
    await database?.close();
  });

  it('finds the right jobs for at least 90% of what is relevant (recall@10) and ranks them first (MRR ≥ 0.8)', async () => {
    const { all, byLocale } = await evaluate(database.db, ours);
    expect(all.recall).toBeGreaterThanOrEqual(0.9);
    expect(all.mrr).toBeGreaterThanOrEqual(0.8);
    for (const [locale, s] of byLocale) {
      expect(s.recall, `${locale} recall@10`).toBeGreaterThanOrEqual(0.8);
      expect(s.mrr, `${locale} MRR`).toBeGreaterThanOrEqual(0.75);
    }
    expect(byLocale.size).toBe(8);
  });

  it('is far above a plain full-text and ILIKE search over the same jobs', async () => {
    const [a, b] = [await evaluate(database.db, ours), await evaluate(database.db, baseline)];
    expect(a.all.recall - b.all.recall).toBeGreaterThan(0.5);
    expect(a.all.mrr - b.all.mrr).toBeGreaterThan(0.5);
  });
});
