// The outbox: replies and notifications as rows; senders claim them, deliver, and mark the outcome.
import { EventEmitter } from 'node:events';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { queryRows, type Database, type Executor } from '../db/client.js';
import { channelLimits, outbox } from '../db/schema.js';
import { redact } from './redact.js';
import type { Channel, Reply } from './types.js';

export interface OutboxItem {
  channel: Channel;
  chatId: string;
  userId?: number | null;
  inboundEventId?: number | null;
  reply: Reply;
  /** Platform context (a LINE reply token) and the locale the reply is written in. */
  meta?: Record<string, unknown>;
  dedupKey?: string;
  /** Already delivered in the response to the request (web chat, console). */
  delivered?: boolean;
}

export interface ClaimedRow {
  id: number;
  channel: Channel;
  chatId: string;
  reply: Reply;
  meta: Record<string, unknown>;
  attempts: number;
  createdAt: Date;
  /** Platform calls of this row that went through on an earlier attempt (absent: none). */
  partsSent?: number;
}

/**
 * In-process wake-up, fed by the database's notifications (see `relayOutbox`): event `<channel>` for that channel's
 * sender, `<channel>:<chatId>` (`chatWake`) for one chat's live stream, `OUTBOX_RESYNC` when some may have been lost.
 */
export const outboxSignal = new EventEmitter().setMaxListeners(0);

/** The NOTIFY channel; its payload is `chatWake(channel, chatId)`. */
export const OUTBOX_NOTIFY = 'jobbuddy_outbox';
export const OUTBOX_RESYNC = 'resync';
export const chatWake = (channel: Channel, chatId: string) => `${channel}:${chatId}`;

/**
 * Re-emits every process's outbox notifications on `outboxSignal`, over this process's one listening connection.
 * Resolves to the function that stops it.
 */
export function relayOutbox(database: Pick<Database, 'listen'>): Promise<() => Promise<void>> {
  return database.listen(
    OUTBOX_NOTIFY,
    (payload) => {
      outboxSignal.emit(payload.slice(0, payload.indexOf(':')));
      outboxSignal.emit(payload);
    },
    () => outboxSignal.emit(OUTBOX_RESYNC),
  );
}

export async function enqueue(db: Executor, items: OutboxItem[], now = new Date()): Promise<void> {
  if (!items.length) return;
  const insert = db
    .insert(outbox)
    .values(
      items.map((i) => ({
        channel: i.channel,
        chatId: i.chatId,
        userId: i.userId ?? null,
        inboundEventId: i.inboundEventId ?? null,
        reply: i.reply,
        meta: i.meta ?? {},
        dedupKey: i.dedupKey ?? null,
        status: i.delivered ? ('sent' as const) : ('pending' as const),
        sentAt: i.delivered ? now : null,
      })),
    )
    .onConflictDoNothing({ target: outbox.dedupKey });
  if (items.every((i) => i.delivered)) {
    await insert;
    return;
  }
  // Notified by the same statement, once per chat: Postgres delivers it at commit, so no one wakes before the rows
  // can be seen, and rows not inserted (a repeated dedup key) or already delivered wake no one.
  const added = insert.returning({ channel: outbox.channel, chatId: outbox.chatId, status: outbox.status });
  await db.execute(sql`with added as (${added.getSQL()})
    select pg_notify(${OUTBOX_NOTIFY}, w)
    from (select distinct channel || ':' || chat_id as w from added where status = 'pending') n`);
}

/** Takes every pending message for one chat at once (a web page's inbox or stream); each goes out once. */
export async function takePending(db: Executor, channel: Channel, chatId: string): Promise<Reply[]> {
  return (await takePendingRows(db, channel, chatId)).map((r) => r.reply);
}

/** The same, with the row ids, for a taker that can tell when delivery failed (see `requeue`). */
export async function takePendingRows(
  db: Executor,
  channel: Channel,
  chatId: string,
): Promise<{ id: number; reply: Reply }[]> {
  const rows = await queryRows<{ id: number; reply: Reply }>(
    db,
    sql`
    update ${outbox} set status = 'sent', sent_at = now(), attempts = attempts + 1
    where id in (select id from ${outbox} where status = 'pending' and channel = ${channel} and chat_id = ${chatId}
                 order by id for update skip locked)
    returning id, reply`,
  );
  return rows.map((r) => ({ id: Number(r.id), reply: r.reply })).sort((a, b) => a.id - b.id);
}

/** Puts taken messages back, e.g. when the connection they were written to had closed. */
export async function requeue(db: Executor, ids: number[]): Promise<void> {
  if (ids.length) await db.update(outbox).set({ status: 'pending', sentAt: null }).where(inArray(outbox.id, ids));
}

// Claims are serialised by one advisory lock so that all due rows of one chat go to one sender, in order.
const CLAIM_LOCK = 727_002;

/** A time from a sender's clock (ms) as a SQL value. */
export const sqlTime = (ms: number) => sql`${new Date(ms).toISOString()}::timestamptz`;

