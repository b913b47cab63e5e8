// Users and their conversations, as the engine loads and saves them inside its transaction.
import { and, eq, sql } from 'drizzle-orm';
import type { Tx } from '../db/client.js';
import { conversations, inboundEvents, outbox, subscriptions, users } from '../db/schema.js';
import { idle, type Conversation, type Profile } from './flow.js';

export interface StoredUser {
  id: number;
  chatId: string;
  profile: Profile;
  conv: Conversation;
}

export async function loadUser(tx: Tx, channel: string, platformUserId: string): Promise<StoredUser | null> {
  const [row] = await tx
    .select({ user: users, conv: conversations })
    .from(users)
    .leftJoin(conversations, eq(conversations.userId, users.id))
    .where(and(eq(users.channel, channel), eq(users.platformUserId, platformUserId)));
  if (!row) return null;
  const u = row.user;
  return {
    id: u.id,
    chatId: u.chatId,
    profile: {
      locale: u.locale, timeZone: u.timeZone, consent: u.consent, city: u.city, desiredJob: u.desiredJob,
      phone: u.phone, lat: u.lat, lon: u.lon,
    },
    conv: row.conv ? { flow: row.conv.flow as Conversation['flow'], step: row.conv.step, data: row.conv.data } : idle,
  };
}

export async function createUser(tx: Tx, channel: string, platformUserId: string, chatId: string, locale: string): Promise<number> {
  const [row] = await tx.insert(users).values({ channel, platformUserId, chatId, locale }).returning({ id: users.id });
  return row!.id;
}

export async function saveUser(tx: Tx, id: number, changes: Partial<Profile>, chatId: string, now: Date): Promise<void> {
  const consentAt = changes.consent === 'given' ? { consentAt: now } : {};
  await tx.update(users).set({ ...changes, ...consentAt, chatId, unreachableAt: null, updatedAt: now }).where(eq(users.id, id));
}

export async function saveConversation(tx: Tx, userId: number, conv: Conversation, now: Date): Promise<void> {
  const values = { flow: conv.flow, step: conv.step, data: conv.data, updatedAt: now };
  await tx.insert(conversations).values({ userId, ...values }).onConflictDoUpdate({ target: conversations.userId, set: values });
}

export async function unsubscribeAll(tx: Tx, userId: number): Promise<void> {
  await tx.delete(subscriptions).where(eq(subscriptions.userId, userId));
}

/** Erases the user and every row tied to them; inbound events keep only their dedup key. */
export async function deleteUser(tx: Tx, userId: number, userKey: string): Promise<void> {
  await tx.delete(outbox).where(eq(outbox.userId, userId));
  await tx.update(inboundEvents).set({ payload: sql`'{}'::jsonb` }).where(eq(inboundEvents.userKey, userKey));
  await tx.delete(users).where(eq(users.id, userId)); // conversations and subscriptions cascade
}
