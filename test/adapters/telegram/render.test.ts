// Every kind of Reply as Bot API calls, sent by the real grammY client to the recording stand-in; on both databases.
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { splitText } from '../../../adapters/telegram/render.js';
import type { ClaimedRow } from '../../../bot/outbox.js';
import type { ChannelSender } from '../../../bot/sender.js';
import type { Reply } from '../../../bot/types.js';
import { inboundEvents } from '../../../db/schema.js';
import { startTestBot, waitFor, type TestBot } from '../../support/bot.js';
import { BACKENDS } from '../../support/databases.js';
import { keyboardOf, startFakeTelegram, telegramUser, TOKEN, type FakeTelegram } from '../../support/fake-telegram.js';

const SECRET = 'render-secret';
let rowId = 0;
const row = (chatId: string, reply: Reply, meta: Record<string, unknown> = {}): ClaimedRow => ({
  id: ++rowId,
  channel: 'telegram',
  chatId,
  reply,
  meta,
  attempts: 0,
  createdAt: new Date(),
});

describe('splitText', () => {
  it('keeps texts up to 4096 whole and splits longer ones at line breaks, never inside an emoji', () => {
    expect(splitText('a'.repeat(4096))).toEqual(['a'.repeat(4096)]);
    const lines = Array.from({ length: 300 }, (_, i) => `line ${i} ${'x'.repeat(20)}`).join('\n');
    const parts = splitText(lines);
    expect(parts.length).toBeGreaterThan(1);
    expect(parts.every((p) => p.length <= 4096)).toBe(true);
    expect(parts.join('\n')).toBe(lines);
    const emoji = splitText('😀'.repeat(3000));
    expect(emoji.every((p) => p.length <= 4096 && !/[\uD800-\uDBFF]$/.test(p))).toBe(true);
    expect(emoji.join('')).toBe('😀'.repeat(3000));
  });
});

