// Each LINE user sees the rich menu of their language once setup:line has made the menus.
import { messagingApi } from '@line/bot-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setupRichMenus } from '../../../adapters/line/setup.js';
import { startTestBot, waitFor, type TestBot } from '../../support/bot.js';
import { BACKENDS } from '../../support/databases.js';
import {
  lineEvent,
  lineIds,
  postLine,
  startFakeLine,
  webhook,
  type FakeLine,
  type LineEventKind,
} from '../../support/fake-line.js';

const SECRET = 'menus-secret';
const TOKEN = 'menus-token';

describe.each(BACKENDS)('LINE rich menu per language (%s)', (backend) => {
  let fake: FakeLine;
  let bot: TestBot;
  let menus: Record<string, string>;
  beforeAll(async () => {
    fake = await startFakeLine();
    const client = new messagingApi.MessagingApiClient({ channelAccessToken: TOKEN, baseURL: fake.base });
    menus = await setupRichMenus(
      client,
      new messagingApi.MessagingApiBlobClient({ channelAccessToken: TOKEN, baseURL: fake.base }),
    );
    bot = await startTestBot(backend, {
      LINE_CHANNEL_SECRET: SECRET,
      LINE_CHANNEL_ACCESS_TOKEN: TOKEN,
      LINE_API_BASE_URL: fake.base,
    });
  });
  afterAll(async () => {
    await bot?.close();
    await fake?.close();
  });

  const act = async (userId: string, kind: LineEventKind) => {
    const event = lineEvent(userId, kind);
    expect((await postLine(bot.url, SECRET, webhook(event))).status).toBe(200);
    expect(await waitFor(() => fake.sends().some((c) => c.params.replyToken === event.replyToken))).toBe(true);
  };
  const links = (userId: string) =>
    fake.calls
      .filter((c) => c.method === 'POST' && c.path.startsWith(`/v2/bot/user/${userId}/richmenu/`))
      .map((c) => c.path.split('/').pop());

  it('links the user to the menu of the language they pick, once per change', async () => {
    const { userId } = lineIds();
    await act(userId, { type: 'follow' });
    expect(links(userId)).toEqual([menus.en]);
    await act(userId, { type: 'postback', data: 'lang:zh-TW' });
    expect(links(userId)).toEqual([menus.en, menus['zh-TW']]);
    await act(userId, { type: 'postback', data: 'consent:yes' });
    await act(userId, { type: 'text', text: '選單' });
    expect(links(userId)).toEqual([menus.en, menus['zh-TW']]);
  });
});
