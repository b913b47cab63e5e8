// Replays a user's stored inbound events through the pure flows, in inbox order, and compares with what was stored.
// If two events had been handled concurrently on the same state, the stored replies would differ from the replay.
import { isDeepStrictEqual } from 'node:util';
import { asc, eq } from 'drizzle-orm';
import { dbCatalog } from '../../bot/catalog.js';
import { idle, type Conversation, type Profile } from '../../bot/flow.js';
import { route } from '../../bot/flows/index.js';
import { matchLocale, tFor } from '../../bot/i18n.js';
import { NEW_PROFILE } from '../../bot/store.js';
import type { InboundEvent, Reply } from '../../bot/types.js';
import type { Db } from '../../db/client.js';
import { inboundEvents, outbox } from '../../db/schema.js';

export async function replayMatches(db: Db, userKey: string): Promise<{ events: number; mismatches: number }> {
  const events = await db
    .select()
    .from(inboundEvents)
    .where(eq(inboundEvents.userKey, userKey))
    .orderBy(asc(inboundEvents.id));
  let user: Profile | null = null;
  let conv: Conversation = idle;
  let mismatches = 0;
  for (const row of events) {
    const event = row.payload as InboundEvent;
    const isNew = !user;
    const current: Profile = user ?? { ...NEW_PROFILE, locale: matchLocale(event.localeHint) };
    const result = await route({
      user: current,
      conv,
      event,
      isNew,
      now: new Date(),
      t: tFor(current.locale),
      services: { catalog: dbCatalog(db), publicUrl: null },
    });
    user = { ...current, ...result.user };
    conv = result.conv;
    const stored = (
      await db
        .select({ reply: outbox.reply })
        .from(outbox)
        .where(eq(outbox.inboundEventId, row.id))
        .orderBy(asc(outbox.id))
    ).map((r) => r.reply as Reply);
    // jsonb does not keep key order, so compare structurally.
    if (!isDeepStrictEqual(stored, result.replies)) mismatches++;
  }
  return { events: events.length, mismatches };
}
