// Logs carry no personal data: a failed query's parameters (ids, message texts) and message texts are dropped.
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../bot/log.js';
import { users } from '../db/schema.js';
import { freshDatabase } from './support/databases.js';

describe('logs', () => {
  it('keep the database\'s reason for a failed query but not its parameters', async () => {
    const database = await freshDatabase('pglite');
    let err: unknown;
    try {
      const row = { channel: 'web', platformUserId: 'secret-user-42', chatId: 'x', locale: 'en' };
      await database.db.insert(users).values(row);
      await database.db.insert(users).values(row);
    } catch (e) {
      err = e;
    } finally {
      await database.close();
    }
    expect(String(err)).toContain('secret-user-42'); // the raw error does quote it
    let out = '';
    const log = createLogger('info', new Writable({ write(chunk, _enc, done) { out += String(chunk); done(); } }));
    log.error({ err, text: 'my boss has not paid me' }, 'request failed');
    expect(out).toContain('duplicate key value violates unique constraint');
    expect(out).not.toContain('secret-user-42');
    expect(out).not.toContain('has not paid');
  });
});
