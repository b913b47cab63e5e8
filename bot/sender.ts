// Delivers the outbox: claims due rows, hands each chat's rows in order to its channel, records the outcome.
import { and, eq } from 'drizzle-orm';
import type { Logger } from 'pino';
import type { Db } from '../db/client.js';
import { outbox, users } from '../db/schema.js';
import { claimDue, markFailed, markRetry, markSent, postpone, type ClaimedRow } from './outbox.js';
import type { Channel } from './types.js';

export type SendOutcome =
  | { id: number; outcome: 'sent' }
  /** Try this row (and the chat's later rows) again later; retryAfterMs from the platform when it said so. */
  | { id: number; outcome: 'retry'; error: string; retryAfterMs?: number }
  /** The platform refused this row for good (bad request): drop it, go on with the next. */
  | { id: number; outcome: 'failed'; error: string }
  /** The user blocked the bot or left: nothing more can reach them. */
  | { id: number; outcome: 'unreachable'; error: string };

export interface ChannelSender {
  channel: Channel;
  /** Sends one chat's rows in order. Rows it returns no outcome for are released and tried again. */
  send(rows: ClaimedRow[]): Promise<SendOutcome[]>;
}

export const MAX_SEND_ATTEMPTS = 8;

/** Exponential backoff with jitter: 1 s, 2 s, 4 s … capped at 10 minutes. */
export const backoffMs = (attempts: number) => Math.min(600_000, 1000 * 2 ** attempts) * (0.8 + Math.random() * 0.4);

export async function sendDue(db: Db, senders: ChannelSender[], log?: Logger, opts: { limit?: number; concurrency?: number } = {}): Promise<number> {
  const byChannel = new Map(senders.map((s) => [s.channel, s]));
  const rows = await claimDue(db, [...byChannel.keys()], opts.limit ?? 200);
  if (!rows.length) return 0;
  const chats = new Map<string, ClaimedRow[]>();
  for (const r of rows) {
    const key = `${r.channel}\u0000${r.chatId}`;
    chats.set(key, [...(chats.get(key) ?? []), r]);
  }
  const queue = [...chats.values()];
  const sent: number[] = [];
  const worker = async () => {
    for (let batch = queue.shift(); batch; batch = queue.shift()) {
      sent.push(...await deliverChat(db, byChannel.get(batch[0]!.channel)!, batch, log));
    }
  };
  await Promise.all(Array.from({ length: Math.min(opts.concurrency ?? 16, queue.length) }, worker));
  await markSent(db, sent); // one write for the whole round; failures were recorded as they happened
  return rows.length;
}

/** Sends one chat's rows and records failures; returns the ids that went out. */
async function deliverChat(db: Db, sender: ChannelSender, rows: ClaimedRow[], log?: Logger): Promise<number[]> {
  let outcomes: SendOutcome[];
  try {
    outcomes = await sender.send(rows);
  } catch (err) {
    outcomes = [{ id: rows[0]!.id, outcome: 'retry', error: String(err) }];
  }
  const byId = new Map(outcomes.map((o) => [o.id, o]));
  const sent: number[] = [];
  for (const [i, row] of rows.entries()) {
    const o = byId.get(row.id);
    if (!o) {
      await postpone(db, rows.slice(i).map((r) => r.id), new Date());
      break;
    }
    if (o.outcome === 'sent') { sent.push(row.id); continue; }
    if (o.outcome === 'failed') {
      log?.warn({ channel: row.channel, outboxId: row.id, error: o.error }, 'message refused by platform');
      await markFailed(db, [row.id], o.error);
      continue;
    }
    if (o.outcome === 'unreachable') {
      log?.info({ channel: row.channel, outboxId: row.id }, 'user unreachable; pending messages dropped');
      await db.update(users).set({ unreachableAt: new Date() }).where(and(eq(users.channel, row.channel), eq(users.chatId, row.chatId)));
      await markFailed(db, [row.id], o.error);
      await db.update(outbox).set({ status: 'failed', leaseUntil: null, lastError: 'user unreachable' })
        .where(and(eq(outbox.channel, row.channel), eq(outbox.chatId, row.chatId), eq(outbox.status, 'pending')));
      break;
    }
    // retry: this row and every later row of the chat wait, so the order holds
    const later = rows.slice(i + 1).map((r) => r.id);
    if (row.attempts + 1 >= MAX_SEND_ATTEMPTS) {
      log?.error({ channel: row.channel, outboxId: row.id, error: o.error }, 'giving up on message after retries');
      await markFailed(db, [row.id], o.error);
      await postpone(db, later, new Date());
    } else {
      const after = new Date(Date.now() + (o.retryAfterMs ?? backoffMs(row.attempts)));
      log?.warn({ channel: row.channel, outboxId: row.id, waitMs: after.getTime() - Date.now(), error: o.error }, 'send failed; will retry');
      await markRetry(db, row.id, after, o.error);
      await postpone(db, later, after);
    }
    break;
  }
  return sent;
}
