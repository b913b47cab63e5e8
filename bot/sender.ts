// Delivers the outbox: claims due rows, hands each chat's rows in order to its channel, and records every outcome
// the moment the channel reports it, so a worker killed mid-round repeats at most the call each chat had in flight.
import { and, eq } from 'drizzle-orm';
import type { Logger } from 'pino';
import type { Db } from '../db/client.js';
import { outbox, users } from '../db/schema.js';
import { batcher } from './batcher.js';
import { systemClock, type Clock } from './clock.js';
import { errorText } from './log.js';
import {
  claimDue,
  markFailed,
  markAttempt,
  markLimited,
  markProgress,
  markRetry,
  markSent,
  postpone,
  type ClaimedRow,
} from './outbox.js';
import { createPacer, NoSlot, pauseChannel, type Pacer } from './pacer.js';
import { redact } from './redact.js';
import type { Channel } from './types.js';

export type SendOutcome =
  | { id: number; outcome: 'sent' }
  /** Try this row (holding the chat's later rows) again after a backoff; counts as an attempt. */
  | { id: number; outcome: 'retry'; error: string }
  /** The platform's rate limit (429): the whole channel waits; not an attempt. retryAfterMs when it said so. */
  | { id: number; outcome: 'limited'; error: string; retryAfterMs?: number }
  /** The platform refused this row for good (bad request): drop it, go on with the next. */
  | { id: number; outcome: 'failed'; error: string }
  /** The user blocked the bot or left: nothing more can reach them. */
  | { id: number; outcome: 'unreachable'; error: string };

export interface SendContext {
  /** Records outcomes at once (several rows when one call carried them); awaited before the next platform call. */
  report(...outcomes: SendOutcome[]): Promise<void>;
  /** Records that the first `parts` platform calls of a row went through, so that a retry starts after them. */
  progress(id: number, parts: number): Promise<void>;
  /** Waits for the channel's next send slot, before every platform call; throws NoSlot when there is none. */
  pace(): Promise<void>;
  /**
   * Records, before a call that may be retried after a crash, the idempotency key it goes with: rows claimed again
   * with a key are sent together under it, so the platform can tell a repeat (LINE's X-Line-Retry-Key).
   */
  attempt(ids: number[], key: string | null): Promise<void>;
}

export interface ChannelSender {
  channel: Channel;
  /** Platform calls per second, across all worker processes. */
  perSecond: number;
  /**
   * Sends one chat's rows in order, reporting each outcome through `ctx` as soon as its call returns; stops after a
   * retry, a rate limit or an unreachable user. Rows without an outcome are released untouched. Also returns the
   * outcomes (for a sender used on its own, without a context).
   */
  send(rows: ClaimedRow[], ctx?: Partial<SendContext>): Promise<SendOutcome[]>;
  /**
   * One message to many chats in one call (LINE multicast), for rows that carry the same `meta.same` (written to
   * everyone who gets the very same notice): up to `max` rows, one chat each, reported through `ctx`.
   */
  multicast?: { max: number; send(rows: ClaimedRow[], ctx: SendContext): Promise<void> };
}

/** A sender's context completed with no-ops, collecting what it reports. */
export function withContext(given: Partial<SendContext> = {}): SendContext & { outcomes: SendOutcome[] } {
  const outcomes: SendOutcome[] = [];
  return {
    outcomes,
    report: async (...o) => {
      outcomes.push(...o);
      await given.report?.(...o);
    },
    progress: given.progress ?? (async () => {}),
    pace: given.pace ?? (async () => {}),
    attempt: given.attempt ?? (async () => {}),
  };
}

export const MAX_SEND_ATTEMPTS = 8;
const LEASE_SECONDS = 60;
// A send slot must leave this much of the lease for the call itself, or another worker could claim the row meanwhile.
const CALL_MARGIN_SECONDS = 15;
/** How long a channel waits after a 429 that does not say how long. */
export const DEFAULT_LIMIT_PAUSE_MS = 5_000;

