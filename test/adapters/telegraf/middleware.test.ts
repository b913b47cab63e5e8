// The engine mounted as Telegraf middleware, replies sent by Telegraf's own client to the same stand-in Bot API.
import { eq } from 'drizzle-orm';
import { Telegraf } from 'telegraf';
import type { Update } from 'telegraf/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { telegrafChannel, type TelegrafChannel } from '../../../adapters/telegraf/middleware.js';
import type { ClaimedRow } from '../../../bot/outbox.js';
import { inboundEvents } from '../../../db/schema.js';
import { startTestBot, waitFor, type TestBot } from '../../support/bot.js';
import { BACKENDS } from '../../support/databases.js';
import {
  errors,
  fixture,
  keyboardOf,
  startFakeTelegram,
  TOKEN,
  type FakeTelegram,
} from '../../support/fake-telegram.js';

describe.each(BACKENDS)('Telegraf middleware on %s', (backend) => {
  let fake: FakeTelegram;
  let t: TestBot;
  let telegraf: Telegraf;
  let channel: TelegrafChannel;
  const passedOn: number[] = [];
  beforeAll(async () => {
    fake = await startFakeTelegram();
    // The operator's process: their Telegraf bot, our engine mounted into it, our outbox loop sending through it.
    telegraf = new Telegraf(TOKEN, { telegram: { apiRoot: fake.root } });
    t = await startTestBot(
      backend,
      {},
      {
        adapters: (deps) => {
          channel = telegrafChannel(telegraf, deps);
          telegraf.use(channel.middleware);
          telegraf.use((ctx) => {
            passedOn.push(ctx.update.update_id);
          }); // the operator's own handlers
          return [channel.adapter];
        },
      },
    );
  });
  afterAll(async () => {
    await t?.close();
    await fake?.close();
  });
  const db = () => t.bot.database.db;
  const feed = (update: object) => telegraf.handleUpdate(update as Update); // what Telegraf's webhook and polling call
  /** Waits until the outbox loop has delivered a reply matching `re` through Telegraf. */
  const delivered = (chat: string, re: RegExp) =>
    waitFor(() => fake.sent(chat).some((c) => re.test(c.params.text ?? '')));

  it("stores updates through the same parser and answers in the user's language through Telegraf's client", async () => {
    const start = fixture('message_start_zh-hans.xl');
    const chat = String(start.message.chat.id);
    await feed(start);
    expect(await delivered(chat, /您好/)).toBe(true);
    const welcome = fake.sent(chat)[0]!;
    expect(welcome.token).toBe(TOKEN);
    expect(keyboardOf(welcome)[0]).toEqual({ text: '简体中文', callback_data: 'lang:zh-CN' });

    const cb = fixture('callback_query.nutgram');
    await feed({
      ...cb,
      update_id: 840228300,
      callback_query: {
        ...cb.callback_query,
        id: 'cq-telegraf',
        from: start.message.from,
        data: 'lang:zh-CN',
        message: { ...cb.callback_query.message, chat: start.message.chat },
      },
    });
    expect(await delivered(chat, /您同意吗/)).toBe(true);
    expect(
      fake.calls.filter((c) => c.method === 'answerCallbackQuery' && c.params.callback_query_id === 'cq-telegraf'),
    ).toHaveLength(1);

    await feed(start); // redelivered
    await feed({
      ...cb,
      update_id: 840228301,
      callback_query: {
        ...cb.callback_query,
        id: 'cq-2',
        from: start.message.from,
        data: 'consent:yes',
        message: { ...cb.callback_query.message, chat: start.message.chat },
      },
    });
    expect(await delivered(chat, /主菜单/)).toBe(true);
    expect(fake.sent(chat).filter((c) => /您好/.test(c.params.text))).toHaveLength(1);
    expect(passedOn).toEqual([]);
  });

  it("passes updates it does not handle on to the operator's next middleware, storing nothing", async () => {
    const edited = fixture('edited_message.nutgram');
    const dice = fixture('message_dice_emoji_supergroup.teloxide');
    await feed(edited);
    await feed(dice);
    expect(passedOn).toEqual([edited.update_id, dice.update_id]);
    expect(
      await db()
        .select()
        .from(inboundEvents)
        .where(eq(inboundEvents.eventId, String(edited.update_id))),
    ).toEqual([]);
  });

  it("maps Telegraf's errors the same way: 429 retry_after, 403 unreachable, 400 refused; uploads files", async () => {
    const row = (id: number, chatId = '6001'): ClaimedRow => ({
      id,
      channel: 'telegram',
      chatId,
      reply: { type: 'text', text: `m${id}` },
      meta: {},
      attempts: 0,
      createdAt: new Date(),
    });
    fake.fail('sendMessage', errors.tooManyRequests(3));
    expect(await channel.sender.send([row(1), row(2)])).toEqual([
      { id: 1, outcome: 'limited', retryAfterMs: 3000, error: '429: Too Many Requests: retry after 3' },
    ]);
    fake.fail('sendMessage', errors.blocked());
    expect(await channel.sender.send([row(3), row(4)])).toMatchObject([{ id: 3, outcome: 'unreachable' }]);
    fake.fail('sendMessage', errors.chatNotFound());
    expect(await channel.sender.send([row(5), row(6)])).toMatchObject([
      { id: 5, outcome: 'failed' },
      { id: 6, outcome: 'sent' },
    ]);
    await channel.sender.send([
      {
        ...row(7, '6002'),
        reply: { type: 'file', name: 'fair.ics', mime: 'text/calendar', content: 'BEGIN:VCALENDAR', caption: '日历' },
      },
    ]);
    expect(fake.sent('6002')[0]).toMatchObject({
      method: 'sendDocument',
      params: { caption: '日历', document: { filename: 'fair.ics', content: 'BEGIN:VCALENDAR' } },
    });
  });
});
