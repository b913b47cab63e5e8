// A Bot API outage at start-up must not keep the bot (and its other channels) down.
import { describe, expect, it } from 'vitest';
import { postChat, startTestBot, waitFor } from '../../support/bot.js';
import { BACKENDS } from '../../support/databases.js';
import { errors, startFakeTelegram, TOKEN } from '../../support/fake-telegram.js';

describe.each(BACKENDS)('Telegram unreachable at start-up, on %s', (backend) => {
  it('serves web chat at once and identifies itself once getMe answers', async () => {
    const fake = await startFakeTelegram();
    fake.fail('getMe', errors.serverError(), 2);
    const t = await startTestBot(backend, {
      TELEGRAM_BOT_TOKEN: TOKEN,
      TELEGRAM_WEBHOOK_SECRET: 's',
      TELEGRAM_API_ROOT: fake.root,
    });
    try {
      const r = await postChat(t.url, { user: 'web-while-tg-down', text: '/start', locale: 'en' });
      expect(r.status).toBe(200);
      expect(JSON.stringify(r.messages)).toContain('Which language');
      expect(await waitFor(() => fake.calls.some((c) => c.method === 'getMe' && c.status === 200), 15_000)).toBe(true);
      expect(fake.calls.filter((c) => c.method === 'getMe').map((c) => c.status)).toEqual([500, 500, 200]);
    } finally {
      await t.close();
      await fake.close();
    }
  });
});
