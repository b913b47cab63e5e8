// Minted web identities: one secret per deployment, shared through the database or set by WEB_SESSION_SECRET.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { webEventId, webIdentity } from '../../../adapters/web/identity.js';
import { loadConfig } from '../../../bot/config.js';
import type { Database } from '../../../db/client.js';
import { BACKENDS, freshDatabase } from '../../support/databases.js';

const B64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

describe.each(BACKENDS)('web identities on %s', (backend) => {
  let database: Database;
  beforeAll(async () => {
    database = await freshDatabase(backend);
  });
  afterAll(async () => {
    await database?.close();
  });

  it('two processes on one database agree on the generated secret, even when both start at once', async () => {
    const [a, b] = [webIdentity(database.db), webIdentity(database.db)];
    const [ta, tb] = await Promise.all([a.mint(), b.mint()]);
    expect(await b.verify(ta)).toBe(ta.split('.')[0]);
    expect(await a.verify(tb)).toBe(tb.split('.')[0]);
  });

  it('WEB_SESSION_SECRET, when set, signs instead; tokens of another secret are refused', async () => {
    expect(loadConfig({ WEB_SESSION_SECRET: 'a long configured secret' }).WEB_SESSION_SECRET).toBeTruthy();
    const configured = webIdentity(database.db, 'a long configured secret');
    const stored = webIdentity(database.db);
    const token = await configured.mint();
    expect(await webIdentity(database.db, 'a long configured secret').verify(token)).toBe(token.split('.')[0]);
    expect(await stored.verify(token)).toBeUndefined();
    expect(await configured.verify(await stored.mint())).toBeUndefined();
  });

  it('refuses anything but the exact token: other spellings, truncations, garbage', async () => {
    const identity = webIdentity(database.db);
    const token = await identity.mint();
    const [id, sig] = token.split('.') as [string, string];
    // 16 bytes fill 22 base64url characters with 4 bits to spare: 15 other last characters decode to the same bytes.
    const i = B64URL.indexOf(sig.at(-1)!);
    const respelled = [...B64URL.slice(i - (i % 16), i - (i % 16) + 16)]
      .map((c) => `${id}.${sig.slice(0, -1)}${c}`)
      .filter((t) => t !== token);
    expect(respelled).toHaveLength(15);
    expect(Buffer.from(respelled[0]!.split('.')[1]!, 'base64url')).toEqual(Buffer.from(sig, 'base64url'));
    const garbage = [`${token}=`, ` ${token}`, id, `${id}.`, '', '\u0000', `${id}.${sig.slice(0, 21)}`];
    for (const bad of [...respelled, ...garbage]) {
      expect(await identity.verify(bad), JSON.stringify(bad)).toBeUndefined();
    }
  });
});

it('a client message id is scoped to its user and carries neither the token nor the id itself', () => {
  expect(webEventId('user-a', 'm1')).not.toBe(webEventId('user-b', 'm1'));
  expect(webEventId('user-a', 'm1')).toBe(webEventId('user-a', 'm1'));
});
