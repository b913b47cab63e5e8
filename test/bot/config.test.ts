import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../bot/config.js';

describe('configuration from the environment', () => {
  it('runs a complete local bot with no settings: embedded database, demo data, both roles', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      PORT: 3000,
      DATA_DIR: './data',
      seed: 'demo',
      TELEGRAM_API_ROOT: 'https://api.telegram.org',
      LINE_API_BASE_URL: 'https://api.line.me',
    });
    expect([...c.ROLES]).toEqual(['web', 'worker']);
    expect(c.DATABASE_URL).toBeUndefined();
  });

  it('loads no demo data into a real Postgres unless asked', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://x/y' }).seed).toBe('none');
    expect(loadConfig({ DATABASE_URL: 'postgres://x/y', SEED: 'demo' }).seed).toBe('demo');
  });

  it('takes one role per process', () => {
    expect([...loadConfig({ ROLES: 'worker' }).ROLES]).toEqual(['worker']);
  });

  it.each([
    [{ ROLES: 'web,cron' }, /ROLES: expected web and\/or worker/],
    [{ PORT: 'eighty' }, /PORT/],
    [{ TELEGRAM_API_ROOT: 'not a url' }, /TELEGRAM_API_ROOT/],
  ])('refuses %j with a clear message', (env, message) => {
    expect(() => loadConfig(env)).toThrow(message);
  });
});