/** Exponential backoff with jitter: 1 s, 2 s, 4 s … capped at 10 minutes. */
export const backoffMs = (attempts: number) => Math.min(600_000, 1000 * 2 ** attempts) * (0.8 + Math.random() * 0.4);

interface Round {
  db: Db;
  clock: Clock;
  log?: Logger | undefined;
  /** Marks rows sent; rows the round's chats report at about the same moment share one statement. */
  markSent(ids: number[]): Promise<void>;
}

export async function sendDue(
  db: Db,
  senders: ChannelSender[],
  log?: Logger,
  opts: { limit?: number; concurrency?: number; clock?: Clock } = {},
): Promise<number> {
  const clock = opts.clock ?? systemClock;
  const byChannel = new Map(senders.map((s) => [s.channel, s]));
  const now = clock.now();
  // A round is about two seconds of the fastest channel's sending (a full multicast or two for LINE), so that the
  // claim between rounds costs little of it; the calls in flight are enough to keep to the rate while earlier ones
  // are being marked sent.
  const fastest = Math.max(...senders.map((s) => Math.max(s.perSecond * 2, (s.multicast?.max ?? 0) * 2)));
  const limit = opts.limit ?? Math.min(1000, Math.max(200, fastest));
  const concurrency =
    opts.concurrency ?? Math.min(64, Math.max(16, Math.ceil(Math.max(...senders.map((s) => s.perSecond)) / 10)));
  const rows = await claimDue(db, [...byChannel.keys()], limit, { now, leaseSeconds: LEASE_SECONDS });
  if (!rows.length) return 0;
  const deadline = now + (LEASE_SECONDS - CALL_MARGIN_SECONDS) * 1000;
  const pacers = new Map(senders.map((s) => [s.channel, createPacer(db, s.channel, s.perSecond, clock, deadline)]));
  const chats = new Map<string, ClaimedRow[]>();
  for (const r of rows) {
    const key = `${r.channel}\u0000${r.chatId}`;
    chats.set(key, [...(chats.get(key) ?? []), r]);
  }
  const queue: Batch[] = [...sharedMessages(chats, byChannel), ...[...chats.values()].map((r) => ({ rows: r }))];
  const markSentTogether = batcher<number[], void>(
    async (reports) => {
      await markSent(db, reports.flat(), clock.now());
      return reports.map(() => undefined);
    },
    { maxBatch: 64, maxConcurrent: 1 },
  );
  const round: Round = {
    db,
    clock,
    log,
    markSent: async (ids) => {
      if (ids.length) await markSentTogether(ids);
    },
  };
  const worker = async () => {
    for (let batch = queue.shift(); batch; batch = queue.shift()) {
      const channel = batch.rows[0]!.channel;
      await deliverChat(round, byChannel.get(channel)!, pacers.get(channel)!, batch);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, queue.length) }, worker));
  return rows.length;
}

/** One chat's rows, or (`many`) one row each of many chats that get the same message in one call. */
interface Batch {
  rows: ClaimedRow[];
  many?: true;
}

const sameKey = (r: ClaimedRow) => (r.meta.retryKey ?? r.meta.same) as string | undefined;

/**
 * Takes out of `chats` the rows a channel can send to many at once: a chat's only row this round, written to many
 * (`meta.same`), grouped by it; rows already tried under a retry key stay in that group.
 */
function sharedMessages(chats: Map<string, ClaimedRow[]>, senders: Map<Channel, ChannelSender>): Batch[] {
  const groups = new Map<string, ClaimedRow[]>();
  for (const [chat, rows] of chats) {
    const r = rows[0]!;
    const key = sameKey(r);
    if (rows.length !== 1 || !key || r.meta.replyToken || !senders.get(r.channel)?.multicast) continue;
    const k = `${r.channel}\u0000${key}`;
    groups.set(k, [...(groups.get(k) ?? []), r]);
    chats.delete(chat);
  }
  const out: Batch[] = [];
  for (const rows of groups.values()) {
    const max = senders.get(rows[0]!.channel)!.multicast!.max;
    for (let i = 0; i < rows.length; i += max) out.push({ rows: rows.slice(i, i + max), many: true });
  }
  return out;
}

