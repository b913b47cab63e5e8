// Every database test runs twice: on embedded PGlite and on the real Postgres from global-setup.
import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { inject } from 'vitest';
import { openDatabase, type Database } from '../../db/client.js';

export type Backend = 'pglite' | 'postgres';
export const BACKENDS: Backend[] = ['pglite', 'postgres'];

/** A fresh, migrated, empty database; for Postgres also its URL, so other processes can share it. */
export async function freshDatabase(backend: Backend): Promise<Database & { url?: string }> {
  if (backend === 'pglite') return openDatabase({});
  const url = await freshPostgresUrl();
  return { ...(await openDatabase({ url })), url };
}

export async function freshPostgresUrl(): Promise<string> {
  const base = inject('postgresUrl');
  const name = `t_${randomBytes(6).toString('hex')}`;
  const admin = postgres(base, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  await admin.end();
  const u = new URL(base);
  u.pathname = `/${name}`;
  return u.toString();
}
