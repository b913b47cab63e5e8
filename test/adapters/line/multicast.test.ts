// One notice to many LINE users in one multicast call: rows written to many with the same text (meta.same) go
// together, up to 500; a person with other messages waiting gets theirs by push, in order. A multicast repeated after
// a crash (rows still pending, its retry key already written on them) is answered 409 by LINE and sent to no one twice.
import { eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enqueue } from '../../../bot/outbox.js';
import { sendDue } from '../../../bot/sender.js';
import { outbox } from '../../../db/schema.js';
import { startTestBot, type TestBot } from '../../support/bot.js';
import { BACKENDS } from '../../support/databases.js';
import { lineIds, startFakeLine, type FakeLine } from '../../support/fake-line.js';

describe.each(BACKENDS)('LINE multicast (%s)', (backend) => {
  let fake: FakeLine;
  let bot: TestBot;
  beforeAll(async () => {
    fake = await startFakeLine();
    bot = await startTestBot(
      backend,
      { LINE_CHANNEL_SECRET: 'mc-secret', LINE_CHANNEL_ACCESS_TOKEN: 'mc-token', LINE_API_BASE_URL: fake.base },
      { background: false },
    );
  });
  afterAll(async () => {
    await bot?.close();
    await fake?.close();
  });
  const db = () => bot.bot.database.db;
  const senders = () => bot.bot.adapters.flatMap((a) => (a.sender ? [a.sender] : []));
  const notice = (chatId: string, text: string, same: string) => ({
    channel: 'line' as const,
    chatId,
    reply: { type: 'text' as const, text },
    meta: { locale: 'en', same },
  });

  it('sends one call per shared notice, pushes to a person with more waiting, and never twice after a crash', async () => {
    const many = Array.from({ length: 3 }, () => lineIds().userId);
    const other = lineIds().userId;
    const busy = lineIds().userId;
    await enqueue(db(), [
      ...many.map((u) => notice(u, 'Reminder: the fair is tomorrow.', 'fair-1:0:day_before:en:UTC')),
      notice(other, 'Pengingat: bursa kerja besok.', 'fair-1:0:day_before:id:Asia/Jakarta'),
      notice(busy, 'Reminder: the fair is tomorrow.', 'fair-1:0:day_before:en:UTC'),
      { channel: 'line' as const, chatId: busy, reply: { type: 'text' as const, text: 'And a reply of yours.' } },
    ]);
    expect(await sendDue(db(), senders())).toBe(6);
    const multicasts = fake.sends().filter((c) => c.path === '/v2/bot/message/multicast');
    expect(multicasts.map((c) => [...c.params.to].sort())).toEqual(expect.arrayContaining([[...many].sort(), [other]]));
    expect(multicasts).toHaveLength(2);
    expect(multicasts.every((c) => /^[0-9a-f-]{36}$/.test(c.retryKey ?? ''))).toBe(true);
    const pushed = fake.sends().filter((c) => c.path === '/v2/bot/message/push' && c.params.to === busy);
    expect(pushed.flatMap((c) => c.params.messages.map((m: { text: string }) => m.text))).toEqual([
      'Reminder: the fair is tomorrow.',
      'And a reply of yours.',
    ]);

    // A worker killed after LINE accepted the call but before the rows were marked: they are pending again.
    const rows = await db().select().from(outbox).where(inArray(outbox.chatId, many));
    expect(rows.every((r) => r.status === 'sent' && typeof r.meta.retryKey === 'string')).toBe(true);
    await db()
      .update(outbox)
      .set({ status: 'pending', sentAt: null, leaseUntil: null })
      .where(inArray(outbox.chatId, many));
    expect(await sendDue(db(), senders())).toBe(3);
    const again = fake.calls.at(-1)!;
    const first = multicasts.find((c) => c.params.to.includes(many[0]))!;
    expect(again).toMatchObject({ path: '/v2/bot/message/multicast', status: 409, retryKey: first.retryKey });
    for (const u of many) expect(fake.deliveredTo(u)).toHaveLength(1);
    const after = await db().select({ status: outbox.status }).from(outbox).where(eq(outbox.chatId, many[0]!));
    expect(after).toEqual([{ status: 'sent' }]);
  });
});
