// Telegram through its webhook: real update shapes posted as Telegram posts them, the real grammY client sending
// the replies to a recording stand-in of the Bot API; on PGlite and on a real Postgres.
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inboundEvents, outbox, users } from '../../../db/schema.js';
import { seedDemo } from '../../../db/seed.js';
import { tFor } from '../../../bot/i18n.js';
import { startTestBot, waitFor, type TestBot } from '../../support/bot.js';
import { BACKENDS } from '../../support/databases.js';
import {
  BOT,
  errors,
  fixture,
  keyboardOf,
  startFakeTelegram,
  telegramUser,
  TOKEN,
  type FakeCall,
  type FakeTelegram,
} from '../../support/fake-telegram.js';

const SECRET = 'tg-secret-for-tests';
const HAN = /[\u4e00-\u9fff]/;

describe.each(BACKENDS)('Telegram webhook on %s', (backend) => {
  let fake: FakeTelegram;
  let t: TestBot;
  beforeAll(async () => {
    fake = await startFakeTelegram();
    t = await startTestBot(backend, {
      TELEGRAM_BOT_TOKEN: TOKEN,
      TELEGRAM_WEBHOOK_SECRET: SECRET,
      TELEGRAM_API_ROOT: fake.root,
    });
  });
  afterAll(async () => {
    await t?.close();
    await fake?.close();
  });
  const db = () => t.bot.database.db;
  const post = (update: unknown, secret: string | null = SECRET, body = JSON.stringify(update)) =>
    fetch(`${t.url}/webhooks/telegram`, {
      method: 'POST',
      body,
      headers: {
        'content-type': 'application/json',
        ...(secret === null ? {} : { 'x-telegram-bot-api-secret-token': secret }),
      },
    });
  const stored = async (eventId: string) =>
    (
      await db()
        .select()
        .from(inboundEvents)
        .where(and(eq(inboundEvents.channel, 'telegram'), eq(inboundEvents.eventId, eventId)))
    ).length;

  /** Sends something and waits until a reply matching `re` reached the Bot API; returns every call to the chat since. */
  async function exchange(chatId: string, send: () => Promise<Response>, re: RegExp): Promise<FakeCall[]> {
    const before = fake.sent(chatId).length;
    expect((await send()).status).toBe(200);
    const since = () => fake.sent(chatId).slice(before);
    expect(await waitFor(() => since().some((c) => re.test(c.params.text ?? ''))), `no reply matching ${re}`).toBe(
      true,
    );
    return since();
  }
  const dataOf = (calls: FakeCall[], re: RegExp) =>
    calls.flatMap(keyboardOf).find((b) => b.callback_data && re.test(b.callback_data))?.callback_data;

  it('fetches its username with getMe through TELEGRAM_API_ROOT, with the token', async () => {
    expect(await waitFor(() => fake.calls.some((c) => c.method === 'getMe'))).toBe(true);
    expect(fake.calls.find((c) => c.method === 'getMe')).toMatchObject({ token: TOKEN, status: 200 });
  });

  it('answers 401 without the secret header or with a wrong one, and stores nothing', async () => {
    const u = fixture('message_text.teloxide');
    for (const secret of [null, 'wrong', '']) {
      const res = await post(u, secret);
      expect(res.status).toBe(401);
      expect((await res.json()).error).toMatch(/secret/i);
    }
    expect(await stored(String(u.update_id))).toBe(0);
  });

  it('answers 400 with a reason to bodies that are not updates', async () => {
    for (const body of [
      '{"update_id": "nope", ',
      '{"update_id": "nope"}',
      '[]',
      '{"message": {}}',
      '{"update_id": 1.5}',
      'null',
    ]) {
      const res = await post(null, SECRET, body);
      expect(res.status, body).toBe(400);
      expect((await res.json()).error, body).toBeTruthy();
    }
    expect((await fetch(`${t.url}/healthz`)).status).toBe(200);
  });

  it('holds a whole conversation in Chinese: zh-hans /start → language → consent → menu → profile, bad phone re-asked', async () => {
    const start = fixture('message_start_zh-hans.xl'); // a real capture: user id 6830978835 is above 2^32
    const user = telegramUser(post, start);
    const chat = '6830978835';

    const welcome = await exchange(chat, () => post(start), /您好/);
    expect(welcome[0]!.params.chat_id).toBe(chat);
    const picker = keyboardOf(welcome.at(-1));
    expect(picker[0]).toEqual({ text: '简体中文', callback_data: 'lang:zh-CN' });
    expect(picker.every((b) => b.callback_data && Buffer.byteLength(b.callback_data) <= 64)).toBe(true);

    const consent = await exchange(chat, () => user.press('lang:zh-CN', 'cq-zh-1'), /您同意吗/);
    expect(
      fake.calls.filter((c) => c.method === 'answerCallbackQuery' && c.params.callback_query_id === 'cq-zh-1'),
    ).toHaveLength(1);
    const menu = await exchange(chat, () => user.press(dataOf(consent, /^consent:yes$/)!), /主菜单/);
    expect(keyboardOf(menu.at(-1)).map((b) => b.text)).toEqual(expect.arrayContaining(['🔎 找工作', '👤 我的资料']));

    const city = await exchange(chat, () => user.press(dataOf(menu, /^menu:profile$/)!), /哪个城市/);
    const cityMarkup = city.at(-1)!.params.reply_markup;
    expect(cityMarkup).toMatchObject({ one_time_keyboard: true, resize_keyboard: true });
    expect(keyboardOf(city.at(-1))).toEqual([{ text: '📍 分享我的位置', request_location: true }, { text: '跳过' }]);

    await exchange(chat, () => user.text('上海'), /什么样的工作/);
    const phone = await exchange(chat, () => user.text('司机'), /电话号码/);
    expect(keyboardOf(phone.at(-1))).toEqual([{ text: '📱 分享我的号码', request_contact: true }, { text: '跳过' }]);
    const bad = await exchange(chat, () => user.text('一二三'), /不像电话号码/);
    expect(bad.map((c) => c.params.text).join('\n')).toMatch(/电话号码/);
    // Messages of a chat go out at the channel's rate, a slot apart: wait for the last one.
    const saved = await exchange(chat, () => user.ownContact('+86 138 0013 8000'), /上海[\s\S]*司机/);
    expect(saved.map((c) => c.params.text).join('\n')).toMatch(/已保存[\s\S]*上海[\s\S]*司机[\s\S]*\+86 138 0013 8000/);

    const [row] = await db()
      .select()
      .from(users)
      .where(and(eq(users.channel, 'telegram'), eq(users.platformUserId, '6830978835')));
    expect(row).toMatchObject({
      locale: 'zh-CN',
      consent: 'given',
      city: '上海',
      desiredJob: '司机',
      phone: '+8613800138000',
      chatId: chat,
    });
    expect(fake.sent(chat).every((c) => HAN.test(c.params.text))).toBe(true);
  });

  it('holds the conversation in English, with a shared location and the "Skip" key typed from the reply keyboard', async () => {
    const base = fixture('message_text.teloxide'); // language_code "en"
    const user = telegramUser(post, base);
    const chat = user.id;
    const welcome = await exchange(chat, () => user.text('/start'), /Hello/);
    expect(keyboardOf(welcome.at(-1))[0]).toEqual({ text: 'English', callback_data: 'lang:en' });
    await exchange(chat, () => user.press('lang:en'), /Do you agree/);
    const menu = await exchange(chat, () => user.press('consent:yes'), /Main menu/);
    await exchange(chat, () => user.press(dataOf(menu, /profile/)!), /Which city/);
    const job = await exchange(chat, () => user.location(25.033, 121.565), /What kind of job/);
    expect(job.map((c) => c.params.text)).toContain('Thanks, I saved your location.');
    await exchange(chat, () => user.text('delivery driver'), /Which phone number/);
    await exchange(chat, () => user.text('call me maybe'), /doesn't look like a phone number/);
    const saved = await exchange(chat, () => user.text('Skip'), /Job wanted/);
    expect(saved.map((c) => c.params.text).join('\n')).toMatch(
      /Saved![\s\S]*Job wanted: delivery driver\nPhone: not set/,
    );
    const [row] = await db()
      .select()
      .from(users)
      .where(and(eq(users.channel, 'telegram'), eq(users.platformUserId, chat)));
    expect(row).toMatchObject({ locale: 'en', desiredJob: 'delivery driver', phone: null, lat: 25.033, lon: 121.565 });
  });

  it('sends nothing twice for a redelivered update_id', async () => {
    const first = fixture('message_text_cjk_zh-hans.xl');
    const user = telegramUser(post, {
      message: {
        ...first.message,
        from: { ...first.message.from, id: 6830978999 },
        chat: { ...first.message.chat, id: 6830978999 },
      },
    });
    const update = user.message({ text: '/start', entities: [{ offset: 0, length: 6, type: 'bot_command' }] });
    await exchange(user.id, () => post(update), /您好/);
    expect((await post(update)).status).toBe(200);
    expect((await post(update)).status).toBe(200);
    // The next message of the same user is handled after anything the redeliveries could have caused.
    await exchange(user.id, () => user.press('lang:zh-TW'), /您同意嗎/);
    expect(fake.sent(user.id).filter((c) => /您好/.test(c.params.text))).toHaveLength(1);
    expect(await stored(String(update.update_id))).toBe(1);
  });

  it('accepts a deep link /start payload, also as /start@botname, and answers the stale docs example', async () => {
    const partial = fixture('message_start_deeplink_payload.grammy.partial');
    const docs = fixture('message_text_start.official-docs'); // no is_bot, no entities
    const user = telegramUser(post, docs);
    const link = user.message(partial.message);
    await exchange(user.id, () => post(link), /Hello/);
    const named = user.message({
      text: `/start@${BOT.username} fair_42`,
      entities: [{ offset: 0, length: 19, type: 'bot_command' }],
    });
    await exchange(user.id, () => post(named), /Hello/);
    const bodies = await db()
      .select({ id: inboundEvents.eventId, payload: inboundEvents.payload })
      .from(inboundEvents)
      .where(and(eq(inboundEvents.channel, 'telegram'), eq(inboundEvents.userKey, 'telegram:1111111')));
    expect(bodies.map((b) => (b.payload as { body: unknown }).body)).toEqual([
      { type: 'command', command: 'start', args: 'args' },
      { type: 'command', command: 'start', args: 'fair_42' },
    ]);
  });

  it('opens the fair a deep link names, right after a newcomer has agreed', async () => {
    await seedDemo(db(), new Date());
    const docs = fixture('message_text_start.official-docs');
    const user = telegramUser(post, {
      message: {
        ...docs.message,
        from: { ...docs.message.from, id: 2222333 },
        chat: { ...docs.message.chat, id: 2222333 },
      },
    });
    await exchange(user.id, () => user.text('/start fair_demo-fair-spring-breeze'), /Hello/);
    await exchange(user.id, () => user.press('lang:zh-CN'), /您同意吗/);
    const opened = await exchange(user.id, () => user.press('consent:yes'), /想看看其他招聘会吗/);
    const card = opened.find((c) => /春风行动/.test(c.params.text ?? ''))!;
    expect(card.params.text).toMatch(
      /^春风行动 · 返岗复工专场招聘会\n📅 .+周.+ \(北京时间\)\n📍 深圳市人才大市场, 深圳\n🗺️ 深圳市福田区深南大道 6009 号/,
    );
    const zh = tFor('zh-CN');
    expect(keyboardOf(card)).toEqual([
      { text: zh('fairs.register'), callback_data: 'fairs:register:demo-fair-spring-breeze' },
      { text: zh('fairs.follow.fair'), callback_data: 'fairs:follow:demo-fair-spring-breeze' },
      { text: '💼 本场招聘岗位', callback_data: 'jobs:fair:demo-fair-spring-breeze' },
      { text: '📅 加入日历', callback_data: 'fairs:ics:demo-fair-spring-breeze' },
      { text: '🔗 活动网页', url: 'https://example.org/fairs/spring-breeze' },
    ]);
  });

  it('acknowledges edited messages, unknown update types and forwarded contact cards, and does nothing with them', async () => {
    const ignored = [
      fixture('edited_message.nutgram'),
      fixture('edited_message.official-docs'),
      fixture('message_contact.nutgram'),
      { update_id: 770001, channel_post: { message_id: 1, date: 1, chat: { id: -1001, type: 'channel' }, text: 'hi' } },
      { update_id: 770002, some_future_update: { x: 1 } },
      { update_id: 770003, message: { text: 'no chat' } },
    ];
    for (const u of ignored) expect((await post(u)).status).toBe(200);
    for (const u of ignored) expect(await stored(String(u.update_id))).toBe(0);
    expect(fake.sent(999999999)).toEqual([]);
  });

  it('in groups answers only when addressed, and then only to say it works in private chats', async () => {
    const group = fixture('message_group_new_chat_members_cjk.xl'); // a person joining, CJK title, id -4183690108
    const groupChat = String(group.message.chat.id);
    const dice = fixture('message_dice_emoji_supergroup.teloxide');
    expect((await post(group)).status).toBe(200);
    expect((await post(dice)).status).toBe(200);
    const member = { ...group.message.from, language_code: 'zh-hans' };
    const inGroup = (fields: object) => ({
      update_id: Math.floor(Math.random() * 1e9),
      message: { message_id: 7, date: 1710341284, from: member, chat: group.message.chat, ...fields },
    });
    const unaddressed = [
      inGroup({ text: '有人在吗' }),
      inGroup({ text: '/start@other_bot', entities: [{ offset: 0, length: 16, type: 'bot_command' }] }),
    ];
    for (const u of unaddressed) expect((await post(u)).status).toBe(200);

    const mention = inGroup({
      text: `@${BOT.username} 你好`,
      entities: [{ offset: 0, length: BOT.username.length + 1, type: 'mention' }],
    });
    const notices = await exchange(groupChat, () => post(mention), /t\.me\/job_test_bot/);
    expect(notices).toHaveLength(1);
    expect(notices[0]!.params.text).toMatch(/私聊/);
    expect(keyboardOf(notices[0])).toEqual([{ text: '💬 私聊我', url: `https://t.me/${BOT.username}` }]);
    expect((await post(mention)).status).toBe(200); // redelivered: no second notice

    const reply = inGroup({
      text: 'ok',
      reply_to_message: {
        message_id: 5,
        date: 1,
        chat: group.message.chat,
        from: { id: BOT.id, is_bot: true, first_name: 'JobBot' },
      },
    });
    await exchange(groupChat, () => post(reply), /t\.me/);
    const command = inGroup({
      text: `/help@${BOT.username}`,
      entities: [{ offset: 0, length: 18, type: 'bot_command' }],
      from: { ...member, language_code: 'en' },
    });
    const english = await exchange(groupChat, () => post(command), /private chats/);
    expect(english.at(-1)!.params.text).toMatch(/t\.me\/job_test_bot/);

    expect(fake.sent(groupChat).length).toBe(3);
    expect(fake.sent(dice.message.chat.id)).toEqual([]);
    expect(await db().select().from(users).where(eq(users.chatId, groupChat))).toEqual([]);
    expect(
      await db()
        .select()
        .from(inboundEvents)
        .where(eq(inboundEvents.userKey, `telegram:${member.id}`)),
    ).toEqual([]);
  });

  it('retries after 429 no sooner than retry_after, keeping the order, losing nothing', async () => {
    const user = telegramUser(post, {
      message: {
        from: { id: 8800001, is_bot: false, first_name: 'R', language_code: 'en' },
        chat: { id: 8800001, type: 'private' },
      },
    });
    await exchange(user.id, () => user.text('/start'), /Hello/);
    await exchange(user.id, () => user.press('lang:en'), /Do you agree/);
    fake.fail('sendMessage', errors.tooManyRequests(1));
    const calls = await exchange(user.id, () => user.press('consent:yes'), /Main menu/);
    expect(calls.map((c) => c.params.text)).toEqual([
      "Thank you! You're all set.",
      'Main menu: what would you like to do?',
    ]);
    const attempts = fake.calls.filter(
      (c) =>
        c.method === 'sendMessage' &&
        String(c.params.chat_id) === user.id &&
        c.params.text === "Thank you! You're all set.",
    );
    expect(attempts.map((c) => c.status)).toEqual([429, 200]);
    expect(attempts[1]!.at - attempts[0]!.at).toBeGreaterThanOrEqual(950);
  });

  it('retries after a 500 from the Bot API', async () => {
    const user = telegramUser(post, {
      message: {
        from: { id: 8800002, is_bot: false, first_name: 'S', language_code: 'id' },
        chat: { id: 8800002, type: 'private' },
      },
    });
    fake.fail('sendMessage', errors.serverError());
    await exchange(user.id, () => user.text('/start'), /Halo/);
    expect(
      fake.calls.filter((c) => c.method === 'sendMessage' && String(c.params.chat_id) === user.id).map((c) => c.status),
    ).toEqual([500, 200]);
  });

  it('marks a user who blocked the bot (403) unreachable and stops trying', async () => {
    const user = telegramUser(post, {
      message: {
        from: { id: 8800003, is_bot: false, first_name: 'B', language_code: 'en' },
        chat: { id: 8800003, type: 'private' },
      },
    });
    fake.fail('sendMessage', errors.blocked());
    expect((await user.text('/start')).status).toBe(200);
    const unreachable = async () =>
      (await db().select().from(users).where(eq(users.platformUserId, user.id)))[0]?.unreachableAt != null;
    expect(await waitFor(unreachable)).toBe(true);
    const rows = () =>
      db()
        .select()
        .from(outbox)
        .where(and(eq(outbox.channel, 'telegram'), eq(outbox.chatId, user.id)));
    expect((await rows()).length).toBeGreaterThan(0);
    // The user is marked first, then every row of theirs: nothing is left to retry.
    expect(await waitFor(async () => (await rows()).every((r) => r.status === 'failed'))).toBe(true);
    expect(fake.calls.filter((c) => String(c.params.chat_id) === user.id).map((c) => c.status)).toEqual([403]);
  });

  it('drops a message the Bot API refuses (400) and goes on with the next', async () => {
    const user = telegramUser(post, {
      message: {
        from: { id: 8800004, is_bot: false, first_name: 'C', language_code: 'en' },
        chat: { id: 8800004, type: 'private' },
      },
    });
    await exchange(user.id, () => user.text('/start'), /Hello/);
    await exchange(user.id, () => user.press('lang:en'), /Do you agree/);
    fake.fail('sendMessage', errors.chatNotFound());
    const calls = await exchange(user.id, () => user.press('consent:yes'), /Main menu/);
    expect(calls.map((c) => c.params.text)).toEqual(['Main menu: what would you like to do?']);
    const [refused] = await db()
      .select()
      .from(outbox)
      .where(and(eq(outbox.chatId, user.id), eq(outbox.status, 'failed')));
    expect(refused?.lastError).toMatch(/400: Bad Request: chat not found/);
  });

  it('answers callback data "k:" plus a NUL like an unknown button, and stores it without the NUL', async () => {
    const from = { id: 8800005, is_bot: false, first_name: 'N', language_code: 'en' };
    const user = telegramUser(post, { message: { from, chat: { id: 8800005, type: 'private' } } });
    const cb = fixture('callback_query.nutgram').callback_query;
    const message = { ...cb.message, chat: { id: 8800005, type: 'private' } };
    const update = { update_id: 880000500, callback_query: { ...cb, id: 'cq-nul', from, data: 'k:\u0000', message } };
    for (let i = 0; i < 2; i++) expect((await post(update)).status).toBe(200); // and its redelivery
    const answered = () => fake.calls.some((c) => c.params.callback_query_id === 'cq-nul' && c.status === 200);
    expect(await waitFor(answered)).toBe(true);
    const rows = await db()
      .select()
      .from(inboundEvents)
      .where(and(eq(inboundEvents.channel, 'telegram'), eq(inboundEvents.eventId, '880000500')));
    expect(rows.map((r) => (r.payload as { body: unknown }).body)).toEqual([{ type: 'action', action: 'k:' }]);
    await exchange(user.id, () => user.text('/start'), /Hello/);
  });
});
