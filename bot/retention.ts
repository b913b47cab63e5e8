// Keeps no more than needed: what people wrote is scrubbed a week after it was handled, and old rows go after a
// month (long past any platform's redelivery window, so dedup keys are no longer needed).
import { and, inArray, lt, ne, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { actionPayloads, inboundEvents, outbox } from '../db/schema.js';

const DAY = 86_400_000;
export const RETENTION = { scrubAfterDays: 7, deleteAfterDays: 30, buttonPayloadDays: 90 };

export async function purgeOld(db: Db, now = new Date()): Promise<number> {
  const before = (days: number) => new Date(now.getTime() - days * DAY);
  // Deletions first, so the scrub touches only what stays.
  const counts = [
    await db
      .delete(inboundEvents)
      .where(and(ne(inboundEvents.status, 'pending'), lt(inboundEvents.receivedAt, before(RETENTION.deleteAfterDays))))
      .returning({ id: inboundEvents.id }),
    await db
      .delete(outbox)
      .where(and(inArray(outbox.status, ['sent', 'failed']), lt(outbox.createdAt, before(RETENTION.deleteAfterDays))))
      .returning({ id: outbox.id }),
    await db
      .delete(actionPayloads)
      .where(lt(actionPayloads.createdAt, before(RETENTION.buttonPayloadDays)))
      .returning({ key: actionPayloads.key }),
    await db
      .update(inboundEvents)
      .set({ payload: sql`'{}'::jsonb` })
      .where(
        and(
          ne(inboundEvents.status, 'pending'),
          lt(inboundEvents.receivedAt, before(RETENTION.scrubAfterDays)),
          sql`${inboundEvents.payload} <> '{}'::jsonb`,
        ),
      )
      .returning({ id: inboundEvents.id }),
  ];
  return counts.reduce((n, rows) => n + rows.length, 0);
}
