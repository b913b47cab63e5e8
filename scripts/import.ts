// `npm run import -- jobs FILE.csv|FILE.json`: the admin import from the command line, with a progress bar. On the
// embedded database it needs the bot stopped (PGlite allows one process per folder); the HTTP import does not.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { SingleBar } from 'cli-progress';
import { loadConfig } from '../bot/config.js';
import { importFairs } from '../bot/import/fairs.js';
import { importJobs } from '../bot/import/jobs.js';
import { importLegal } from '../bot/import/legal.js';
import { formatOf, ImportFormatError, readRecords } from '../bot/import/records.js';
import { openDatabaseOrExit } from '../db/client.js';

const KINDS = { jobs: importJobs, fairs: importFairs, legal: importLegal } as const;
const usage = `usage: npm run import -- ${Object.keys(KINDS).join('|')} FILE.csv|FILE.json`;

const [kind, file] = process.argv.slice(2);
const run = KINDS[kind as keyof typeof KINDS];
const format = file ? formatOf(file) : null;
if (!run || !file || !format) {
  process.stderr.write(`${usage}\n`);
  process.exit(2);
}

let body: string;
try {
  body = readFileSync(file, 'utf8');
} catch (err) {
  process.stderr.write(`cannot read ${file}: ${(err as Error).message}\n`);
  process.exit(2);
}

const config = loadConfig();
const database = await openDatabaseOrExit(
  config.DATABASE_URL ? { url: config.DATABASE_URL } : { dataDir: resolve(config.DATA_DIR, 'pglite') },
);
const bar = new SingleBar({
  format: `${kind} [{bar}] {percentage}% | {value}/{total} rows | {eta}s left`,
  hideCursor: true,
});
try {
  const rows = readRecords(body, format);
  bar.start(rows.length, 0);
  const report = await run(database.db, rows, { now: new Date(), onProgress: (done) => bar.update(done) });
  bar.update(rows.length - report.rejected.length);
  bar.stop();
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  process.exitCode = report.rejected.length ? 1 : 0;
} catch (err) {
  bar.stop();
  if (!(err instanceof ImportFormatError)) throw err;
  process.stderr.write(`${file}: ${err.message}\n`);
  process.exitCode = 2;
} finally {
  await database.close();
}
