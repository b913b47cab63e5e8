// The timer side of saved searches: which are due, which jobs are new to their owner. Each alert goes into the inbox
// as a system event for the jobs capability (so it takes the owner's lock and order), in the same transaction that
// records its jobs as told (alerted_jobs) and moves the search's next time: a crash repeats nothing, and several
// workers share the due searches (SKIP LOCKED).
import { and, asc, eq, isNull, lte } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { alertedJobs, inboundEvents, savedSearches, users } from '../db/schema.js';
import { ALERT_EVERY_MS, alertZone, CHECK_EVERY_MS, wakingSlot } from './flows/jobs/alerts.js';
import { inboxRow } from './engine.js';
import { inboxSignal } from './inbox-signal.js';
import { searchJobs } from './search/jobs.js';
import { jobQuerySchema } from './search/query.js';
import type { Channel, InboundEvent } from './types.js';

/** Jobs per alert: a day's news, not the catalogue. */
const PER_ALERT = 10;
/** A job imported while the last check ran is still new to the next one (alerted_jobs keeps it to once). */
const OVERLAP_MS = 10 * 60_000;

/** Checks up to `limit` due saved searches; returns how many it looked at. */
export async function runDueAlerts(db: Db, now: Date, limit = 100): Promise<number> {
  let alerted = 0;
  const checked = await db.transaction(async (tx) => {
    const due = await tx
      .select({
        search: savedSearches,
        channel: users.channel,
        platformUserId: users.platformUserId,
        chatId: users.chatId,
        timeZone: users.timeZone,
        locale: users.locale,
      })
      .from(savedSearches)
      .innerJoin(users, eq(users.id, savedSearches.userId))
      .where(and(lte(savedSearches.dueAt, now), isNull(users.unreachableAt)))
      .orderBy(asc(savedSearches.dueAt))
      .limit(limit)
      .for('update', { of: savedSearches, skipLocked: true });
    for (const d of due) {
      const s = d.search;
      const query = jobQuerySchema.safeParse(s.query);
      const found = query.success
        ? await searchJobs(tx, query.data, {
            now,
            limit: PER_ALERT,
            // Never before the search was saved: what it showed then is not news.
            createdAfter: new Date(Math.max(s.seenUntil.getTime() - OVERLAP_MS, s.createdAt.getTime())),
            notAlertedTo: s.userId,
          })
        : [];
      if (found.length) {
        await tx
          .insert(alertedJobs)
          .values(found.map((j) => ({ userId: s.userId, jobId: j.id, sentAt: now })))
          .onConflictDoNothing();
        const event: InboundEvent = {
          channel: d.channel as Channel,
          eventId: `alert:${s.id}:${now.toISOString()}`,
          userId: d.platformUserId,
          chatId: d.chatId,
          origin: 'timer',
          body: {
            type: 'system',
            capability: 'jobs',
            kind: 'alert',
            data: { jobs: found.map((j) => j.id), query: query.data },
          },
        };
        await tx.insert(inboundEvents).values(inboxRow(event)).onConflictDoNothing();
        alerted++;
      }
      const next = new Date(now.getTime() + (found.length ? ALERT_EVERY_MS : CHECK_EVERY_MS));
      await tx
        .update(savedSearches)
        .set({
          seenUntil: now,
          dueAt: wakingSlot(next, query.success ? alertZone(d, query.data) : d.timeZone),
        })
        .where(eq(savedSearches.id, s.id));
    }
    return due.length;
  });
  if (alerted) inboxSignal.emit('event');
  return checked;
}
