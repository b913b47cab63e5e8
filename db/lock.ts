// One process per embedded database folder: PGlite has no server to arbitrate, and two processes writing one folder
// corrupt it. The lock is a listening Unix socket named after the folder: the kernel drops it when the process dies,
// even by SIGKILL, so there is no stale lock to clean up after a crash (a lock file would need a timeout instead,
// which is why this is hand-written rather than a lock-file package).
import { createHash } from 'node:crypto';
import { realpathSync, rmSync } from 'node:fs';
import { createConnection, createServer, type Server } from 'node:net';
import { join } from 'node:path';

export class DataDirBusyError extends Error {
  constructor(readonly dataDir: string) {
    super(
      `Another JobBuddy process is already using the embedded database in ${dataDir}. ` +
        'Stop it first, give this one its own DATA_DIR, or set DATABASE_URL to share a Postgres server.',
    );
  }
}

// Linux has an abstract socket namespace (no file at all); elsewhere a socket file in the folder itself.
const socketPath = (dir: string) =>
  process.platform === 'linux'
    ? `\0jobbuddy-pglite-${createHash('sha256').update(realpathSync(dir)).digest('hex').slice(0, 32)}`
    : join(dir, '.jobbuddy.lock');

const inUse = (path: string) =>
  new Promise<boolean>((resolve) => {
    const probe = createConnection(path);
    probe.once('connect', () => {
      probe.destroy();
      resolve(true);
    });
    probe.once('error', () => resolve(false));
  });

const listen = (server: Server, path: string) =>
  new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(path, () => {
      server.off('error', reject);
      resolve();
    });
  });

/** Holds the folder until `release` (or the process ends); refuses with DataDirBusyError when it is held. */
export async function lockDataDir(dir: string): Promise<{ release(): Promise<void> }> {
  const path = socketPath(dir);
  if (await inUse(path)) throw new DataDirBusyError(dir);
  // A socket file left by a crashed process answers nothing: take its place.
  if (!path.startsWith('\0')) rmSync(path, { force: true });
  const server = createServer((socket) => socket.destroy());
  try {
    await listen(server, path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') throw new DataDirBusyError(dir);
    throw err;
  }
  server.unref(); // the lock alone never keeps the process alive
  return { release: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
