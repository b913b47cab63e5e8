// The engine: store each inbound event once, run its flow, save state and queue replies in one transaction.
// Calls are batched (bot/batcher.ts), so under load one transaction carries many messages. Each user's events still
// run one at a time, in order: their user is locked across processes, and within a batch their events run in
// sequence on in-memory state.
import { isDeepStrictEqual } from 'node:util';
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Logger } from 'pino';
import { errorText } from './log.js';
import { queryRows, type Db, type Executor, type Tx } from '../db/client.js';
import { inboundEvents, outbox } from '../db/schema.js';
import { dbCatalog } from './catalog.js';
import { isZone } from './format.js';
import { dbMine } from './mine.js';
import {
  DELETE_USER,
  idle,
  type Conversation,
  type Effect,
  type FlowResult,
  type Profile,
  type Services,
} from './flow.js';
import { systemClock, type Clock } from './clock.js';
import { registry } from './flows/index.js';
import { matchLocale, tFor } from './i18n.js';
import { withSafeLinks } from './links.js';
import { AGAIN, batcher, type BatchResult } from './batcher.js';
import { inboxSignal } from './inbox-signal.js';
import { storable } from './sanitize.js';
import { enqueue, type OutboxItem } from './outbox.js';
import {
  createUsers,
  deleteUser,
  loadUsers,
  NEW_PROFILE,
  saveConversations,
  saveUser,
  userKey,
  type StoredUser,
} from './store.js';
import type { Surface } from './surface.js';
import type { Channel, InboundEvent, Reply } from './types.js';

export interface EngineOptions {
  now?: () => Date;
  log?: Logger;
  /** Most events in one transaction. */
  maxBatch?: number;
  /** Most transactions in flight at once from this process, for each of handle and accept. */
  maxConcurrentBatches?: number;
  /** Time for the engine; `now` wins for the dates flows see when both are given. */
  clock?: Clock;
  /**
   * How long a batch waits for its slowest flows (a search over a million jobs, a knowledge-base lookup) before it
   * writes the others; unset: it waits for all (PGlite, where flows and writes share one connection anyway).
   */
  flowBudgetMs?: number;
  /** Wraps what flows may read, per event (benchmarks use it to simulate slow lookups). */
  services?: (base: Services, event: InboundEvent) => Services;
  /** PUBLIC_URL: where people reach the web chat, for links they share. */
  publicUrl?: string;
  /** What each channel can show (declared by its adapter); the full set for channels that declare nothing. */
  surfaceOf?: (channel: Channel) => Surface | undefined;
}

export interface Handled {
  duplicate: boolean;
  replies: Reply[];
  /** This event erased its user ("delete my data" confirmed). */
  erased?: boolean;
}

const MAX_ATTEMPTS = 3;
const MEMO_LIMIT = 10_000;
/** AGAIN: the event waits for a later transaction (its user was erased earlier in this one, or an earlier event failed). */
type Outcome = BatchResult<Reply[]>;

/** An event to run; `delivered`: its replies go back in the response (web, console) rather than through a sender. */
interface Item {
  inboundId: number;
  event: InboundEvent;
  delivered: boolean;
}

interface UserState {
  id: number;
  chatId: string;
  unreachable: boolean;
  profile: Profile;
  conv: Conversation;
  isNew: boolean;
  dirty: boolean;
  consentGiven: boolean;
  convDirty: boolean;
  effects: Effect[];
  deleted: boolean;
  blocked: boolean;
}

const keysJson = (keys: string[]) => JSON.stringify([...new Set(keys)]);
// Blocking locks in one global order (by hash), so two batches never deadlock.
const lockUsers = (tx: Tx, keys: string[]) =>
  tx.execute(sql`
  select pg_advisory_xact_lock(h) from (
    select distinct hashtextextended(k, 0) as h from jsonb_array_elements_text(${keysJson(keys)}::jsonb) as k order by h) s`);
const tryLockUsers = async (tx: Tx, keys: string[]) =>
  (
    await queryRows<{ k: string }>(
      tx,
      sql`
  select k from jsonb_array_elements_text(${keysJson(keys)}::jsonb) as k where pg_try_advisory_xact_lock(hashtextextended(k, 0))`,
    )
  ).map((r) => r.k);
const refOf = (key: string) => {
  const i = key.indexOf(':');
  return { channel: key.slice(0, i), userId: key.slice(i + 1), chatId: '' };
};
const dedupKey = (e: { channel: string; eventId: string }) => `${e.channel}\u0000${e.eventId}`;
/** An event as its inbox row (for events written by other modules in their own transaction: alerts). */
export const inboxRow = (e: InboundEvent) => ({
  channel: e.channel,
  eventId: e.eventId,
  userKey: userKey(e),
  payload: e,
});

