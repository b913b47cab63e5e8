// Telegram carries at most 64 bytes of callback_data: longer button payloads wait in the database behind a short key.
import { createHash } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { actionPayloads } from '../../db/schema.js';

const MAX_CALLBACK_DATA = 64;
const PREFIX = 'k:';
// What keyOf() makes: only such keys can be stored, so nothing else is looked up.
const KEY = /^[A-Za-z0-9_-]{22}$/;
const keyOf = (action: string) => createHash('sha256').update(action).digest('base64url').slice(0, 22);

/** The callback_data for a button's action: the action itself when it fits, else "k:<key>". */
export async function callbackDataFor(db: Executor, action: string): Promise<string> {
  // Short actions that happen to start with the prefix are stored too, so that "k:" always means a key.
  if (Buffer.byteLength(action) <= MAX_CALLBACK_DATA && !action.startsWith(PREFIX)) return action;
  // The key is derived from the payload: the same button pressed or sent twice is stored once.
  const key = keyOf(action);
  await db.insert(actionPayloads).values({ key, payload: action }).onConflictDoNothing();
  return PREFIX + key;
}

/** The action behind a button's callback_data; an unknown key is passed on as it came (the flows answer "didn't understand"). */
export async function actionFor(db: Executor, data: string): Promise<string> {
  const key = data.slice(PREFIX.length);
  if (!data.startsWith(PREFIX) || !KEY.test(key)) return data;
  const [row] = await db
    .select({ payload: actionPayloads.payload })
    .from(actionPayloads)
    .where(eq(actionPayloads.key, key));
  return row?.payload ?? data;
}