/**
 * Leases due rows for the given channels. A row is due when no earlier pending row of its chat is leased or
 * waiting for a retry, so a chat's messages never overtake each other, and its channel is not paused after a 429.
 * Times come from the sender's clock (`now`, ms).
 */
export async function claimDue(
  db: Executor,
  channels: Channel[],
  limit: number,
  opts: { now: number; leaseSeconds: number },
): Promise<ClaimedRow[]> {
  if (!channels.length) return [];
  const now = sqlTime(opts.now);
  const rows = await db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${CLAIM_LOCK})`);
    return queryRows<ClaimedRecord>(
      tx,
      sql`
      update ${outbox} o set lease_until = ${now} + make_interval(secs => ${opts.leaseSeconds})
      where o.id in (
        select c.id from ${outbox} c
        where c.status = 'pending' and c.channel in ${channels}
          and not exists (select 1 from ${channelLimits} l where l.channel = c.channel and l.paused_until > ${now})
          and not exists (select 1 from ${outbox} p where p.chat_id = c.chat_id and p.channel = c.channel
                          and p.status = 'pending' and p.id <= c.id
                          and (p.next_attempt_at > ${now} or p.lease_until > ${now}))
        order by c.id limit ${limit})
      returning o.id, o.channel, o.chat_id, o.reply, o.meta, o.attempts, o.created_at, o.parts_sent`,
    );
  });
  return rows
    .map((r) => ({
      id: Number(r.id),
      channel: r.channel,
      chatId: r.chat_id,
      reply: r.reply,
      meta: r.meta,
      attempts: r.attempts,
      createdAt: new Date(r.created_at),
      partsSent: r.parts_sent,
    }))
    .sort((a, b) => a.id - b.id);
}

interface ClaimedRecord {
  id: string | number;
  channel: Channel;
  chat_id: string;
  reply: Reply;
  meta: Record<string, unknown>;
  attempts: number;
  created_at: string | Date;
  parts_sent: number;
}

export async function markSent(db: Executor, ids: number[], now = Date.now()): Promise<void> {
  if (!ids.length) return;
  // One statement: the last replies to an erased user (meta.erase) go as soon as they are delivered.
  await db.execute(sql`
    with gone as (delete from ${outbox} where id in ${ids} and meta ? 'erase' returning id)
    update ${outbox} set status = 'sent', sent_at = ${new Date(now).toISOString()}::timestamptz, lease_until = null,
      attempts = attempts + 1
    where id in ${ids} and id not in (select id from gone)`);
}

/** The idempotency key a call carrying these rows goes with (see SendContext.attempt); null forgets it. */
export async function markAttempt(db: Executor, ids: number[], key: string | null): Promise<void> {
  if (ids.length)
    await db
      .update(outbox)
      .set({
        meta:
          key === null
            ? sql`${outbox.meta} - 'retryKey'`
            : sql`${outbox.meta} || jsonb_build_object('retryKey', ${key}::text)`,
      })
      .where(inArray(outbox.id, ids));
}

/** The first `parts` platform calls of a row went through: a retry starts after them. */
export async function markProgress(db: Executor, id: number, parts: number): Promise<void> {
  await db.update(outbox).set({ partsSent: parts }).where(eq(outbox.id, id));
}

const errorColumn = (error: string) => redact(error).slice(0, 500);

/** One failed attempt: the row waits until `after`. */
export async function markRetry(db: Executor, id: number, after: Date, error: string): Promise<void> {
  await db
    .update(outbox)
    .set({
      nextAttemptAt: after,
      leaseUntil: null,
      lastError: errorColumn(error),
      attempts: sql`${outbox.attempts} + 1`,
    })
    .where(eq(outbox.id, id));
}

/** Rate-limited (429): the row waits until `after`, and this was no attempt, so it never uses up its retries. */
export async function markLimited(db: Executor, id: number, after: Date, error: string): Promise<void> {
  await db
    .update(outbox)
    .set({ nextAttemptAt: after, leaseUntil: null, lastError: errorColumn(error) })
    .where(eq(outbox.id, id));
}

/** Rows not attempted (queued behind a failed one): released, due at `after`, their attempt count untouched. */
export async function postpone(db: Executor, ids: number[], after: Date): Promise<void> {
  if (ids.length)
    await db.update(outbox).set({ nextAttemptAt: after, leaseUntil: null }).where(inArray(outbox.id, ids));
}

export async function markFailed(db: Executor, ids: number[], error: string): Promise<void> {
  if (!ids.length) return;
  // Given up on: an erased user's last reply is not kept either.
  await db.delete(outbox).where(and(inArray(outbox.id, ids), sql`${outbox.meta} ? 'erase'`));
  await db
    .update(outbox)
    .set({ status: 'failed', leaseUntil: null, lastError: errorColumn(error), attempts: sql`${outbox.attempts} + 1` })
    .where(and(inArray(outbox.id, ids), eq(outbox.status, 'pending')));
}