/** An effect is applied by the capability that declares its type, in the engine's transaction. */
const applyEffect = (tx: Tx, userId: number, effect: Effect) => {
  const handler = registry.effect(effect.type);
  if (!handler) throw new Error(`no capability applies the effect "${effect.type}"`);
  return handler(tx, userId, effect);
};

type InboxRow = typeof inboundEvents.$inferSelect;
/** Every pending inbox event of these users, in arrival order. */
const pendingOf = (tx: Tx, keys: string[]) =>
  tx
    .select()
    .from(inboundEvents)
    .where(and(inArray(inboundEvents.userKey, [...new Set(keys)]), eq(inboundEvents.status, 'pending')))
    .orderBy(asc(inboundEvents.id));
const queued = (r: InboxRow): Item => ({ inboundId: r.id, event: r.payload as InboundEvent, delivered: false });

/** One failed attempt at an inbound event; the third is its last. */
const recordFailure = (db: Executor, row: { id: number; attempts: number }, err: unknown) =>
  db
    .update(inboundEvents)
    .set({
      attempts: row.attempts + 1,
      lastError: errorText(err),
      status: row.attempts + 1 >= MAX_ATTEMPTS ? 'failed' : 'pending',
    })
    .where(eq(inboundEvents.id, row.id));

export class Engine {
  private readonly now: () => Date;
  private readonly clock: Clock;
  /** Flow runs that outlived their batch, by event, with the state they ran on. */
  private readonly memo = new Map<string, { snapshot: string; result: Promise<FlowResult> }>();
  private readonly handleBatched: (event: InboundEvent) => Promise<Handled>;
  private readonly acceptBatched: (event: InboundEvent) => Promise<{ duplicate: boolean }>;

  constructor(
    private readonly db: Db,
    private readonly opts: EngineOptions = {},
  ) {
    this.clock = opts.clock ?? systemClock;
    this.now = opts.now ?? (() => new Date(this.clock.now()));
    const sizes = { maxBatch: opts.maxBatch ?? 100, maxConcurrent: opts.maxConcurrentBatches ?? 2 };
    this.handleBatched = batcher((events) => db.transaction((tx) => this.handleInTx(tx, events)), sizes);
    this.acceptBatched = batcher((events) => this.acceptMany(events), { ...sizes, maxBatch: 500 });
  }

  /**
   * For channels that answer in the response (web chat, console): stored, handled and answered in one transaction.
   * A repeated event id gets the replies it got the first time, marked duplicate.
   */
  handle(event: InboundEvent): Promise<Handled> {
    return this.handleBatched(storable(event));
  }

  /** For webhooks: resolves once the event is stored durably; the inbox worker handles it. */
  accept(event: InboundEvent): Promise<{ duplicate: boolean }> {
    return this.acceptBatched(storable(event));
  }

  private async acceptMany(events: InboundEvent[]): Promise<{ duplicate: boolean }[]> {
    const rows = await this.db
      .insert(inboundEvents)
      .values(events.map(inboxRow))
      .onConflictDoNothing()
      .returning({ channel: inboundEvents.channel, eventId: inboundEvents.eventId });
    if (rows.length) inboxSignal.emit('event');
    const fresh = new Set(rows.map(dedupKey));
    // A second copy within the batch is a duplicate too.
    return events.map((e) => ({ duplicate: !fresh.delete(dedupKey(e)) }));
  }

  /** Handles pending inbox events of up to `maxUsers` users; users another process is handling are left to it. */
  async processPending(maxUsers = 100): Promise<number> {
    // The oldest pending events (by index, however long the backlog), then their first few users.
    const oldest = await queryRows<{ user_key: string }>(
      this.db,
      sql`
      select user_key from ${inboundEvents} where status = 'pending' order by id limit ${maxUsers * 10}`,
    );
    const candidates = [...new Set(oldest.map((r) => r.user_key))].slice(0, maxUsers);
    if (!candidates.length) return 0;
    try {
      return await this.db.transaction((tx) => this.processInTx(tx, candidates));
    } catch (err) {
      this.opts.log?.error({ err, users: candidates.length }, 'inbox batch failed; handling its users one by one');
    }
    // One user's events must not stall everyone's: alone, a failing user costs an attempt of their oldest event.
    let handled = 0;
    for (const key of candidates) {
      try {
        handled += await this.db.transaction((tx) => this.processInTx(tx, [key]));
      } catch (err) {
        this.opts.log?.error({ err }, 'inbox event failed');
        const [first] = await this.db
          .select()
          .from(inboundEvents)
          .where(and(eq(inboundEvents.userKey, key), eq(inboundEvents.status, 'pending')))
          .orderBy(asc(inboundEvents.id))
          .limit(1);
        if (first) {
          await recordFailure(this.db, first, err);
          handled++;
        }
      }
    }
    return handled;
  }