describe.each(BACKENDS)('Telegram sender on %s', (backend) => {
  let fake: FakeTelegram;
  let t: TestBot;
  let sender: ChannelSender;
  beforeAll(async () => {
    fake = await startFakeTelegram();
    // No background loops: the test hands rows to the sender itself.
    t = await startTestBot(
      backend,
      { TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_WEBHOOK_SECRET: SECRET, TELEGRAM_API_ROOT: fake.root },
      { background: false },
    );
    sender = t.bot.adapters.find((a) => a.channel === 'telegram')!.sender!;
  });
  afterAll(async () => {
    await t?.close();
    await fake?.close();
  });
  const callsTo = (chat: string) => fake.calls.filter((c) => String(c.params.chat_id) === chat);

  it('stores a payload over 64 bytes behind a short key, and the button press comes back as the full payload', async () => {
    const long = `fair:remind:${'x'.repeat(80)}:城市`;
    const out = await sender.send([
      row('5001', {
        type: 'text',
        text: 'Pick',
        buttons: [
          { label: 'Remind me', action: long },
          { label: 'Menu', action: 'cmd:menu' },
        ],
      }),
    ]);
    expect(out).toEqual([{ id: rowId, outcome: 'sent' }]);
    const [remind, menu] = keyboardOf(callsTo('5001')[0]);
    expect(Buffer.byteLength(remind!.callback_data!)).toBeLessThanOrEqual(64);
    expect(remind!.callback_data).toMatch(/^k:/);
    expect(menu!.callback_data).toBe('cmd:menu');

    const user = telegramUser(
      (u) =>
        fetch(`${t.url}/webhooks/telegram`, {
          method: 'POST',
          body: JSON.stringify(u),
          headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': SECRET },
        }),
      { message: { from: { id: 5001, is_bot: false, first_name: 'K' }, chat: { id: 5001, type: 'private' } } },
    );
    expect((await user.press(remind!.callback_data!, 'cq-long')).status).toBe(200);
    const [stored] = await t.bot.database.db
      .select()
      .from(inboundEvents)
      .where(and(eq(inboundEvents.channel, 'telegram'), eq(inboundEvents.userKey, 'telegram:5001')));
    expect(stored!.payload).toMatchObject({
      body: { type: 'action', action: long },
      meta: { callbackQueryId: 'cq-long' },
    });
  });

  it('answers a callback query once for all the rows it caused, before the first message', async () => {
    const meta = { callbackQueryId: 'cq-many' };
    await sender.send([
      row('5002', { type: 'text', text: 'one' }, meta),
      row('5002', { type: 'text', text: 'two' }, meta),
    ]);
    const calls = fake.calls.filter(
      (c) => c.params.callback_query_id === 'cq-many' || String(c.params.chat_id) === '5002',
    );
    expect(calls.map((c) => c.method)).toEqual(['answerCallbackQuery', 'sendMessage', 'sendMessage']);
  });

  it('still sends when answering the callback query fails (query too old)', async () => {
    fake.fail('answerCallbackQuery', {
      status: 400,
      body: {
        ok: false,
        error_code: 400,
        description: 'Bad Request: query is too old and response timeout expired or query ID is invalid',
      },
    });
    expect(await sender.send([row('5003', { type: 'text', text: 'late' }, { callbackQueryId: 'cq-old' })])).toEqual([
      { id: rowId, outcome: 'sent' },
    ]);
    expect(callsTo('5003').map((c) => c.params.text)).toEqual(['late']);
  });

  it('splits a 10,000 character text into messages of at most 4096, buttons on the last', async () => {
    const text = Array.from({ length: 500 }, (_, i) => `第${i}行 line`)
      .join('\n')
      .padEnd(10_000, '。');
    await sender.send([row('5004', { type: 'text', text, buttons: [{ label: 'OK', action: 'cmd:menu' }] })]);
    const calls = callsTo('5004');
    expect(calls.length).toBe(3);
    expect(calls.every((c) => c.params.text.length <= 4096)).toBe(true);
    expect(calls.map((c) => Boolean(c.params.reply_markup))).toEqual([false, false, true]);
  });

  it('sends cards as one numbered message with their buttons, links as url buttons, places as venues or pins, files as documents', async () => {
    await sender.send([
      row('5005', {
        type: 'cards',
        text: 'Jobs near you',
        cards: [
          {
            title: 'Driver',
            lines: ['Taipei', 'TWD 40,000'],
            buttons: [
              { label: 'Details', action: 'job:1' },
              { label: 'Apply', url: 'https://example.org/apply/1' },
            ],
          },
          { title: 'Cook', lines: ['Surabaya'], buttons: [] },
        ],
      }),
      row('5005', {
        type: 'cards',
        cards: [
          { title: 'Spring fair', lines: ['Taipei'], buttons: [{ label: 'Details', url: 'https://example.org/fair' }] },
        ],
      }),
      row('5005', { type: 'link', text: 'Read more', label: 'Open', url: 'https://example.org/rights' }),
      row('5005', { type: 'location', title: 'Spring fair', address: '1 Main St', lat: 25.03, lon: 121.56 }),
      row('5005', { type: 'location', title: 'Meeting point', lat: -7.25, lon: 112.75 }),
      row('5005', {
        type: 'file',
        name: 'fair.ics',
        mime: 'text/calendar',
        content: 'BEGIN:VCALENDAR\nEND:VCALENDAR',
        caption: 'Add to calendar',
      }),
    ]);
    const calls = callsTo('5005');
    expect(calls.map((c) => c.method)).toEqual([
      'sendMessage',
      'sendMessage',
      'sendMessage',
      'sendVenue',
      'sendMessage',
      'sendLocation',
      'sendDocument',
    ]);
    expect(calls[0]!.params.text).toBe('Jobs near you\n\n1. Driver\nTaipei\nTWD 40,000\n\n2. Cook\nSurabaya');
    expect(keyboardOf(calls[0])).toEqual([
      { text: '1. Details', callback_data: 'job:1' },
      { text: '1. Apply', url: 'https://example.org/apply/1' },
    ]);
    expect(calls[1]!.params.text).toBe('Spring fair\nTaipei'); // a single card needs no number
    expect(keyboardOf(calls[1])).toEqual([{ text: 'Details', url: 'https://example.org/fair' }]);
    expect(keyboardOf(calls[2])).toEqual([{ text: 'Open', url: 'https://example.org/rights' }]);
    expect(calls[3]!.params).toMatchObject({
      latitude: 25.03,
      longitude: 121.56,
      title: 'Spring fair',
      address: '1 Main St',
    });
    expect(calls[4]!.params.text).toBe('Meeting point');
    expect(calls[5]!.params).toMatchObject({ latitude: -7.25, longitude: 112.75 });
    expect(calls[6]!.params).toMatchObject({
      caption: 'Add to calendar',
      document: { filename: 'fair.ics', content: 'BEGIN:VCALENDAR\nEND:VCALENDAR' },
    });
  });

  it('reports 429 as a rate limit (not a failed attempt) lasting retry_after, and holds the rows behind it', async () => {
    fake.fail('sendMessage', {
      status: 429,
      body: {
        ok: false,
        error_code: 429,
        description: 'Too Many Requests: retry after 14',
        parameters: { retry_after: 14 },
      },
    });
    const rows = [row('5006', { type: 'text', text: 'a' }), row('5006', { type: 'text', text: 'b' })];
    expect(await sender.send(rows)).toEqual([
      { id: rows[0]!.id, outcome: 'limited', retryAfterMs: 14_000, error: '429: Too Many Requests: retry after 14' },
    ]);
    expect(await waitFor(() => callsTo('5006').length === 1)).toBe(true);
  });

  it('reports a network failure as a retry without the token in the error', async () => {
    const down = await startFakeTelegram();
    await down.close();
    const { createGrammyBot, grammyCall } = await import('../../../adapters/telegram/adapter.js');
    const { createTelegramSender } = await import('../../../adapters/telegram/sender.js');
    const offline = createTelegramSender(grammyCall(createGrammyBot(TOKEN, down.root)), t.bot.database.db);
    const [o] = await offline.send([row('5007', { type: 'text', text: 'x' })]);
    expect(o).toMatchObject({ outcome: 'retry' });
    expect(JSON.stringify(o)).not.toContain(TOKEN.split(':')[1]);
  });
});
