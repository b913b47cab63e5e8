// A counselor round trip through the contract's case routes, on the web chat and on Telegram (through its webhook and
// the Bot API double): the person asks for a counselor from Legal help, the case is listed with their language,
// channel and what they wrote, the counselor answers and the person gets it on their own channel, writes back, and
// the case is closed, which tells them; afterwards their sentences are searches again.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseView } from '../../bot/cases.js';
import { tFor } from '../../bot/i18n.js';
import { postChat, startTestBot, waitFor, webToken, webUserId, type TestBot } from '../support/bot.js';
import { BACKENDS } from '../support/databases.js';
import { startFakeTelegram, telegramUser, TOKEN, type FakeTelegram } from '../support/fake-telegram.js';

const ADMIN = 'cases-admin-token-0123456789';
const TG_SECRET = 'cases-tg-secret';

describe.each(BACKENDS)('counselor cases (%s)', (backend) => {
  let bot: TestBot;
  let tg: FakeTelegram;
  beforeAll(async () => {
    tg = await startFakeTelegram();
    bot = await startTestBot(backend, {
      ADMIN_TOKEN: ADMIN,
      TELEGRAM_BOT_TOKEN: TOKEN,
      TELEGRAM_WEBHOOK_SECRET: TG_SECRET,
      TELEGRAM_API_ROOT: tg.root,
    });
  });
  afterAll(async () => {
    await bot?.close();
    await tg?.close();
  });
  const admin = (path: string, body?: object, token: string | null = ADMIN) =>
    fetch(`${bot.url}${path}`, {
      method: body ? 'POST' : 'GET',
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body ? { 'content-type': 'application/json' } : {}),
      },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
  const openCases = async () =>
    ((await (await admin('/api/admin/cases?status=open')).json()) as { cases: CaseView[] }).cases;
  const say = async (user: string, body: Record<string, unknown>) =>
    (await postChat(bot.url, { user, ...body })).messages;
  const inbox = async (user: string) => {
    const token = await webToken(bot.url, user);
    const res = await fetch(`${bot.url}/api/chat/inbox?user=${encodeURIComponent(token)}`);
    return ((await res.json()) as { messages: { text?: string }[] }).messages.map((m) => m.text);
  };

  it('web: ask, answer, write back, close', async () => {
    const t = tFor('zh-CN');
    await say('worker', { text: '/start' });
    await say('worker', { action: 'lang:zh-CN' });
    await say('worker', { action: 'consent:yes' });
    const legal = await say('worker', { action: 'menu:legal' });
    expect(legal[0]!.buttons!.map((b) => b.action)).toContain('cases:open');
    expect((await say('worker', { action: 'cases:open' }))[0]!.text).toBe(t('cases.opened'));
    expect((await say('worker', { text: '老板欠了我三个月工资怎么办' }))[0]!.text).toBe(t('cases.sent'));

    const me = await webUserId(bot.url, 'worker');
    const [c] = (await openCases()).filter((x) => x.user === me);
    expect(c).toMatchObject({ channel: 'web', locale: 'zh-CN', status: 'open', topic: 'general' });
    expect(c!.messages).toMatchObject([{ from: 'user', text: '老板欠了我三个月工资怎么办' }]);

    expect((await admin(`/api/admin/cases/${c!.id}/reply`, { text: '请先保留工资条和考勤记录。' })).status).toBe(200);
    expect(
      await waitFor(async () =>
        (await inbox('worker')).includes(t('cases.answer', { text: '请先保留工资条和考勤记录。' })),
      ),
    ).toBe(true);
    // At the main menu too, a sentence goes to the open case rather than to the job search.
    await say('worker', { text: '菜单' });
    expect((await say('worker', { text: '我有工资条' }))[0]!.text).toBe(t('cases.sent'));
    expect((await openCases()).find((x) => x.id === c!.id)!.messages.map((m) => m.from)).toEqual([
      'user',
      'counselor',
      'user',
    ]);

    expect((await admin(`/api/admin/cases/${c!.id}/close`, {})).status).toBe(200);
    expect(await waitFor(async () => (await inbox('worker')).includes(t('cases.closed')))).toBe(true);
    expect((await openCases()).some((x) => x.id === c!.id)).toBe(false);
    expect((await admin(`/api/admin/cases/${c!.id}/reply`, { text: 'late' })).status).toBe(409);
    expect((await say('worker', { text: '我有工资条' }))[0]!.text).not.toBe(t('cases.sent'));
  });

  it('Telegram: the answer and the close reach the person through the Bot API', async () => {
    const t = tFor('id');
    const post = (update: object) =>
      fetch(`${bot.url}/webhooks/telegram`, {
        method: 'POST',
        body: JSON.stringify(update),
        headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': TG_SECRET },
      });
    const user = telegramUser(post, {
      message: { from: { id: 8830001, is_bot: false, first_name: 'Ayu' }, chat: { id: 8830001, type: 'private' } },
    });
    const says = (text: string) => tg.sent('8830001').some((c) => c.params.text === text);
    await user.text('/start');
    await user.press('lang:id');
    await user.press('consent:yes');
    await user.press('cases:open');
    expect(await waitFor(() => says(t('cases.opened')))).toBe(true);
    await user.text('gaji saya belum dibayar');
    expect(
      await waitFor(async () => (await openCases()).some((c) => c.user === '8830001' && c.messages.length === 1)),
    ).toBe(true);
    const c = (await openCases()).find((x) => x.user === '8830001')!;
    expect(c).toMatchObject({ channel: 'telegram', locale: 'id' });
    await admin(`/api/admin/cases/${c.id}/reply`, { text: 'Simpan slip gaji Anda.' });
    expect(await waitFor(() => says(t('cases.answer', { text: 'Simpan slip gaji Anda.' })))).toBe(true);
    await admin(`/api/admin/cases/${c.id}/close`, {});
    expect(await waitFor(() => says(t('cases.closed')))).toBe(true);
  });

  it('refuses the case routes without the token, and says what is wrong with a request', async () => {
    expect((await admin('/api/admin/cases?status=open', undefined, null)).status).toBe(401);
    expect((await admin('/api/admin/cases/1/close', {}, 'wrong')).status).toBe(401);
    expect((await admin('/api/admin/cases?status=maybe')).status).toBe(400);
    expect((await admin('/api/admin/cases/999999/reply', { text: 'hello' })).status).toBe(404);
    expect((await admin('/api/admin/cases/abc/close', {})).status).toBe(404);
    expect((await admin('/api/admin/cases/1/reply', { text: '   ' })).status).toBe(400);
  });
});
