// Old messages are scrubbed and old rows deleted; nothing pending or recent is touched.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { purgeOld } from '../../bot/retention.js';
import type { InboundEvent } from '../../bot/types.js';
import type { Database } from '../../db/client.js';
import { actionPayloads, inboundEvents, outbox } from '../../db/schema.js';
import { BACKENDS, freshDatabase } from '../support/databases.js';

const DAY = 86_400_000;

describe.each(BACKENDS)('retention on %s', (backend) => {
  let database: Database;
  beforeAll(async () => {
    database = await freshDatabase(backend);
  });
  afterAll(async () => {
    await database?.close();
  });

  it('scrubs week-old texts, deletes month-old rows, keeps pending and recent ones', async () => {
    const db = database.db;
    const now = new Date();
    const ago = (days: number) => new Date(now.getTime() - days * DAY);
    const payload: InboundEvent = {
      channel: 'web',
      eventId: 'e',
      userId: 'u',
      chatId: 'u',
      body: { type: 'text', text: 'my employer owes me 3 months of wages' },
    };
    const ev = (eventId: string, days: number, status: 'done' | 'pending') => ({
      channel: 'web',
      eventId,
      userKey: 'web:u',
      payload,
      status,
      receivedAt: ago(days),
    });
    await db
      .insert(inboundEvents)
      .values([ev('recent', 1, 'done'), ev('week', 8, 'done'), ev('month', 31, 'done'), ev('stuck', 40, 'pending')]);
    const row = (text: string, days: number, status: 'sent' | 'pending') => ({
      channel: 'telegram',
      chatId: '1',
      reply: { type: 'text' as const, text },
      status,
      createdAt: ago(days),
    });
    await db
      .insert(outbox)
      .values([row('new', 1, 'sent'), row('old', 31, 'sent'), row('old but unsent', 31, 'pending')]);
    await db.insert(actionPayloads).values([
      { key: 'k-old', payload: 'x', createdAt: ago(91) },
      { key: 'k-new', payload: 'y', createdAt: ago(1) },
    ]);

    expect(await purgeOld(db, now)).toBe(4); // delete month, the old outbox row and the old payload; scrub week
    const events = Object.fromEntries((await db.select().from(inboundEvents)).map((e) => [e.eventId, e.payload]));
    expect(events).toEqual({ recent: payload, week: {}, stuck: payload });
    expect((await db.select().from(outbox)).map((r) => (r.reply as { text: string }).text).sort()).toEqual([
      'new',
      'old but unsent',
    ]);
    expect(await db.select().from(actionPayloads).where(eq(actionPayloads.key, 'k-old'))).toEqual([]);
    expect(await purgeOld(db, now)).toBe(0);
  });
});
