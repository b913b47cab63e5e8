// Events that do not come from the user (an operator's notice, a timer) go through the same lock and order as the
// user's own messages, reach them on their own channel, and never create an account.
import { asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InboundEvent } from '../../bot/types.js';
import { inboundEvents, outbox, users } from '../../db/schema.js';
import { postChat, startTestBot, webToken, webUserId, type TestBot } from '../support/bot.js';
import { BACKENDS } from '../support/databases.js';

const notice = (id: string, n: number, text: string): InboundEvent => ({
  channel: 'web',
  eventId: `operator:notice-${n}`,
  userId: id,
  chatId: id,
  origin: 'operator',
  body: { type: 'system', capability: 'menu', kind: 'notice', data: { text } },
});

describe.each(BACKENDS)('events from operators and timers on %s', (backend) => {
  let t: TestBot;
  // No background worker: the test decides when the inbox is handled.
  beforeAll(async () => {
    t = await startTestBot(backend, {}, { background: false });
  });
  afterAll(async () => {
    await t?.close();
  });
  const db = () => t.bot.database.db;

  it("an operator notice waiting in the inbox is handled before the user's next message, and reaches their inbox", async () => {
    await postChat(t.url, { user: 'noticed', text: '/start', locale: 'en' });
    await postChat(t.url, { user: 'noticed', action: 'lang:en' });
    await postChat(t.url, { user: 'noticed', action: 'consent:yes' });
    const id = await webUserId(t.url, 'noticed');
    expect(await t.bot.engine.accept(notice(id, 1, 'The union desk is closed on Monday.'))).toEqual({
      duplicate: false,
    });

    const help = await postChat(t.url, { user: 'noticed', text: 'help' });
    expect(help.messages.map((m) => m.text).join('\n')).not.toContain('union desk');
    const rows = await db()
      .select({ reply: outbox.reply })
      .from(outbox)
      .where(eq(outbox.chatId, id))
      .orderBy(asc(outbox.id));
    const texts = rows.map((r) => (r.reply as { text?: string }).text ?? '');
    // In arrival order: the notice first, then the answer to "help".
    expect(texts.findIndex((x) => x.includes('union desk'))).toBeLessThan(
      texts.findIndex((x) => x.startsWith('I understand')),
    );
    const [event] = await db().select().from(inboundEvents).where(eq(inboundEvents.eventId, 'operator:notice-1'));
    expect(event!.status).toBe('done');

    const token = await webToken(t.url, 'noticed');
    const inbox = (await (await fetch(`${t.url}/api/chat/inbox?user=${encodeURIComponent(token)}`)).json()) as {
      messages: { text: string }[];
    };
    expect(inbox.messages.map((m) => m.text)).toEqual(['The union desk is closed on Monday.']);
  });

  it('the worker delivers a notice on its own, and a notice for someone unknown creates no account', async () => {
    await postChat(t.url, { user: 'quiet', text: '/start', locale: 'en' });
    const id = await webUserId(t.url, 'quiet');
    await t.bot.engine.accept(notice(id, 2, 'A new job fair was added.'));
    await t.bot.engine.accept(notice('nobody-we-know', 3, 'Hello?'));
    expect(await t.bot.engine.processPending()).toBe(2);
    const token = await webToken(t.url, 'quiet');
    const inbox = (await (await fetch(`${t.url}/api/chat/inbox?user=${encodeURIComponent(token)}`)).json()) as {
      messages: { text: string }[];
    };
    expect(inbox.messages.map((m) => m.text)).toEqual(['A new job fair was added.']);
    expect(await db().select().from(users).where(eq(users.platformUserId, 'nobody-we-know'))).toEqual([]);
  });
});