  private async handleInTx(tx: Tx, events: InboundEvent[]): Promise<BatchResult<Handled>[]> {
    const now = this.now();
    const keys = events.map(userKey);
    // The locks first, on their own (drizzle sends lazily, so call order is not send order); then independent reads.
    await lockUsers(tx, keys);
    const [pending, inserted, users] = await Promise.all([
      // Events of these users that came another way (a timer, an operator) and wait in the inbox go first.
      pendingOf(tx, keys),
      tx
        .insert(inboundEvents)
        .values(events.map((e) => ({ ...inboxRow(e), status: 'done' as const, attempts: 1, processedAt: now })))
        .onConflictDoNothing()
        .returning({ id: inboundEvents.id, channel: inboundEvents.channel, eventId: inboundEvents.eventId }),
      loadUsers(tx, events),
    ]);
    const fresh = new Map(inserted.map((r) => [dedupKey(r), r.id]));
    const items = events.map((event) => {
      const id = fresh.get(dedupKey(event));
      fresh.delete(dedupKey(event)); // a second copy within the batch is a duplicate too
      return id === undefined ? null : { inboundId: id, event, delivered: true };
    });
    const { outcomes, erasedBy } = await this.apply(
      tx,
      [...pending.map(queued), ...items.filter((i): i is Item => i !== null)],
      users,
      now,
    );
    await this.settle(tx, pending, outcomes, now);
    // Failed or deferred events leave no trace, so the client's retry (or the next batch) handles them afresh.
    const unhandled = items.flatMap((i) => (i && !Array.isArray(outcomes.get(i.inboundId)) ? [i.inboundId] : []));
    if (unhandled.length) await tx.delete(inboundEvents).where(inArray(inboundEvents.id, unhandled));
    const duplicates = events.filter((_, i) => !items[i]);
    const priorReplies = duplicates.length ? await this.repliesByEvent(tx, duplicates) : new Map<string, Reply[]>();
    return events.map((event, i) => {
      const item = items[i];
      if (!item) return { duplicate: true, replies: priorReplies.get(dedupKey(event)) ?? [] };
      const o = outcomes.get(item.inboundId)!;
      return Array.isArray(o)
        ? { duplicate: false, replies: o, ...(erasedBy.has(item.inboundId) ? { erased: true } : {}) }
        : o;
    });
  }

  private async processInTx(tx: Tx, candidates: string[]): Promise<number> {
    const locked = await tryLockUsers(tx, candidates);
    if (!locked.length) return 0;
    // Read after locking: every pending event of these users, in arrival order.
    const [pending, users] = await Promise.all([pendingOf(tx, locked), loadUsers(tx, locked.map(refOf))]);
    const now = this.now();
    const { outcomes } = await this.apply(tx, pending.map(queued), users, now);
    return this.settle(tx, pending, outcomes, now);
  }

  /** Records what became of inbox events: done, or one more failed attempt. Returns how many were settled. */
  private async settle(tx: Tx, pending: InboxRow[], outcomes: Map<number, Outcome>, now: Date): Promise<number> {
    const done = pending.filter((r) => Array.isArray(outcomes.get(r.id)));
    const failed = pending.filter((r) => outcomes.get(r.id) instanceof Error);
    await Promise.all([
      done.length
        ? tx
            .update(inboundEvents)
            .set({ status: 'done', processedAt: now, attempts: sql`${inboundEvents.attempts} + 1` })
            .where(
              inArray(
                inboundEvents.id,
                done.map((r) => r.id),
              ),
            )
        : null,
      ...failed.map((r) => {
        const err = outcomes.get(r.id) as Error;
        this.opts.log?.error(
          { err, inboundEventId: r.id, channel: r.channel, attempts: r.attempts + 1 },
          'inbound event failed',
        );
        return recordFailure(tx, r, err);
      }),
    ]);
    return done.length + failed.length;
  }