/** Sends a batch, writing each outcome as it is reported; rows left without one are released. */
async function deliverChat(round: Round, sender: ChannelSender, pacer: Pacer, batch: Batch): Promise<void> {
  const { db, clock } = round;
  const { rows } = batch;
  const byId = new Map(rows.map((r) => [r.id, r]));
  const done = new Set<number>();
  const ctx: SendContext = {
    async report(...outcomes) {
      outcomes.forEach((o) => done.add(o.id));
      await round.markSent(outcomes.filter((o) => o.outcome === 'sent').map((o) => o.id));
      for (const o of outcomes) {
        const settlesChat = o.outcome !== 'sent' && (await recordFailure(round, pacer, byId.get(o.id)!, o));
        if (settlesChat) rows.forEach((r) => done.add(r.id));
      }
    },
    progress: (id, parts) => markProgress(db, id, parts),
    pace: () => pacer.next(),
    attempt: (ids, key) => markAttempt(db, ids, key),
  };
  try {
    await (batch.many ? sender.multicast!.send(rows, ctx) : sender.send(rows, ctx));
  } catch (err) {
    const first = rows.find((r) => !done.has(r.id));
    // NoSlot: the channel is paused or busy; the rows were not attempted and simply go back.
    if (first && !(err instanceof NoSlot)) {
      await ctx.report({ id: first.id, outcome: 'retry', error: `sender: ${errorText(err)}` });
    }
  }
  // Rows behind a retry stay behind it: claimDue holds a chat's later rows while an earlier one waits.
  await postpone(
    db,
    rows.filter((r) => !done.has(r.id)).map((r) => r.id),
    new Date(clock.now()),
  );
}

/** Records an outcome other than sent; true when the chat's other rows are settled too (unreachable user). */
async function recordFailure(
  round: Round,
  pacer: Pacer,
  row: ClaimedRow,
  o: Exclude<SendOutcome, { outcome: 'sent' }>,
): Promise<boolean> {
  const { db, clock, log } = round;
  const error = redact(o.error);
  const where = { channel: row.channel, outboxId: row.id, error };
  switch (o.outcome) {
    case 'failed':
      log?.warn(where, 'message refused by platform');
      await markFailed(db, [row.id], error);
      return false;
    case 'unreachable':
      log?.info({ channel: row.channel, outboxId: row.id }, 'user unreachable; pending messages dropped');
      await db
        .update(users)
        .set({ unreachableAt: new Date(clock.now()) })
        .where(and(eq(users.channel, row.channel), eq(users.chatId, row.chatId)));
      await markFailed(db, [row.id], error);
      await db
        .update(outbox)
        .set({ status: 'failed', leaseUntil: null, lastError: 'user unreachable' })
        .where(and(eq(outbox.channel, row.channel), eq(outbox.chatId, row.chatId), eq(outbox.status, 'pending')));
      return true;
    case 'limited': {
      // Not the message's fault: every worker stops sending on this channel until the platform's wait is over.
      const until = clock.now() + (o.retryAfterMs ?? DEFAULT_LIMIT_PAUSE_MS);
      log?.warn({ ...where, waitMs: until - clock.now() }, 'rate limited; channel paused');
      pacer.pause(until);
      await pauseChannel(db, row.channel, until);
      await markLimited(db, row.id, new Date(until), error);
      return false;
    }
    case 'retry':
      if (row.attempts + 1 >= MAX_SEND_ATTEMPTS) {
        log?.error(where, 'giving up on message after retries');
        await markFailed(db, [row.id], error);
      } else {
        const waitMs = backoffMs(row.attempts);
        log?.warn({ ...where, waitMs }, 'send failed; will retry');
        await markRetry(db, row.id, new Date(clock.now() + waitMs), error);
      }
      return false;
  }
}
