// A channel's overall send rate and its pause after a 429, shared by every worker process through channel_limits:
// a leaky bucket whose next free slot each worker moves forward with one atomic statement.
import { sql } from 'drizzle-orm';
import { queryRows, type Executor } from '../db/client.js';
import { channelLimits } from '../db/schema.js';
import type { Clock } from './clock.js';
import { sqlTime } from './outbox.js';
import type { Channel } from './types.js';

/** Thrown instead of a send slot: the channel is paused, or the slot would come after the rows' lease ends. */
export class NoSlot extends Error {}

/** Pauses the channel for every worker until `untilMs`; a later pause already set stays. */
export async function pauseChannel(db: Executor, channel: Channel, untilMs: number): Promise<void> {
  await db.execute(sql`
    insert into ${channelLimits} as l (channel, paused_until) values (${channel}, ${sqlTime(untilMs)})
    on conflict (channel) do update set paused_until = greatest(l.paused_until, excluded.paused_until)`);
}

/**
 * Reserves n consecutive slots, one every 1/perSecond s from the later of now and the channel's next free slot;
 * returns the first slot's time, or null while the channel is paused.
 */
export async function reserveSlots(
  db: Executor,
  channel: Channel,
  n: number,
  perSecond: number,
  nowMs: number,
): Promise<number | null> {
  const span = sql`make_interval(secs => ${n / perSecond})`;
  const [row] = await queryRows<{ first: string | number }>(
    db,
    sql`
    insert into ${channelLimits} as l (channel, next_slot_at) values (${channel}, ${sqlTime(nowMs)} + ${span})
    on conflict (channel) do update set next_slot_at = greatest(l.next_slot_at, ${sqlTime(nowMs)}) + ${span}
      where l.paused_until is null or l.paused_until <= ${sqlTime(nowMs)}
    returning extract(epoch from l.next_slot_at - ${span}) * 1000 as first`,
  );
  return row ? Number(row.first) : null;
}

export interface Pacer {
  /** Waits until this worker's next send slot of the channel; throws NoSlot instead when there is none. */
  next(): Promise<void>;
  /** No more slots before `untilMs` (this worker got a 429). */
  pause(untilMs: number): void;
}

/**
 * Slots for one sending round of one worker. Callers that ask while a reservation is in flight share the next one,
 * so a round of many chats costs a few statements, and no slot is reserved that nobody waits for.
 */
export function createPacer(
  db: Executor,
  channel: Channel,
  perSecond: number,
  clock: Clock,
  deadlineMs: number,
): Pacer {
  const interval = 1000 / perSecond;
  const tolerance = Math.max(interval / 2, 50);
  let pausedUntil = 0;
  let reserving = false;
  const waiting: { resolve(slot: number | null): void; reject(err: unknown): void }[] = [];

  async function drain(): Promise<void> {
    if (reserving) return;
    reserving = true;
    try {
      while (waiting.length) {
        const batch = waiting.splice(0);
        try {
          const first = await reserveSlots(db, channel, batch.length, perSecond, clock.now());
          batch.forEach((w, i) => w.resolve(first === null ? null : first + i * interval));
        } catch (err) {
          batch.forEach((w) => w.reject(err));
        }
      }
    } finally {
      reserving = false;
    }
  }

  const checkPause = () => {
    if (pausedUntil > clock.now()) throw new NoSlot(`${channel} is paused`);
  };
  const take = () =>
    new Promise<number | null>((resolve, reject) => {
      waiting.push({ resolve, reject });
      void drain();
    });
  return {
    async next() {
      // A worker that wakes well after its slot (its event loop stalled) would go out at once with the later slots
      // that woke in the same moment: it takes a fresh slot instead, once. "Well after" is more than half a slot and
      // more than 50 ms: platforms allow a short burst, and at hundreds a second a busy event loop is often a few ms
      // late, which would otherwise throw a fifth of the slots away.
      for (let late = false; ; late = true) {
        checkPause();
        const slot = await take();
        if (slot === null) {
          pausedUntil = Infinity; // another worker paused the channel; claims resume once the pause has passed
          throw new NoSlot(`${channel} is paused`);
        }
        if (slot > deadlineMs) throw new NoSlot(`no ${channel} send slot before the lease ends`);
        await clock.sleep(slot - clock.now());
        checkPause();
        if (late || clock.now() - slot <= tolerance) return;
      }
    },
    pause(untilMs) {
      pausedUntil = Math.max(pausedUntil, untilMs);
    },
  };
}
