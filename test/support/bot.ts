// Starts the whole bot (HTTP routes, enabled channels, inbox and outbox loops) on a fresh database.
import { createBot, type Bot, type BotOptions } from '../../app.js';
import { loadConfig } from '../../bot/config.js';
import { createLogger } from '../../bot/log.js';
import { freshDatabase, type Backend } from './databases.js';

export interface TestBot {
  url: string;
  bot: Bot;
  close(): Promise<void>;
}

export async function startTestBot(backend: Backend, env: Record<string, string> = {}, opts: BotOptions & { background?: boolean } = {}): Promise<TestBot> {
  const database = await freshDatabase(backend);
  const config = loadConfig({ LOG_LEVEL: 'silent', ...env });
  const bot = await createBot(config, database, createLogger(process.env.TEST_LOG_LEVEL ?? 'silent'), opts);
  await bot.app.listen({ port: 0, host: '127.0.0.1' });
  if (opts.background !== false) await bot.startBackground();
  const { port } = bot.app.server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    bot,
    async close() {
      await bot.close();
      await database.close();
    },
  };
}

export async function postChat(url: string, body: unknown) {
  const res = await fetch(`${url}/api/chat`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const json = (await res.json().catch(() => null)) as { messages?: WebMsg[]; duplicate?: boolean; error?: string } | null;
  return { status: res.status, json, messages: json?.messages ?? [] };
}

export interface WebMsg { text?: string; buttons?: { label: string; action?: string; url?: string; request?: string }[]; cards?: unknown[] }

export const waitFor = async (fn: () => boolean | Promise<boolean>, ms = 10_000) => {
  const t0 = Date.now();
  while (Date.now() - t0 < ms) {
    if (await fn()) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return false;
};
