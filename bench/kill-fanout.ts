// A fan-out of notifications through a worker-only process that is killed (SIGKILL) halfway and started again:
// how many messages reached the Bot API double twice, and how many never.
import { and, count, eq, like } from 'drizzle-orm';
import { enqueue } from '../bot/outbox.js';
import { openDatabase } from '../db/client.js';
import { outbox } from '../db/schema.js';
import { startFakeTelegram, TOKEN, type FakeCall } from '../test/support/fake-telegram.js';
import { startBotProcess, type BotProcess } from '../test/support/process.js';

export interface KillFigures {
  messages: number;
  chats: number;
  /** Calls the double had received when the worker was killed, and rows marked sent by then. */
  atKill: { received: number; marked: number };
  duplicates: number;
  chatsWithDuplicate: number;
  lost: number;
  seconds: number;
}

/** Polls until `done` (a benchmark watching processes it does not control), or throws after `timeoutMs`. */
export const until = async (what: string, done: () => boolean | Promise<boolean>, timeoutMs: number, everyMs = 20) => {
  const deadline = Date.now() + timeoutMs;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error(`bench: timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
};

export async function killMidFanout(
  databaseUrl: string,
  opts: { chats: number; perChat: number; sendRate: number; delayMs: number },
): Promise<KillFigures> {
  const t0 = performance.now();
  const tg = await startFakeTelegram({ delayMs: opts.delayMs });
  const database = await openDatabase({ url: databaseUrl, poolSize: 2 });
  const { db } = database;
  const run = `kill-${Date.now()}`;
  const messages = opts.chats * opts.perChat;
  const chatOf = (i: number) => String(7_100_000_000 + (i % opts.chats));
  const textOf = (i: number) => `${run} notice ${i}`;
  let worker: BotProcess | undefined;
  const startWorker = () =>
    startBotProcess(
      {
        DATABASE_URL: databaseUrl,
        ROLES: 'worker',
        LOG_LEVEL: 'info',
        TELEGRAM_BOT_TOKEN: TOKEN,
        TELEGRAM_WEBHOOK_SECRET: 'bench-secret',
        TELEGRAM_API_ROOT: tg.root,
        TELEGRAM_SEND_RATE: String(opts.sendRate),
      },
      { ready: (out) => out.includes('handling the inbox') },
    );
  const ours = (c: FakeCall) => c.method === 'sendMessage' && String(c.params.text).startsWith(run);
  const received = () => tg.calls.filter(ours).length;
  const marked = async () =>
    Number(
      (
        await db
          .select({ n: count() })
          .from(outbox)
          .where(and(like(outbox.dedupKey, `${run}:%`), eq(outbox.status, 'sent')))
      )[0]!.n,
    );
  try {
    await enqueue(
      db,
      Array.from({ length: messages }, (_, i) => ({
        channel: 'telegram' as const,
        chatId: chatOf(i),
        reply: { type: 'text' as const, text: textOf(i) },
        dedupKey: `${run}:${i}`,
      })),
    );
    worker = await startWorker();
    await until('half the messages', () => received() >= messages / 2, 120_000, 1);
    await worker.kill('SIGKILL');
    const atKill = { received: received(), marked: await marked() };
    // The dead worker's leases would run out after a minute; the bench skips the wait.
    await db.update(outbox).set({ leaseUntil: null }).where(eq(outbox.status, 'pending'));
    worker = await startWorker();
    await until('every message marked sent', async () => (await marked()) >= messages, 300_000, 100);
    await worker.kill();

    const times = new Map<string, number>();
    for (const c of tg.calls) {
      if (!ours(c) || c.status !== 200) continue;
      const key = `${c.params.chat_id}\u0000${c.params.text}`;
      times.set(key, (times.get(key) ?? 0) + 1);
    }
    let duplicates = 0;
    let lost = 0;
    const chatsWithDuplicate = new Set<string>();
    for (let i = 0; i < messages; i++) {
      const n = times.get(`${chatOf(i)}\u0000${textOf(i)}`) ?? 0;
      if (n === 0) lost++;
      if (n > 1) {
        duplicates += n - 1;
        chatsWithDuplicate.add(chatOf(i));
      }
    }
    const seconds = (performance.now() - t0) / 1000;
    const chats = opts.chats;
    return { messages, chats, atKill, duplicates, chatsWithDuplicate: chatsWithDuplicate.size, lost, seconds };
  } finally {
    await worker?.kill('SIGKILL');
    await database.close();
    await tg.close();
  }
}
