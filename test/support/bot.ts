// Starts the whole bot (HTTP routes, enabled channels, inbox and outbox loops) on a fresh database.
import { createBot, type Bot, type BotOptions } from '../../app.js';
import { loadConfig } from '../../bot/config.js';
import { createLogger } from '../../bot/log.js';
import type { Database } from '../../db/client.js';
import { freshDatabase, type Backend } from './databases.js';

export interface TestBot {
  url: string;
  bot: Bot;
  close(): Promise<void>;
}

type StartOptions = BotOptions & { background?: boolean };

export async function startTestBot(backend: Backend, env: Record<string, string> = {}, opts: StartOptions = {}) {
  return startTestBotOn(await freshDatabase(backend), env, opts);
}

/** The bot on a given database, which it closes with itself (a restart opens the same database again). */
export async function startTestBotOn(
  database: Database,
  env: Record<string, string> = {},
  opts: StartOptions = {},
): Promise<TestBot> {
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

// The chat routes take only users the server minted: a test's plain label ('zh-user') stands for a token minted
// for it by that bot, once. Bots on one database share their users (sameUsers).
const TOKEN = /^[\w-]{22}\.[\w-]{22}$/;
const minted = new Map<string, Map<string, Promise<string>>>(); // bot url → label → token
const labels = (url: string) => minted.get(url) ?? minted.set(url, new Map()).get(url)!;

export async function mintToken(url: string): Promise<string> {
  const res = await fetch(`${url}/api/chat/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: '{}',
  });
  const json = (await res.json()) as { user?: string };
  if (res.status !== 200 || !json.user) throw new Error(`POST /api/chat/session answered ${res.status}`);
  return json.user;
}

/** The token minted for a label at that bot; a token passes through as it is. */
export function webToken(url: string, label: string): Promise<string> {
  if (TOKEN.test(label)) return Promise.resolve(label);
  const known = labels(url);
  if (!known.has(label)) known.set(label, mintToken(url));
  return known.get(label)!;
}

/** The id the engine and the database know the label's web user by (users.platform_user_id, outbox chat_id). */
export const webUserId = async (url: string, label: string) => (await webToken(url, label)).split('.')[0]!;

/** Another bot on the same database (a second process, or the same one restarted): the same labels, the same users. */
export function sameUsers(url: string, otherUrl: string) {
  minted.set(otherUrl, labels(url));
}

export async function postChat(url: string, body: { user?: unknown } & Record<string, unknown>) {
  const user = typeof body.user === 'string' ? await webToken(url, body.user) : body.user;
  const res = await fetch(`${url}/api/chat`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ ...body, user }),
  });
  const json = (await res.json().catch(() => null)) as {
    messages?: WebMsg[];
    duplicate?: boolean;
    erased?: boolean;
    error?: string;
  } | null;
  return { status: res.status, json, messages: json?.messages ?? [] };
}

export interface WebMsg {
  text?: string;
  buttons?: { label: string; action?: string; url?: string; request?: string }[];
  cards?: unknown[];
}

export const waitFor = async (fn: () => boolean | Promise<boolean>, ms = 10_000) => {
  const t0 = Date.now();
  while (Date.now() - t0 < ms) {
    if (await fn()) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return false;
};
