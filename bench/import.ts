// `npm run bench:import`: jobs import throughput as an operator would upload it — JSON files of 10,000 generated
// records (bench/jobs-generator.ts) read and imported with importJobs — on a throwaway real Postgres (100,000 rows)
// and on PGlite (20,000 rows), first as new jobs, then the same files again (all updates: the import is idempotent).
// Then where a file's time goes, phase by phase. Prints figures, asserts nothing.
import { performance } from 'node:perf_hooks';
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { type Database, type Executor, openDatabase, queryRows } from '../db/client.js';
import { importJobs } from '../bot/import/jobs.js';
import { readRecords } from '../bot/import/records.js';
import { detectLanguage } from '../bot/language.js';
import { terms } from '../bot/search/text.js';
import { occupationMatcher, placeMatcher, recognise } from '../bot/search/vocab.js';
import { startLocalCluster } from '../test/support/local-cluster.js';
import { generateJobs, type JobRecord } from './jobs-generator.js';

const SEED = 42;
const FILE_ROWS = 10_000;
const NOW = new Date('2025-06-01T00:00:00Z');
const POSTGRES_ROWS = Number(process.env.BENCH_IMPORT_ROWS ?? 100_000);
const PGLITE_ROWS = Number(process.env.BENCH_IMPORT_PGLITE_ROWS ?? 20_000);

/** The operator's files: each chunk as the JSON text they would upload. */
const files = (count: number) => [...generateJobs(count, SEED, { chunk: FILE_ROWS })].map((c) => JSON.stringify(c));

interface Pass {
  label: string;
  rows: number;
  inserted: number;
  updated: number;
  rejected: number;
  seconds: number;
  slowestFile: number;
}

async function importFiles(database: Database, label: string, bodies: string[]): Promise<Pass> {
  const pass: Pass = { label, rows: 0, inserted: 0, updated: 0, rejected: 0, seconds: 0, slowestFile: 0 };
  for (const body of bodies) {
    const t = performance.now();
    const rows = readRecords(body, 'json');
    const report = await importJobs(database.db, rows, { now: NOW });
    const s = (performance.now() - t) / 1000;
    pass.seconds += s;
    pass.slowestFile = Math.max(pass.slowestFile, s);
    pass.rows += rows.length;
    pass.inserted += report.inserted;
    pass.updated += report.updated;
    pass.rejected += report.rejected.length;
    if (report.rejected.length) console.log(`  rejected: ${JSON.stringify(report.rejected.slice(0, 3))}`);
  }
  return pass;
}

