// The entrance: a scanned or typed ticket code is checked in once; a second scan says when the first one was.
import { and, asc, eq, isNull } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { fairRegistrations, fairs } from '../../db/schema.js';
import { normaliseTicketCode } from './ticket.js';

export type CheckIn =
  | { status: 'checked_in'; code: string; fair: string; fairTitle: string; checkedInAt: Date }
  | { status: 'already_used'; code: string; fair: string; fairTitle: string; checkedInAt: Date }
  | { status: 'unknown'; code: string }
  /** A real ticket shown at the wrong fair's entrance. */
  | { status: 'other_fair'; code: string; fair: string; fairTitle: string };

export async function checkIn(db: Executor, input: string, at: Date, atFair?: string): Promise<CheckIn> {
  const code = normaliseTicketCode(input);
  if (!code) return { status: 'unknown', code: input.slice(0, 40) };
  const [found] = await db
    .select({ id: fairRegistrations.id, fair: fairs.externalId, fairTitle: fairs.title })
    .from(fairRegistrations)
    .innerJoin(fairs, eq(fairs.id, fairRegistrations.fairId))
    .where(eq(fairRegistrations.code, code));
  if (!found) return { status: 'unknown', code };
  const ticket = { code, fair: found.fair, fairTitle: found.fairTitle };
  if (atFair !== undefined && atFair !== found.fair) return { status: 'other_fair', ...ticket };
  // One statement decides: of two scans at the same moment, exactly one checks in.
  const [first] = await db
    .update(fairRegistrations)
    .set({ checkedInAt: at })
    .where(and(eq(fairRegistrations.id, found.id), isNull(fairRegistrations.checkedInAt)))
    .returning({ at: fairRegistrations.checkedInAt });
  if (first?.at) return { status: 'checked_in', ...ticket, checkedInAt: first.at };
  const [used] = await db
    .select({ at: fairRegistrations.checkedInAt })
    .from(fairRegistrations)
    .where(eq(fairRegistrations.id, found.id));
  return { status: 'already_used', ...ticket, checkedInAt: used!.at! };
}

/** Who registered for a fair (by ticket, never by name: the ticket is what the entrance sees), and who came. */
export async function registrationsOf(db: Executor, fairExternalId: string) {
  return db
    .select({
      code: fairRegistrations.code,
      registered_at: fairRegistrations.createdAt,
      checked_in_at: fairRegistrations.checkedInAt,
    })
    .from(fairRegistrations)
    .innerJoin(fairs, eq(fairs.id, fairRegistrations.fairId))
    .where(eq(fairs.externalId, fairExternalId))
    .orderBy(asc(fairRegistrations.createdAt), asc(fairRegistrations.id));
}

/** A ticket exists under this code (its image is served only then). */
export async function ticketExists(db: Executor, code: string): Promise<boolean> {
  return (
    (await db.select({ id: fairRegistrations.id }).from(fairRegistrations).where(eq(fairRegistrations.code, code)))
      .length > 0
  );
}
