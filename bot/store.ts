// Users and their conversations, loaded and saved in bulk inside the engine's transaction.
import { and, eq, inArray, notInArray, or, sql } from 'drizzle-orm';
import type { Tx } from '../db/client.js';
import { conversations, inboundEvents, outbox, users } from '../db/schema.js';
import { idle, type Conversation, type Profile } from './flow.js';

export interface StoredUser {
  id: number;
  chatId: string;
  unreachable: boolean;
  /** No conversation yet: nothing of theirs was ever handled (a row can exist from a failed first attempt). */
  isNew: boolean;
  profile: Profile;
  conv: Conversation;
}

export interface UserRef {
  channel: string;
  userId: string;
  chatId: string;
}

export const NEW_PROFILE: Profile = {
  locale: 'en',
  timeZone: 'UTC',
  consent: 'pending',
  city: null,
  desiredJob: null,
  phone: null,
  lat: null,
  lon: null,
};

export const userKey = (u: { channel: string; userId: string }) => `${u.channel}:${u.userId}`;

/** The users behind these refs, with their conversations, keyed by userKey. */
export async function loadUsers(tx: Tx, refs: UserRef[]): Promise<Map<string, StoredUser>> {
  const byChannel = new Map<string, string[]>();
  for (const r of refs) byChannel.set(r.channel, [...(byChannel.get(r.channel) ?? []), r.userId]);
  const rows = await tx
    .select({ user: users, conv: conversations })
    .from(users)
    .leftJoin(conversations, eq(conversations.userId, users.id))
    .where(
      or(
        ...[...byChannel].map(([channel, ids]) =>
          and(eq(users.channel, channel), inArray(users.platformUserId, [...new Set(ids)])),
        ),
      ),
    );
  return new Map(
    rows.map(({ user: u, conv: c }) => [
      userKey({ channel: u.channel, userId: u.platformUserId }),
      {
        id: u.id,
        chatId: u.chatId,
        unreachable: u.unreachableAt !== null,
        isNew: c === null,
        profile: {
          locale: u.locale,
          timeZone: u.timeZone,
          consent: u.consent,
          city: u.city,
          desiredJob: u.desiredJob,
          phone: u.phone,
          lat: u.lat,
          lon: u.lon,
        },
        conv: c ? { flow: c.flow as Conversation['flow'], step: c.step, data: c.data } : idle,
      },
    ]),
  );
}

export async function createUsers(
  tx: Tx,
  refs: (UserRef & { locale: string; timeZone: string })[],
): Promise<Map<string, number>> {
  if (!refs.length) return new Map();
  const rows = await tx
    .insert(users)
    .values(
      refs.map((r) => ({
        channel: r.channel,
        platformUserId: r.userId,
        chatId: r.chatId,
        locale: r.locale,
        timeZone: r.timeZone,
      })),
    )
    .returning({ id: users.id, channel: users.channel, platformUserId: users.platformUserId });
  return new Map(rows.map((r) => [userKey({ channel: r.channel, userId: r.platformUserId }), r.id]));
}

export function saveUser(tx: Tx, id: number, profile: Profile, chatId: string, now: Date, consentGiven: boolean) {
  return tx
    .update(users)
    .set({ ...profile, ...(consentGiven ? { consentAt: now } : {}), chatId, unreachableAt: null, updatedAt: now })
    .where(eq(users.id, id));
}

export function saveConversations(tx: Tx, rows: { userId: number; conv: Conversation }[], now: Date) {
  return tx
    .insert(conversations)
    .values(
      rows.map(({ userId, conv }) => ({ userId, flow: conv.flow, step: conv.step, data: conv.data, updatedAt: now })),
    )
    .onConflictDoUpdate({
      target: conversations.userId,
      set: {
        flow: sql`excluded.flow`,
        step: sql`excluded.step`,
        data: sql`excluded.data`,
        updatedAt: sql`excluded.updated_at`,
      },
    });
}

/** What an erased user's handled inbox rows keep: their dedup key, tied to no one. */
const ERASED_USER_KEY = 'erased';

/**
 * Erases the user and every row tied to them. Handled inbox rows keep only their platform dedup key (so a
 * redelivery stays a no-op) and no longer name the user; events not yet handled are left for later.
 */
export async function deleteUser(tx: Tx, userId: number, key: string, notYetHandled: number[]): Promise<void> {
  await tx.delete(outbox).where(eq(outbox.userId, userId));
  await tx
    .update(inboundEvents)
    .set({ payload: sql`'{}'::jsonb`, userKey: ERASED_USER_KEY, lastError: null })
    .where(
      and(
        eq(inboundEvents.userKey, key),
        notYetHandled.length ? notInArray(inboundEvents.id, notYetHandled) : undefined,
      ),
    );
  await tx.delete(users).where(eq(users.id, userId)); // conversations and subscriptions cascade
}