// Where a file's time goes, phase by phase, on one more file of new rows. Each phase of importJobs is run alone on
// the same records; "validation" is importJobs with a transaction that writes nothing; "in-process total" is
// importJobs on an executor that answers every statement at once; the last line is the real thing on Postgres.
async function phases(url: string): Promise<string> {
  const recs: JobRecord[] = generateJobs(FILE_ROWS, SEED + 1, { chunk: FILE_ROWS, prefix: 'phase' }).next().value ?? [];
  const body = JSON.stringify(recs);
  const rows = readRecords(body, 'json');
  const database = await openDatabase({ url, poolSize: 2 });
  const client = postgres(url, { max: 1, onnotice: () => {} });
  try {
    // importJobs against an executor that answers every statement at once: all of its own work, no database.
    const dry = {
      transaction: (fn: (tx: unknown) => Promise<void>) => fn({ execute: async () => [] }),
    } as unknown as Executor;
    const validateOnly = { transaction: async () => {} } as unknown as Executor;
    const list: [string, () => Promise<unknown> | unknown][] = [
      ['read JSON file (readRecords)', () => readRecords(body, 'json')],
      ['validation (zod) and duplicate check', () => importJobs(validateOnly, rows, { now: NOW })],
      [
        'recognise occupation (title, description)',
        () => {
          for (const j of recs) recognise(occupationMatcher, j.title) ?? recognise(occupationMatcher, j.description);
        },
      ],
      [
        'recognise place (city)',
        () => {
          for (const j of recs) recognise(placeMatcher, j.city);
        },
      ],
      [
        'detect language (title. description)',
        async () => {
          for (const j of recs) await detectLanguage([j.title, j.description].filter(Boolean).join('. '));
        },
      ],
      [
        'fold + terms() of title, employer, description',
        () => {
          for (const j of recs) {
            terms(j.title);
            terms(j.employer);
            terms(j.description ?? '');
          }
        },
      ],
      ['in-process total: importJobs with a database that answers at once', () => importJobs(dry, rows, { now: NOW })],
    ];
    const timings: [string, number][] = [];
    for (const [name, run] of list) {
      await run(); // warm
      const t = performance.now();
      await run();
      timings.push([name, performance.now() - t]);
    }
    await client`delete from jobs where external_id like 'phase-%'`;
    const t = performance.now();
    await importJobs(database.db, rows, { now: NOW });
    timings.push(['importJobs end to end on Postgres (new rows)', performance.now() - t]);
    return [
      `\nwhere the time goes: one file (${FILE_ROWS.toLocaleString('en')} new rows), second run of each phase\n`,
      `${'phase'.padEnd(64)}      ms   µs/row`,
      ...timings.map(
        ([name, ms]) =>
          `${name.padEnd(64)} ${ms.toFixed(0).padStart(7)} ${((ms * 1000) / FILE_ROWS).toFixed(1).padStart(8)}`,
      ),
    ].join('\n');
  } finally {
    await client.end();
    await database.close();
  }
}

const table: (Pass & { db: string })[] = [];
let breakdown = '';
const started = performance.now();

// Postgres: a throwaway cluster with a modest server's memory.
const settings = { shared_buffers: '512MB', max_wal_size: '4GB' };
const cluster = await startLocalCluster(settings);
try {
  const database = await openDatabase({ url: cluster.url, poolSize: 4 });
  try {
    const bodies = files(POSTGRES_ROWS);
    // Warm-up outside the figures: eld's n-gram tables load on the first Latin text (0.5–4 s, once per process).
    await detectLanguage('we are hiring a driver in Manila');
    table.push({ db: 'postgres', ...(await importFiles(database, 'new', bodies)) });
    table.push({ db: 'postgres', ...(await importFiles(database, 're-import', bodies)) });
    const [count] = await queryRows<{ n: number }>(database.db, sql`select count(*)::int as n from jobs`);
    console.log(`postgres: ${count!.n} jobs in the table after both passes`);
  } finally {
    await database.close();
  }
  breakdown = await phases(cluster.url);
} finally {
  cluster.stop();
}

// PGlite, in memory.
{
  const database = await openDatabase({});
  try {
    const bodies = files(PGLITE_ROWS);
    table.push({ db: 'pglite', ...(await importFiles(database, 'new', bodies)) });
    table.push({ db: 'pglite', ...(await importFiles(database, 're-import', bodies)) });
  } finally {
    await database.close();
  }
}

console.log(
  `\njobs import: files of ${FILE_ROWS.toLocaleString('en')} rows (JSON read + importJobs), ${process.platform} ` +
    `${process.arch}, Postgres ${settings.shared_buffers} shared_buffers\n`,
);
console.log('db        pass         rows   inserted   updated   rejected   seconds   rows/s   slowest file s');
for (const p of table)
  console.log(
    `${p.db.padEnd(9)} ${p.label.padEnd(10)} ${String(p.rows).padStart(7)} ${String(p.inserted).padStart(10)} ` +
      `${String(p.updated).padStart(9)} ${String(p.rejected).padStart(10)} ${p.seconds.toFixed(1).padStart(9)} ` +
      `${Math.round(p.rows / p.seconds)
        .toString()
        .padStart(8)} ${p.slowestFile.toFixed(2).padStart(16)}`,
  );

console.log(breakdown);
console.log(`\ntotal bench time ${((performance.now() - started) / 1000).toFixed(0)} s`);
