// Long polling with the grammY runner, for bots without a public URL (no TELEGRAM_WEBHOOK_SECRET).
import { run, type RunnerHandle } from '@grammyjs/runner';
import type { Bot } from 'grammy';
import type { Logger } from 'pino';
import type { Intake } from './intake.js';
import { ALLOWED_UPDATES } from './parse.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function createPolling(bot: Bot, ingest: (update: unknown) => Promise<Intake>, log: Logger) {
  let handle: RunnerHandle | undefined;
  let stopping = false;
  // The runner confirms an update once fetched, so storing it is retried here until it succeeds (or we stop).
  bot.use(async (ctx) => {
    for (let attempt = 0; ; attempt++) {
      try {
        await ingest(ctx.update);
        return;
      } catch (err) {
        if (stopping) throw err;
        log.error({ err, updateId: ctx.update.update_id, attempt }, 'could not store Telegram update; retrying');
        await sleep(Math.min(30_000, 500 * 2 ** attempt));
      }
    }
  });
  bot.catch((err) => log.error({ err: err.error, updateId: err.ctx.update.update_id }, 'Telegram update lost'));
  return {
    async start() {
      stopping = false;
      // getUpdates refuses to run while a webhook is set (409); with no secret there is no webhook to keep.
      await bot.api.deleteWebhook();
      // One at a time: each update is a single insert, and one user's messages must keep their order in the inbox.
      handle = run(bot, { runner: { fetch: { allowed_updates: ALLOWED_UPDATES } }, sink: { concurrency: 1 } });
    },
    async stop() {
      stopping = true;
      if (handle?.isRunning()) await handle.stop();
    },
  };
}
