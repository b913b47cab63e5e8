// Logs carry no personal data: a failed query's parameters (ids, message texts) and message texts are dropped.
// They are JSON lines for machines (stdout a pipe or a file) and readable lines in a terminal, redacted alike.
import { spawnSync } from 'node:child_process';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../bot/log.js';
import { users } from '../../db/schema.js';
import { freshDatabase } from '../support/databases.js';

const root = fileURLToPath(new URL('../../', import.meta.url));

const sink = () => {
  const out = { text: '' };
  return {
    out,
    stream: new Writable({
      write(chunk, _enc, done) {
        out.text += String(chunk);
        done();
      },
    }),
  };
};

const secrets = {
  text: 'my boss has not paid me',
  phone: '+62 812 3456 7890',
  headers: {
    authorization: 'Bearer admin-secret',
    'x-line-signature': 'sig-secret',
    'x-telegram-bot-api-secret-token': 'tg-secret',
  },
  event: { text: 'nested message text', token: 'reply-token-secret' },
};
const SECRET_PARTS = [
  'has not paid',
  '3456',
  'admin-secret',
  'sig-secret',
  'tg-secret',
  'nested message',
  'reply-token-secret',
];
const leaked = (out: string) => SECRET_PARTS.filter((s) => out.includes(s));

// A child process, so that its stdout is really a pipe or a terminal (vitest's own stdout is neither here).
const LOG_ONE = `import { createLogger } from './bot/log.ts';
createLogger('info').info(${JSON.stringify(secrets)}, 'user wrote');`;

describe('logs', () => {
  it("keep the database's reason for a failed query but not its parameters", async () => {
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
    const { out, stream } = sink();
    const log = createLogger('info', stream);
    log.error({ err, text: 'my boss has not paid me' }, 'request failed');
    expect(out.text).toContain('duplicate key value violates unique constraint');
    expect(out.text).not.toContain('secret-user-42');
    expect(out.text).not.toContain('has not paid');
  });

  it('to a stream: one JSON object per line, with tokens, signatures, texts and phones redacted', () => {
    const { out, stream } = sink();
    createLogger('info', stream).info(secrets, 'user wrote');
    const lines = out.text.trim().split('\n');
    expect(lines).toHaveLength(1);
    const record = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect(record).toMatchObject({ level: 30, msg: 'user wrote', text: '[redacted]', phone: '[redacted]' });
    const hidden = '[redacted]';
    expect(record.headers).toEqual({
      authorization: hidden,
      'x-line-signature': hidden,
      'x-telegram-bot-api-secret-token': hidden,
    });
    expect(record.event).toEqual({ text: '[redacted]', token: '[redacted]' });
    expect(leaked(out.text)).toEqual([]);
  });

  it('readable when asked for, and redacted the same way', () => {
    const { out, stream } = sink();
    createLogger('info', stream, { pretty: true }).info(secrets, 'user wrote');
    expect(out.text).toContain('INFO');
    expect(out.text).toContain('user wrote');
    expect(out.text).toContain('[redacted]');
    expect(() => JSON.parse(out.text)).toThrow();
    expect(leaked(out.text)).toEqual([]);
  });

  it('stdout a pipe (a collector, a file): JSON lines', () => {
    const args = ['--import', 'tsx', '--input-type=module', '-e', LOG_ONE];
    const run = spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
    const record = JSON.parse(run.stdout.trim()) as Record<string, unknown>;
    expect(record).toMatchObject({ level: 30, msg: 'user wrote', text: '[redacted]' });
    expect(leaked(run.stdout)).toEqual([]);
  });

  // `script` (util-linux) gives the child a pseudo-terminal as stdout.
  const hasScript = spawnSync('script', ['--version']).status === 0;
  it.skipIf(!hasScript)('stdout a terminal: readable lines, not JSON, still redacted', () => {
    const command = `'${process.execPath}' --import tsx --input-type=module -e '${LOG_ONE.replaceAll("'", "'\\''")}'`;
    const env = { ...process.env, TERM: 'xterm' };
    const run = spawnSync('script', ['-qec', command, '/dev/null'], { cwd: root, encoding: 'utf8', env });
    expect(run.status, run.stderr).toBe(0);
    const plain = run.stdout.replace(/\x1b\[[0-9;]*m/g, '');
    expect(plain).toMatch(/\[\d\d:\d\d:\d\d\] INFO: user wrote/);
    expect(plain).toContain('[redacted]');
    expect(plain).not.toContain('"level"');
    expect(leaked(plain)).toEqual([]);
  });
});
