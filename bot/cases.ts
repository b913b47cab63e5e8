// The counselors' side of cases (DESIGN.md section 3's case routes): the list with each conversation, an answer, and
// closing. An answer or a close reaches the person as a system event through the inbox, so it takes their lock and
// goes out in order with everything else on their own channel.
import { and, asc, desc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { caseMessages, cases, inboundEvents, users } from '../db/schema.js';
import { inboxRow } from './engine.js';
import { inboxSignal } from './inbox-signal.js';
import type { Channel, InboundEvent } from './types.js';

export interface CaseView {
  id: number;
  channel: string;
  user: string;
  locale: string;
  topic: string;
  status: string;
  opened_at: Date;
  closed_at: Date | null;
  messages: { from: string; text: string; at: Date }[];
}

export async function listCases(db: Db, status: 'open' | 'closed' | 'all'): Promise<CaseView[]> {
  const rows = await db
    .select({ c: cases, channel: users.channel, user: users.platformUserId, locale: users.locale })
    .from(cases)
    .innerJoin(users, eq(users.id, cases.userId))
    .where(status === 'all' ? undefined : eq(cases.status, status))
    .orderBy(desc(cases.openedAt), desc(cases.id))
    .limit(500);
  const ids = rows.map((r) => r.c.id);
  const messages = ids.length
    ? await db.select().from(caseMessages).where(inArray(caseMessages.caseId, ids)).orderBy(asc(caseMessages.id))
    : [];
  return rows.map(({ c, channel, user, locale }) => ({
    id: c.id,
    channel,
    user,
    locale,
    topic: c.topic,
    status: c.status,
    opened_at: c.openedAt,
    closed_at: c.closedAt,
    messages: messages.filter((m) => m.caseId === c.id).map((m) => ({ from: m.author, text: m.text, at: m.at })),
  }));
}

export type CaseAction = { ok: true } | { ok: false; status: 404 | 409; error: string };

/** A counselor's answer (kept with the case) or the close, sent to the person through the inbox. */
export async function actOnCase(
  db: Db,
  caseId: number,
  act: { reply: string } | { close: true },
  now: Date,
): Promise<CaseAction> {
  const done = await db.transaction(async (tx): Promise<CaseAction> => {
    const [found] = await tx
      .select({ status: cases.status, channel: users.channel, userId: users.platformUserId, chatId: users.chatId })
      .from(cases)
      .innerJoin(users, eq(users.id, cases.userId))
      .where(eq(cases.id, caseId))
      .for('update', { of: cases });
    if (!found) return { ok: false, status: 404, error: 'no such case' };
    if (found.status !== 'open') return { ok: false, status: 409, error: 'the case is closed' };
    let key: string;
    if ('reply' in act) {
      const [m] = await tx
        .insert(caseMessages)
        .values({ caseId, author: 'counselor', text: act.reply, at: now })
        .returning({ id: caseMessages.id });
      key = `case:${caseId}:reply:${m!.id}`;
    } else {
      await tx
        .update(cases)
        .set({ status: 'closed', closedAt: now })
        .where(and(eq(cases.id, caseId), eq(cases.status, 'open')));
      key = `case:${caseId}:close`;
    }
    const event: InboundEvent = {
      channel: found.channel as Channel,
      eventId: key,
      userId: found.userId,
      chatId: found.chatId,
      origin: 'operator',
      body: {
        type: 'system',
        capability: 'cases',
        kind: 'reply' in act ? 'reply' : 'close',
        data: 'reply' in act ? { text: act.reply } : {},
      },
    };
    await tx.insert(inboundEvents).values(inboxRow(event)).onConflictDoNothing();
    return { ok: true };
  });
  if (done.ok) inboxSignal.emit('event');
  return done;
}