  /** Runs the flows for these events in order, then writes every change and reply; returns each event's outcome
   * and the events that erased their user. */
  private async apply(
    tx: Tx,
    items: Item[],
    users: Map<string, StoredUser>,
    now: Date,
  ): Promise<{ outcomes: Map<number, Outcome>; erasedBy: Set<number> }> {
    const toCreate = new Map<
      string,
      { channel: string; userId: string; chatId: string; locale: string; timeZone: string }
    >();
    for (const { event } of items) {
      const k = userKey(event);
      // Someone we never knew leaving, or a timer for someone erased meanwhile, needs no account.
      if (!users.has(k) && !toCreate.has(k) && event.body?.type !== 'unfollow' && event.body?.type !== 'system') {
        toCreate.set(k, {
          channel: event.channel,
          userId: event.userId,
          chatId: event.chatId,
          locale: matchLocale(event.localeHint),
          timeZone: isZone(event.timeZoneHint) ? event.timeZoneHint : NEW_PROFILE.timeZone,
        });
      }
    }
    const created = await createUsers(tx, [...toCreate.values()]);
    const states = new Map<string, UserState>();
    const base = () => ({
      dirty: false,
      consentGiven: false,
      convDirty: false,
      effects: [] as Effect[],
      deleted: false,
      blocked: false,
    });
    for (const [k, u] of users) states.set(k, { ...u, ...base(), convDirty: u.isNew });
    for (const [k, id] of created) {
      const { chatId, locale, timeZone } = toCreate.get(k)!;
      states.set(k, {
        id,
        chatId,
        unreachable: false,
        isNew: true,
        profile: { ...NEW_PROFILE, locale, timeZone },
        conv: idle,
        ...base(),
        convDirty: true,
      });
    }

    // On Postgres the flows read through the pool, not this transaction: a flow still waiting on a slow lookup when
    // the batch is written can go on after the transaction ends (see `runChains`).
    const reader = this.opts.flowBudgetMs === undefined ? tx : this.db;
    const outcomes = new Map<number, Outcome>();
    const erasedBy = new Set<number>();
    const rows: OutboxItem[] = [];
    const chains = new Map<string, Item[]>();
    for (const item of items) chains.set(userKey(item.event), [...(chains.get(userKey(item.event)) ?? []), item]);
    const finished = await this.runChains(
      [...chains].map(
        ([key, list]) =>
          () =>
            this.runChain(states.get(key), list, reader, now),
      ),
    );
    const deferredKeys = new Set<string>();
    for (const [i, [key, list]] of [...chains].entries()) {
      const chain = finished[i];
      if (!chain) {
        // still waiting on a slow lookup: the user's events run again in a later batch, nothing written now
        deferredKeys.add(key);
        for (const item of list) outcomes.set(item.inboundId, AGAIN);
        continue;
      }
      if (chain.state) states.set(key, chain.state);
      for (const item of list) this.memo.delete(dedupKey(item.event));
      rows.push(...chain.rows);
      for (const [id, o] of chain.outcomes) outcomes.set(id, o);
      for (const id of chain.erasedBy) erasedBy.add(id);
    }
    for (const key of deferredKeys) states.delete(key);

    const deferredIds = [...outcomes].filter(([, o]) => o === AGAIN).map(([id]) => id);
    for (const [k, s] of states) if (s.deleted) await deleteUser(tx, s.id, k, deferredIds);
    const live = [...states.values()].filter((s) => !s.deleted);
    const convs = live.filter((s) => s.convDirty).map((s) => ({ userId: s.id, conv: s.conv }));
    await Promise.all([
      ...live.filter((s) => s.dirty).map((s) => saveUser(tx, s.id, s.profile, s.chatId, now, s.consentGiven)),
      convs.length ? saveConversations(tx, convs, now) : null,
      ...live.flatMap((s) => s.effects.map((e) => applyEffect(tx, s.id, e))),
      enqueue(tx, rows, now),
    ]);
    return { outcomes, erasedBy };
  }

  /**
   * Runs every chain (one user's events, in order) at once. Where a flow budget is set, chains still running when it
   * has passed are left out of this batch, so one user's slow lookup never holds up the others; their flows go on
   * in the background and the results wait in `memo` for the next batch.
   */
  private async runChains<R>(chains: (() => Promise<R>)[]): Promise<(R | undefined)[]> {
    const results: (R | undefined)[] = new Array(chains.length);
    const all = Promise.all(
      chains.map(async (run, i) => {
        results[i] = await run();
      }),
    );
    const budget = this.opts.flowBudgetMs;
    if (budget === undefined) await all;
    else await Promise.race([all, this.clock.sleep(budget)]);
    return results;
  }

