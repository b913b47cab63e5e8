// Opens the database: Postgres (postgres-js) when a URL is given, embedded PGlite otherwise; applies migrations.
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { sql, type SQL } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import { DataDirBusyError, lockDataDir } from './lock.js';
import * as schema from './schema.js';

export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
export type Executor = Db | Tx;

export interface Database {
  db: Db;
  kind: 'postgres' | 'pglite';
  /**
   * Calls `onPayload` for each NOTIFY on `channel`, from any process, as its transaction commits. Postgres: one
   * dedicated connection per process, re-established after a drop, when `onReconnect` says notifications may have
   * been missed. Resolves once listening, to the function that stops it.
   */
  listen(channel: string, onPayload: (payload: string) => void, onReconnect?: () => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

const migrationsFolder = fileURLToPath(new URL('./migrations', import.meta.url));
// Any fixed number: every process that migrates takes this lock first, so two starting at once don't race.
const MIGRATION_LOCK = 727_001;
const CONNECT_TIMEOUT_S = 3;

// Errors that say the database is out of reach (not that a query was wrong): postgres-js connection codes, and
// SQLSTATE classes 08 (connection exception), 57P (operator intervention: shutdown) and 53300 (too many clients).
const UNREACHABLE = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENOTFOUND',
  'EPIPE',
  'CONNECT_TIMEOUT',
  'CONNECTION_CLOSED',
  'CONNECTION_ENDED',
  'CONNECTION_DESTROYED',
  '53300',
]);

/** Whether an error (or its cause, as drizzle wraps them) means the database is unavailable right now. */
export function isDatabaseUnavailable(err: unknown): boolean {
  for (let e = err, depth = 0; e && typeof e === 'object' && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = String((e as { code?: unknown }).code ?? '');
    if (UNREACHABLE.has(code) || code.startsWith('08') || code.startsWith('57P')) return true;
  }
  return false;
}

export async function openDatabase(opts: { url?: string; dataDir?: string; poolSize?: number }): Promise<Database> {
  if (opts.url) {
    // A database that does not answer must fail a request in seconds (the default waits 30 s to connect).
    const client = postgres(opts.url, {
      max: opts.poolSize ?? 20,
      onnotice: () => {},
      connect_timeout: CONNECT_TIMEOUT_S,
    });
    const db = drizzlePostgres(client, { schema }) as unknown as Db;
    const lock = await client.reserve();
    try {
      await lock`select pg_advisory_lock(${MIGRATION_LOCK})`;
      await migratePostgres(drizzlePostgres(client, { schema }), { migrationsFolder });
      await lock`select pg_advisory_unlock(${MIGRATION_LOCK})`;
    } finally {
      lock.release();
    }
    const listen: Database['listen'] = async (channel, onPayload, onReconnect) => {
      let connected = false; // postgres-js calls back on the first connection too: that one missed nothing
      const req = await client.listen(channel, onPayload, () => {
        if (connected) onReconnect?.();
        connected = true;
      });
      return () => req.unlisten();
    };
    return { db, kind: 'postgres', listen, close: () => client.end({ timeout: 5 }) };
  }
  if (opts.dataDir) mkdirSync(opts.dataDir, { recursive: true });
  const lock = opts.dataDir ? await lockDataDir(opts.dataDir) : null;
  const client = new PGlite(opts.dataDir);
  const db = drizzlePglite(client, { schema }) as unknown as Db;
  await migratePglite(drizzlePglite(client, { schema }), { migrationsFolder });
  return {
    db,
    kind: 'pglite',
    listen: (channel, onPayload) => client.listen(channel, onPayload),
    close: async () => {
      await client.close();
      await lock?.release();
    },
  };
}

/** For commands (`npm start`, `npm run chat`): a folder another process holds ends this one with the reason. */
export async function openDatabaseOrExit(opts: Parameters<typeof openDatabase>[0]): Promise<Database> {
  try {
    return await openDatabase(opts);
  } catch (err) {
    if (!(err instanceof DataDirBusyError)) throw err;
    process.stderr.write(`${err.message}\n`);
    process.exit(1);
  }
}

// postgres-js answers raw SQL with an array, PGlite with { rows }: one shape for both.
export async function queryRows<T>(db: Executor, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as T[] | { rows: T[] };
  return Array.isArray(result) ? result : result.rows;
}

/** Whether the database answers within `timeoutMs`. */
export async function ping(db: Db, timeoutMs = 1000): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  const answered = db.execute(sql`select 1`).then(
    () => true,
    () => false,
  );
  try {
    return await Promise.race([answered, late]);
  } finally {
    clearTimeout(timer);
  }
}
