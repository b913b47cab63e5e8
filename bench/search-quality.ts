// `npm run bench:search-quality`: recall@10 and MRR of the job search per locale on the labelled set
// (bench/search-quality/), beside a plain baseline in the same run. `--misses` lists the queries that fell short.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../db/client.js';
import { baseline, evaluate, loadQualitySet, ours, QUALITY_JOBS, QUALITY_QUERIES } from './search-quality/evaluate.js';

const dir = mkdtempSync(join(tmpdir(), 'jobbuddy-quality-'));
const database = await openDatabase({ dataDir: dir });
try {
  await loadQualitySet(database.db);
  const a = await evaluate(database.db, ours);
  const b = await evaluate(database.db, baseline);
  const f = (x: number) => x.toFixed(3);
  console.log(`search quality: ${QUALITY_QUERIES.length} labelled queries over ${QUALITY_JOBS.length} jobs (PGlite)\n`);
  console.log('locale   queries   recall@10 ours / baseline   MRR ours / baseline');
  for (const [locale, s] of [...a.byLocale].sort()) {
    const base = b.byLocale.get(locale)!;
    console.log(
      `${locale.padEnd(8)} ${String(s.queries).padStart(7)}   ${f(s.recall).padStart(9)} / ${f(base.recall).padEnd(12)}   ${f(s.mrr)} / ${f(base.mrr)}`,
    );
  }
  console.log(
    `${'all'.padEnd(8)} ${String(a.all.queries).padStart(7)}   ${f(a.all.recall).padStart(9)} / ${f(b.all.recall).padEnd(12)}   ${f(a.all.mrr)} / ${f(b.all.mrr)}`,
  );
  if (process.argv.includes('--misses'))
    for (const m of a.misses)
      console.log(`\n[${m.locale}] ${m.q}\n  got      ${m.got.join(' ')}\n  relevant ${m.relevant.join(' ')}`);
} finally {
  await database.close();
  rmSync(dir, { recursive: true, force: true });
}
