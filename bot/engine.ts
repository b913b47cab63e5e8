// The engine: store each inbound event once, run the flow for it, save state and queue replies in one transaction.
import { and, asc, eq, sql } from 'drizzle-orm';
import type { Logger } from 'pino';
import { queryRows, type Db, type Tx } from '../db/client.js';
import { inboundEvents } from '../db/schema.js';
import type { FlowContext } from './flow.js';
import { route } from './flows/index.js';
import { matchLocale, tFor } from './i18n.js';
import { inboxSignal } from './inbox-signal.js';
import { enqueue, repliesFor } from './outbox.js';
import { createUser, deleteUser, loadUser, saveConversation, saveUser, unsubscribeAll } from './store.js';
import type { InboundEvent, Reply } from './types.js';

export interface EngineOptions {
  now?: () => Date;
  log?: Logger;
}

export interface Handled {
  duplicate: boolean;
  replies: Reply[];
}

const MAX_ATTEMPTS = 3;
const userKey = (e: { channel: string; userId: string }) => `${e.channel}:${e.userId}`;
// One lock per user, across processes: their events are handled one at a time, in order.
const lockUser = (tx: Tx, key: string) => tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${key}, 0))`);

export class Engine {
  private readonly now: () => Date;

  constructor(private readonly db: Db, private readonly opts: EngineOptions = {}) {
    this.now = opts.now ?? (() => new Date());
  }

  /**
   * For channels that answer in the response (web chat, console): store, handle and return the replies in one
   * transaction. A repeated event id returns the replies it got the first time.
   */
  async handle(event: InboundEvent): Promise<Handled> {
    return this.db.transaction(async (tx) => {
      await lockUser(tx, userKey(event));
      const [row] = await tx.insert(inboundEvents)
        .values({ channel: event.channel, eventId: event.eventId, userKey: userKey(event), payload: event, status: 'done', attempts: 1, processedAt: this.now() })
        .onConflictDoNothing()
        .returning({ id: inboundEvents.id });
      if (!row) {
        const [prior] = await tx.select({ id: inboundEvents.id }).from(inboundEvents)
          .where(and(eq(inboundEvents.channel, event.channel), eq(inboundEvents.eventId, event.eventId)));
        return { duplicate: true, replies: prior ? await repliesFor(tx, prior.id) : [] };
      }
      return { duplicate: false, replies: await this.run(tx, row.id, event, true) };
    });
  }

  /** For webhooks: store the event durably and return; processing follows from the inbox. */
  async accept(event: InboundEvent): Promise<{ duplicate: boolean }> {
    const rows = await this.db.insert(inboundEvents)
      .values({ channel: event.channel, eventId: event.eventId, userKey: userKey(event), payload: event })
      .onConflictDoNothing()
      .returning({ id: inboundEvents.id });
    if (rows.length) inboxSignal.emit('event');
    return { duplicate: rows.length === 0 };
  }

  /** Handles pending inbox events, one user at a time; users locked by another process are left to it. */
  async processPending(maxUsers = 20): Promise<number> {
    const keys = await queryRows<{ user_key: string }>(this.db, sql`
      select user_key from ${inboundEvents} where status = 'pending'
      group by user_key order by min(id) limit ${maxUsers}`);
    let handled = 0;
    for (const { user_key: key } of keys) handled += await this.processUser(key);
    return handled;
  }

  private async processUser(key: string): Promise<number> {
    return this.db.transaction(async (tx) => {
      const [got] = await queryRows<{ ok: boolean }>(tx, sql`select pg_try_advisory_xact_lock(hashtextextended(${key}, 0)) as ok`);
      if (!got?.ok) return 0;
      const pending = await tx.select().from(inboundEvents)
        .where(and(eq(inboundEvents.userKey, key), eq(inboundEvents.status, 'pending')))
        .orderBy(asc(inboundEvents.id));
      for (const row of pending) {
        try {
          // A savepoint per event: one that fails is retried later without undoing the others.
          await tx.transaction(async (sp) => {
            await this.run(sp, row.id, row.payload as InboundEvent, false);
            await sp.update(inboundEvents).set({ status: 'done', processedAt: this.now(), attempts: row.attempts + 1 }).where(eq(inboundEvents.id, row.id));
          });
        } catch (err) {
          const attempts = row.attempts + 1;
          this.opts.log?.error({ err, eventId: row.id, channel: row.channel, attempts }, 'inbound event failed');
          await tx.update(inboundEvents)
            .set({ attempts, lastError: String(err).slice(0, 500), status: attempts >= MAX_ATTEMPTS ? 'failed' : 'pending' })
            .where(eq(inboundEvents.id, row.id));
          break; // later events of this user wait, so their order holds
        }
      }
      return pending.length;
    });
  }

  private async run(tx: Tx, inboundEventId: number, event: InboundEvent, delivered: boolean): Promise<Reply[]> {
    const now = this.now();
    let stored = await loadUser(tx, event.channel, event.userId);
    if (!stored && event.body.type === 'unfollow') return [];
    const isNew = !stored;
    if (!stored) {
      await createUser(tx, event.channel, event.userId, event.chatId, matchLocale(event.localeHint));
      stored = (await loadUser(tx, event.channel, event.userId))!;
    }
    const ctx: FlowContext = { user: stored.profile, conv: stored.conv, event, isNew, now, t: tFor(stored.profile.locale) };
    const result = route(ctx);
    const effects = result.effects ?? [];
    if (effects.includes('delete_user')) {
      await deleteUser(tx, stored.id, userKey(event));
    } else {
      await saveUser(tx, stored.id, result.user ?? {}, event.chatId, now);
      await saveConversation(tx, stored.id, result.conv, now);
      if (effects.includes('unsubscribe_all')) await unsubscribeAll(tx, stored.id);
    }
    const userId = effects.includes('delete_user') ? null : stored.id;
    await enqueue(tx, result.replies.map((reply) => ({
      channel: event.channel, chatId: event.chatId, userId, inboundEventId, reply, meta: event.meta, delivered,
    })), now);
    return result.replies;
  }
}
