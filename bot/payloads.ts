// Platforms cap a button's payload (Telegram: 64 bytes of callback_data, LINE: 300 characters of postback data):
// longer ones wait in the database behind a short key, for every channel that needs it.
import { createHash } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Executor } from '../db/client.js';
import { actionPayloads } from '../db/schema.js';
import type { Reply } from './types.js';

const PREFIX = 'k:';
// What keyOf() makes: only such keys can be stored, so nothing else is looked up.
const KEY = /^[A-Za-z0-9_-]{22}$/;
const keyOf = (action: string) => createHash('sha256').update(action).digest('base64url').slice(0, 22);

/** A button's payload within `maxBytes`: the action itself when it fits, else "k:<key>". */
export async function payloadFor(db: Executor, action: string, maxBytes: number): Promise<string> {
  // Short actions that happen to start with the prefix are stored too, so that "k:" always means a key.
  if (Buffer.byteLength(action) <= maxBytes && !action.startsWith(PREFIX)) return action;
  // The key is derived from the payload: the same button pressed or sent twice is stored once.
  const key = keyOf(action);
  await db.insert(actionPayloads).values({ key, payload: action }).onConflictDoNothing();
  return PREFIX + key;
}

/** The reply with every action button's payload within `maxBytes`. */
export async function withShortPayloads(db: Executor, reply: Reply, maxBytes: number): Promise<Reply> {
  const short = async <B extends { label: string }>(b: B) =>
    'action' in b && typeof b.action === 'string' ? { ...b, action: await payloadFor(db, b.action, maxBytes) } : b;
  if (reply.type === 'text' && reply.buttons) return { ...reply, buttons: await Promise.all(reply.buttons.map(short)) };
  if (reply.type === 'cards') {
    return {
      ...reply,
      cards: await Promise.all(
        reply.cards.map(async (c) => ({ ...c, buttons: await Promise.all(c.buttons.map(short)) })),
      ),
    };
  }
  return reply;
}

/** The action behind a button's payload; an unknown key is passed on as it came (the flows answer "didn't understand"). */
export async function actionFor(db: Executor, data: string): Promise<string> {
  const key = data.slice(PREFIX.length);
  if (!data.startsWith(PREFIX) || !KEY.test(key)) return data;
  const [row] = await db
    .select({ payload: actionPayloads.payload })
    .from(actionPayloads)
    .where(eq(actionPayloads.key, key));
  return row?.payload ?? data;
}
