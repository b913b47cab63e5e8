// One process per embedded database folder: a second opener is refused with a clear message, and the folder is
// free again as soon as its holder closes or dies (the SIGKILL case is in test/e2e/processes.test.ts).
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/client.js';
import { DataDirBusyError } from '../../db/lock.js';

// Opening an embedded database takes seconds, more on a loaded machine: these tests get room for that.
describe('embedded database folder lock', { timeout: 180_000 }, () => {
  it('refuses a second opener of the same folder and frees the folder on close', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'jb-lock-'));
    const first = await openDatabase({ dataDir: dir });
    await expect(openDatabase({ dataDir: dir })).rejects.toBeInstanceOf(DataDirBusyError);
    await first.close();
    const again = await openDatabase({ dataDir: dir });
    await again.close();
  });

  it('a second `npm start` on the same DATA_DIR exits with a message saying why', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'jb-lock-'));
    const held = await openDatabase({ dataDir: join(dataDir, 'pglite') });
    try {
      const child = spawn(process.execPath, ['--import', 'tsx', 'main.ts'], {
        env: { ...process.env, DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'silent' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stderr = '';
      child.stderr.on('data', (d) => {
        stderr += d;
      });
      const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
      expect(code).toBe(1);
      expect(stderr).toMatch(/already using the embedded database/);
    } finally {
      await held.close();
    }
  });
});
