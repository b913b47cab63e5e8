// What a flow may read of the person's own records (tickets, what they follow): built per event for its user, so
// a flow sees nothing of anyone else's.
import { and, eq } from 'drizzle-orm';
import type { Executor } from '../db/client.js';
import { cases, fairRegistrations, subscriptions } from '../db/schema.js';

export interface Mine {
  /** Their ticket for a fair, if they registered. */
  ticket(fairId: number): Promise<{ code: string; checkedInAt: Date | null } | null>;
  /** Whether they follow this (`fair` + a fair's id; `fairs_city` + a place; `fairs_group` + a group). */
  follows(kind: string, target: string): Promise<boolean>;
  /** Whether a case of theirs is open with the counselors. */
  hasOpenCase(): Promise<boolean>;
}

export const dbMine = (db: Executor, userId: number): Mine => ({
  ticket: async (fairId) =>
    (
      await db
        .select({ code: fairRegistrations.code, checkedInAt: fairRegistrations.checkedInAt })
        .from(fairRegistrations)
        .where(and(eq(fairRegistrations.userId, userId), eq(fairRegistrations.fairId, fairId)))
    )[0] ?? null,
  follows: async (kind, target) =>
    (
      await db
        .select({ kind: subscriptions.kind })
        .from(subscriptions)
        .where(and(eq(subscriptions.userId, userId), eq(subscriptions.kind, kind), eq(subscriptions.target, target)))
    ).length > 0,
  hasOpenCase: async () =>
    (
      await db
        .select({ id: cases.id })
        .from(cases)
        .where(and(eq(cases.userId, userId), eq(cases.status, 'open')))
    ).length > 0,
});
