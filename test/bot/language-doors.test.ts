// The language people are answered in, through the doors they use: the phone's language when the bot has nothing
// else to go on, and the language of what they write when that is clear (a Thai message from an English phone).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tFor } from '../../bot/i18n.js';
import { postChat, startTestBot, waitFor, type TestBot } from '../support/bot.js';
import { lineEvent, lineIds, postLine, startFakeLine, webhook, type FakeLine } from '../support/fake-line.js';
import { startFakeTelegram, telegramUser, TOKEN, type FakeTelegram } from '../support/fake-telegram.js';

const SECRET = 'tg-secret-languages';
const LINE_SECRET = 'line-secret-languages';
const vi = tFor('vi')('onboarding.welcome');
const th = tFor('th')('onboarding.welcome');

describe('first contact in the right language', () => {
  let tg: FakeTelegram;
  let line: FakeLine;
  let t: TestBot;
  beforeAll(async () => {
    tg = await startFakeTelegram();
    line = await startFakeLine();
    t = await startTestBot('pglite', {
      TELEGRAM_BOT_TOKEN: TOKEN,
      TELEGRAM_WEBHOOK_SECRET: SECRET,
      TELEGRAM_API_ROOT: tg.root,
      LINE_CHANNEL_SECRET: LINE_SECRET,
      LINE_CHANNEL_ACCESS_TOKEN: 'line-token',
      LINE_API_BASE_URL: line.base,
    });
  });
  afterAll(async () => {
    await t?.close();
    await tg?.close();
    await line?.close();
  });
  const post = (update: object) =>
    fetch(`${t.url}/webhooks/telegram`, {
      method: 'POST',
      body: JSON.stringify(update),
      headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': SECRET },
    });
  const tgUser = (id: number, languageCode: string) =>
    telegramUser(post, {
      message: {
        from: { id, is_bot: false, first_name: 'T', language_code: languageCode },
        chat: { id, type: 'private' },
      },
    });
  const lineAnswer = async (kind: Parameters<typeof lineEvent>[1]) => {
    const { userId } = lineIds();
    const event = lineEvent(userId, kind);
    expect((await postLine(t.url, LINE_SECRET, webhook(event))).status).toBe(200);
    const sent = () => line.sends().filter((c) => c.params.replyToken === event.replyToken || c.params.to === userId);
    expect(await waitFor(() => sent().length > 0)).toBe(true);
    return JSON.stringify(sent().map((c) => c.params.messages));
  };

  it('web chat: a vi browser is welcomed in Vietnamese; an English browser writing Thai is answered in Thai', async () => {
    expect((await postChat(t.url, { user: 'vi-phone', text: 'hi', locale: 'vi-VN' })).messages[0]!.text).toBe(vi);
    expect(
      (await postChat(t.url, { user: 'en-phone-th', text: 'อยากหางานทำค่ะ', locale: 'en-US' })).messages[0]!.text,
    ).toBe(th);
  });

  it('Telegram: language_code vi is welcomed in Vietnamese; an English phone writing Thai is answered in Thai', async () => {
    const a = tgUser(7_100_000_001, 'vi');
    expect((await a.text('/start')).status).toBe(200);
    expect(await waitFor(() => tg.sent(a.id).some((c) => c.params.text === vi))).toBe(true);
    const b = tgUser(7_100_000_002, 'en');
    expect((await b.text('สวัสดีครับ อยากหางานทำ')).status).toBe(200);
    expect(await waitFor(() => tg.sent(b.id).some((c) => c.params.text === th))).toBe(true);
  });

  it('LINE (which gives no language): a message in Vietnamese or Thai is answered in that language', async () => {
    expect(await lineAnswer({ type: 'text', text: 'tôi cần tìm việc làm' })).toContain(vi);
    expect(await lineAnswer({ type: 'text', text: 'อยากหางานทำค่ะ' })).toContain(th);
  });
});
