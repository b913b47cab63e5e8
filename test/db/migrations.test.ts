// A released migration is never edited: databases that already ran it would never see the change (drizzle's
// migrator only runs migrations newer than the last one applied). A change to db/schema.ts gets a new migration
// (`npm run db:generate`), whose sha256 is then added to test/db/migrations.sha256.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const folder = join(root, 'db/migrations');
const released = readFileSync(fileURLToPath(new URL('./migrations.sha256', import.meta.url)), 'utf8')
  .split('\n')
  .filter((l) => l.trim())
  .map((l) => {
    const [hash, file] = l.trim().split(/\s+/);
    return { hash: hash!, file: file! };
  });
const sha256 = (file: string) =>
  createHash('sha256')
    .update(readFileSync(join(folder, file)))
    .digest('hex');
const sqlFiles = () =>
  readdirSync(folder)
    .filter((f) => f.endsWith('.sql'))
    .sort();

describe('migrations', () => {
  it('no released migration has changed', () => {
    expect(released.length).toBeGreaterThanOrEqual(3);
    for (const { hash, file } of released) {
      expect(sqlFiles(), `${file} was released and may not be removed`).toContain(file);
      expect(sha256(file), `${file} was released and may not be edited: put the change in a new migration`).toBe(hash);
    }
  });

  it('every migration file is listed in test/db/migrations.sha256 and in the journal, in order', () => {
    const files = sqlFiles();
    expect(files, 'add new migrations to test/db/migrations.sha256').toEqual(released.map((r) => r.file));
    type Journal = { entries: { idx: number; when: number; tag: string }[] };
    const journal = JSON.parse(readFileSync(join(folder, 'meta/_journal.json'), 'utf8')) as Journal;
    expect(journal.entries.map((e) => `${e.tag}.sql`)).toEqual(files);
    expect(journal.entries.map((e) => e.idx)).toEqual(files.map((_, i) => i));
    // The migrator orders and skips by `when`: each must be later than the one before.
    const when = journal.entries.map((e) => e.when);
    for (let i = 1; i < when.length; i++) expect(when[i]).toBeGreaterThan(when[i - 1]!);
  });

  it('db/schema.ts has no change that is missing a migration', () => {
    const dir = mkdtempSync(join(tmpdir(), 'jb-migrations-'));
    try {
      cpSync(folder, join(dir, 'migrations'), { recursive: true });
      // drizzle-kit reads `out` relative to the working directory.
      const out = JSON.stringify(relative(root, join(dir, 'migrations')));
      const config = join(dir, 'drizzle.config.ts');
      writeFileSync(config, `export default { dialect: 'postgresql', schema: './db/schema.ts', out: ${out} };\n`);
      const kit = join(root, 'node_modules/.bin/drizzle-kit');
      const run = spawnSync(kit, ['generate', '--config', config], { cwd: root, encoding: 'utf8', timeout: 60_000 });
      expect(run.status, run.stderr).toBe(0);
      expect(run.stdout).toContain('No schema changes');
      expect(
        readdirSync(join(dir, 'migrations'))
          .filter((f) => f.endsWith('.sql'))
          .sort(),
      ).toEqual(sqlFiles());
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