  /** One user's events in order, on a copy of their state: it is kept only if the chain finishes in time. */
  private async runChain(stored: UserState | undefined, items: Item[], reader: Executor, now: Date) {
    const outcomes = new Map<number, Outcome>();
    const erasedBy = new Set<number>();
    let rows: OutboxItem[] = [];
    if (!stored) {
      for (const { inboundId } of items) outcomes.set(inboundId, []);
      return { state: undefined, rows, outcomes, erasedBy };
    }
    const s: UserState = { ...stored, effects: [...stored.effects] };
    for (const { inboundId, event, delivered } of items) {
      if (s.deleted || s.blocked) {
        outcomes.set(inboundId, AGAIN);
        continue;
      }
      try {
        const result = await this.flow(s, event, reader, now);
        const replies = result.replies.map(withSafeLinks);
        const effects = result.effects ?? [];
        s.isNew = false;
        if (result.user && Object.keys(result.user).length) {
          s.profile = { ...s.profile, ...result.user };
          s.dirty = true;
          s.consentGiven ||= result.user.consent === 'given';
        }
        if (event.chatId !== s.chatId || s.unreachable)
          Object.assign(s, { chatId: event.chatId, unreachable: false, dirty: true });
        if (!isDeepStrictEqual(result.conv, s.conv)) Object.assign(s, { conv: result.conv, convDirty: true });
        s.effects.push(...effects.filter((e) => e.type !== DELETE_USER.type));
        if (effects.some((e) => e.type === DELETE_USER.type)) {
          s.deleted = true;
          erasedBy.add(inboundId);
          rows = [];
        }
        // An erased user's last replies belong to no one: a web answer is not stored at all, a pushed one is
        // marked to be deleted as soon as it has been delivered.
        if (!(s.deleted && delivered)) {
          rows.push(
            ...replies.map((reply) => ({
              channel: event.channel,
              chatId: event.chatId,
              userId: s.deleted ? null : s.id,
              inboundEventId: inboundId,
              reply,
              meta: { ...event.meta, locale: s.profile.locale, ...(s.deleted ? { erase: true } : {}) },
              delivered,
            })),
          );
        }
        outcomes.set(inboundId, replies);
      } catch (err) {
        outcomes.set(inboundId, err instanceof Error ? err : new Error(String(err)));
        s.blocked = true; // this user's later events wait, so their order holds
      }
    }
    return { state: s, rows, outcomes, erasedBy };
  }

  /**
   * The flow's result for this event on this state. A run left behind by an earlier batch (see `runChains`) is
   * picked up when it ran on the same state; the flow is a pure function of state, event and what it read.
   */
  private flow(s: UserState, event: InboundEvent, reader: Executor, now: Date): Promise<FlowResult> {
    const key = dedupKey(event);
    const snapshot = JSON.stringify([s.profile, s.conv, s.isNew]);
    const earlier = this.memo.get(key);
    if (earlier?.snapshot === snapshot) return earlier.result;
    const base: Services = {
      catalog: dbCatalog(reader),
      publicUrl: this.opts.publicUrl ?? null,
      mine: dbMine(reader, s.id),
    };
    const surface = this.opts.surfaceOf?.(event.channel);
    const result = registry.route({
      user: s.profile,
      conv: s.conv,
      event,
      isNew: s.isNew,
      now,
      t: tFor(s.profile.locale),
      services: this.opts.services?.(base, event) ?? base,
      ...(surface ? { surface } : {}),
    });
    if (this.opts.flowBudgetMs !== undefined) {
      result.catch(() => {}); // a run nobody waits for any more must not become an unhandled rejection
      this.memo.set(key, { snapshot, result });
      if (this.memo.size > MEMO_LIMIT) this.memo.delete(this.memo.keys().next().value!);
    }
    return result;
  }

  private async repliesByEvent(tx: Tx, events: InboundEvent[]): Promise<Map<string, Reply[]>> {
    const ids = await tx
      .select({ id: inboundEvents.id, channel: inboundEvents.channel, eventId: inboundEvents.eventId })
      .from(inboundEvents)
      .where(
        inArray(
          inboundEvents.eventId,
          events.map((e) => e.eventId),
        ),
      );
    const wanted = new Set(events.map(dedupKey));
    const byId = new Map(ids.filter((r) => wanted.has(dedupKey(r))).map((r) => [r.id, dedupKey(r)]));
    const replies = new Map<string, Reply[]>();
    if (!byId.size) return replies;
    const rows = await tx
      .select({ inboundEventId: outbox.inboundEventId, reply: outbox.reply })
      .from(outbox)
      .where(inArray(outbox.inboundEventId, [...byId.keys()]))
      .orderBy(asc(outbox.id));
    for (const r of rows) {
      const k = byId.get(r.inboundEventId!)!;
      replies.set(k, [...(replies.get(k) ?? []), r.reply as Reply]);
    }
    return replies;
  }
}
