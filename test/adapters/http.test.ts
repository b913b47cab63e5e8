// The HTTP server as a browser, a platform or an operator meets it: security headers on every route, and while the
// database is down or hangs, a quick 503 with Retry-After instead of a 30 s hang or a bare 500.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBot, type Bot } from '../../app.js';
import { loadConfig } from '../../bot/config.js';
import { createLogger } from '../../bot/log.js';
import { openDatabase, type Database } from '../../db/client.js';
import { freshPostgresUrl } from '../support/databases.js';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy.js';

const timed = async <T>(f: () => Promise<T>) => {
  const t0 = Date.now();
  const value = await f();
  return { value, ms: Date.now() - t0 };
};
const chat = (url: string, body: object) =>
  fetch(`${url}/api/chat`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

describe('the HTTP server on a Postgres that goes away', () => {
  let proxy: TcpProxy;
  let database: Database;
  let bot: Bot;
  let url: string;
  let user: string;
  beforeAll(async () => {
    const target = new URL(await freshPostgresUrl());
    proxy = await startTcpProxy(target.hostname, Number(target.port));
    const via = new URL(target);
    via.port = String(proxy.port);
    database = await openDatabase({ url: via.toString() });
    bot = await createBot(loadConfig({ LOG_LEVEL: 'silent' }), database, createLogger('silent'));
    await bot.app.listen({ port: 0, host: '127.0.0.1' });
    url = `http://127.0.0.1:${(bot.app.server.address() as { port: number }).port}`;
    const session = await fetch(`${url}/api/chat/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    user = session.ok ? ((await session.json()) as { user: string }).user : 'outage-user';
    expect((await chat(url, { user, text: '/start', locale: 'en' })).status).toBe(200);
  });
  afterAll(async () => {
    await proxy?.set('up');
    await bot?.close();
    await database?.close();
    await proxy?.close();
  });

  it('sets security headers on the page, the chat API and /healthz', async () => {
    for (const res of [
      await fetch(`${url}/`),
      await chat(url, { user, text: 'help' }),
      await fetch(`${url}/healthz`),
    ]) {
      expect(res.headers.get('content-security-policy')).toMatch(/default-src 'self'.*frame-ancestors 'none'/);
      expect(res.headers.get('x-frame-options')).toBe('DENY');
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    }
  });

  for (const mode of ['refuse', 'hang'] as const) {
    it(`answers 503 with Retry-After within seconds while the database ${mode === 'refuse' ? 'refuses connections' : 'hangs'}`, async () => {
      await proxy.set(mode);
      try {
        const health = await timed(() => fetch(`${url}/healthz`));
        expect(health.value.status).toBe(503);
        expect(health.ms).toBeLessThan(1500);
        const answer = await timed(() => chat(url, { user, text: 'help', id: `during-${mode}` }));
        expect(answer.value.status).toBe(503);
        expect(answer.value.headers.get('retry-after')).toBe('5');
        expect(((await answer.value.json()) as { error: string }).error).toMatch(/try again/);
        expect(answer.ms).toBeLessThan(6000);
      } finally {
        await proxy.set('up');
      }
      // Back up: the same message is answered (it was never half-written).
      const again = await chat(url, { user, text: 'help', id: `during-${mode}` });
      expect(again.status).toBe(200);
      expect(((await again.json()) as { messages: unknown[] }).messages.length).toBeGreaterThan(0);
      expect((await fetch(`${url}/healthz`)).status).toBe(200);
    });
  }
});
