// `npm run import -- jobs FILE` as an operator runs it: a child process on an embedded database in its own DATA_DIR,
// its exit codes (0 all in, 1 some rows rejected, 2 usage or unreadable file) and printed report, and the jobs found
// in that database afterwards.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { asc } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/client.js';
import { jobs } from '../../db/schema.js';

const dataDir = mkdtempSync(join(tmpdir(), 'jobbuddy-import-cli-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

/** Runs `npm run import -- ...args` to its end, on the embedded database in dataDir. */
function runImport(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done, fail) => {
    const child = spawn('npm', ['run', 'import', '--', ...args], {
      env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '', LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    child.once('error', fail);
    child.once('close', (code) => done({ code, stdout, stderr }));
  });
}

/** The JSON report the script prints after npm's own header lines. */
const reportOf = (stdout: string) => JSON.parse(stdout.slice(stdout.search(/^\{/m)));

const file = (name: string, text: string) => {
  const path = join(dataDir, name);
  writeFileSync(path, text);
  return path;
};

describe('npm run import -- jobs FILE', () => {
  // Each run that opens the embedded database takes several seconds (more on a busy machine).
  it('imports a CSV (exit 0), then reports a bad row (exit 1); the jobs stay in DATA_DIR', {
    timeout: 240_000,
  }, async () => {
    const good = file(
      'jobs.csv',
      [
        '\uFEFFexternal_id,title,employer,city,salary_min,salary_max,salary_period,suitable_for',
        'cli-1,电子厂普工,重庆星辰电子,重庆市,"5,000","7,000",month,migrant_workers|no_experience',
        'cli-2,Sopir Pengiriman,"PT Kirim, Cepat",Kota Bandung,,,,',
      ].join('\r\n'),
    );
    const first = await runImport('jobs', good);
    expect(first.code, first.stderr).toBe(0);
    expect(reportOf(first.stdout)).toEqual({ inserted: 2, updated: 0, rejected: [] });

    const bad = file(
      'jobs-bad.csv',
      [
        'external_id,title,employer,city,salary_period',
        'cli-1,电子厂普工（长白班）,重庆星辰电子,重庆市,month',
        'cli-3,Cook,Warung Sari,Surabaya,weekly',
        'cli-4,Cook,Warung Sari,Surabaya,',
      ].join('\n'),
    );
    const second = await runImport('jobs', bad);
    expect(second.code, second.stderr).toBe(1);
    expect(reportOf(second.stdout)).toEqual({
      inserted: 1,
      updated: 1,
      rejected: [{ row: 2, line: 3, reason: expect.stringMatching(/^salary_period\b/) }],
    });

    // The processes have exited: their database is free to open, and holds the file's jobs.
    const database = await openDatabase({ dataDir: resolve(dataDir, 'pglite') });
    try {
      const rows = await database.db.select().from(jobs).orderBy(asc(jobs.externalId));
      expect(rows.map((j) => j.externalId)).toEqual(['cli-1', 'cli-2', 'cli-4']);
      expect(rows[0]).toMatchObject({
        title: '电子厂普工（长白班）',
        placeId: 'cn-500000',
        currency: 'CNY',
        // The second file left salary out: an import replaces the whole record.
        salaryMin: null,
      });
      expect(rows[1]).toMatchObject({
        employer: 'PT Kirim, Cepat',
        occupation: 'delivery-van-driver',
        placeId: 'id-bandung',
        currency: 'IDR',
        lang: 'id',
      });
    } finally {
      await database.close();
    }
  });

  it('exits 2 with the usage for an unknown kind or no file, and names a file it cannot read', {
    timeout: 120_000,
  }, async () => {
    const good = file('usage.csv', 'external_id,title,employer,city\nu-1,Cook,A,Surabaya\n');
    // None of these gets as far as the database, so they may run side by side.
    const [unknownKind, noFile, missing] = await Promise.all([
      runImport('employers', good),
      runImport('jobs'),
      runImport('jobs', join(dataDir, 'no-such-file.csv')),
    ]);
    expect(unknownKind.code).toBe(2);
    expect(unknownKind.stderr).toMatch(/usage: npm run import -- jobs/);
    expect(unknownKind.stdout).not.toMatch(/"inserted"/);
    expect(noFile.code).toBe(2);
    expect(noFile.stderr).toMatch(/usage: npm run import/);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/no-such-file\.csv/);
  });
});
