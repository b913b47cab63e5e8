// A whole conversation on LINE, in two languages: follow → language → consent → main menu → profile, driven by
// webhook events and answered through the real SDK client to the recording test double.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tFor } from '../../../bot/i18n.js';
import { examplePhone } from '../../../bot/flows/profile/validate.js';
import { PAGE } from '../../../bot/flows/jobs/index.js';
import { seedDemo } from '../../../db/seed.js';
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

const SECRET = 'conversation-channel-secret';
const TOKEN = 'conversation-access-token';

interface QuickItem {
  type: string;
  action: { type: string; label: string; data?: string; displayText?: string; uri?: string };
}
interface Msg {
  type: string;
  text?: string;
  quickReply?: { items: QuickItem[] };
}

const textOf = (msgs: Msg[]) => msgs.map((m) => m.text ?? '').join('\n');
const items = (msgs: Msg[]) => msgs.at(-1)?.quickReply?.items ?? [];
/** The quick reply for a button: its label, or the label shortened to LINE's 20 characters. */
const shows = (label: string) => (i: QuickItem) =>
  i.action.label.length <= 20 && (i.action.label === label || label.includes(i.action.label));
const postbackFor = (msgs: Msg[], label: string) => {
  const item = items(msgs).find(shows(label));
  expect(item, `a quick reply labelled ${label}`).toBeDefined();
  expect(item!.action.type).toBe('postback');
  return item!.action.data!;
};

describe.each(BACKENDS)('LINE conversation (%s)', (backend) => {
  let fake: FakeLine;
  let bot: TestBot;
  beforeAll(async () => {
    fake = await startFakeLine();
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

  /** The user does something in LINE; returns the messages the bot answered with. */
  async function act(userId: string, kind: LineEventKind): Promise<Msg[]> {
    const event = lineEvent(userId, kind);
    expect((await postLine(bot.url, SECRET, webhook(event))).status).toBe(200);
    const answers = () => fake.sends().filter((c) => c.params.replyToken === event.replyToken);
    expect(await waitFor(() => answers().length > 0), `an answer to ${kind.type}`).toBe(true);
    return answers().flatMap((c) => c.params.messages as Msg[]);
  }

  it.each([
    {
      locale: 'zh-TW',
      city: { type: 'text', text: '台北' } as LineEventKind,
      shownCity: '台北',
      job: '司機',
      phone: '+886 912 345 678',
      saved: '+886 912 345 678',
    },
    {
      locale: 'id',
      city: {
        type: 'location',
        latitude: -7.2575,
        longitude: 112.7521,
        title: 'Surabaya',
        address: 'Jl. Pemuda, Surabaya',
      } as LineEventKind,
      shownCity: '📍 -7.2575, 112.7521',
      job: 'sopir',
      phone: '+62 812-3456-7890',
      saved: '+62 812 3456 7890',
    },
  ])(
    'follow → language → consent → menu → profile in $locale',
    async ({ locale, city, shownCity, job, phone, saved }) => {
      const { userId } = lineIds();
      const en = tFor('en');
      const t = tFor(locale);

      // LINE tells us no language: the greeting comes in English with every language to pick from.
      let msgs = await act(userId, { type: 'follow' });
      expect(textOf(msgs)).toContain(en('onboarding.welcome'));
      expect(items(msgs).map((i) => i.action.label)).toEqual(
        expect.arrayContaining([
          'English',
          tFor('zh-CN')('language.name'),
          tFor('zh-TW')('language.name'),
          tFor('id')('language.name'),
        ]),
      );

      msgs = await act(userId, { type: 'postback', data: postbackFor(msgs, t('language.name')) });
      expect(textOf(msgs)).toBe(t('onboarding.consent'));

      msgs = await act(userId, { type: 'postback', data: postbackFor(msgs, t('onboarding.agree')) });
      expect(textOf(msgs)).toBe(`${t('onboarding.done')}\n${t('menu.title')}`);
      expect(items(msgs).map((i) => i.action.label)).toEqual(
        ['jobs', 'fairs', 'legal', 'profile', 'language', 'help'].map((k) => t(`menu.${k}`)),
      );

      msgs = await act(userId, { type: 'postback', data: postbackFor(msgs, t('menu.profile')) });
      expect(textOf(msgs)).toBe(`${t('profile.intro')}\n${t('profile.askCity')}`);
      // Sharing a location is a LINE quick reply action of its own.
      expect(items(msgs).map((i) => i.action.type)).toEqual(['location', 'postback']);
      expect(shows(t('profile.shareLocation'))(items(msgs)[0]!)).toBe(true);
      expect(shows(t('profile.skip'))(items(msgs)[1]!)).toBe(true);

      msgs = await act(userId, city);
      expect(textOf(msgs)).toContain(t('profile.askJob'));

      msgs = await act(userId, { type: 'text', text: job });
      expect(textOf(msgs)).toBe(t('profile.askPhone', { example: examplePhone(locale) }));
      // LINE cannot share a phone number: that button is left out, typing the number works.
      expect(items(msgs).map((i) => i.action.label)).toEqual([t('profile.skip')]);

      msgs = await act(userId, { type: 'text', text: phone });
      expect(textOf(msgs)).toBe(
        `${t('profile.saved')}\n${t('profile.summary', { city: shownCity, job, phone: saved })}`,
      );

      // Everything went out as replies within LINE's limits, with our access token.
      const calls = fake.calls.filter((c) => c.path.startsWith('/v2/bot/message/'));
      expect(calls.length).toBeGreaterThan(0);
      for (const c of calls) {
        expect(c.path).toBe('/v2/bot/message/reply');
        expect(c.auth).toBe(`Bearer ${TOKEN}`);
        expect(c.params.messages.length).toBeLessThanOrEqual(5);
        for (const m of c.params.messages as Msg[]) {
          expect(m.text!.length).toBeLessThanOrEqual(5000);
          expect(items([m]).length).toBeLessThanOrEqual(13);
          for (const i of items([m])) {
            expect(i.action.label.length).toBeLessThanOrEqual(20);
            // What the user sees in the chat after tapping: the button's full text.
            if (i.action.type === 'postback') expect(shows(i.action.displayText!)(i)).toBe(true);
          }
        }
      }
    },
  );

  it("shows the jobs as a Flex carousel of bubbles, within LINE's limits", async () => {
    await seedDemo(bot.bot.database.db, new Date());
    const { userId } = lineIds();
    await act(userId, { type: 'follow' });
    await act(userId, { type: 'postback', data: 'lang:zh-CN' });
    await act(userId, { type: 'postback', data: 'consent:yes' });
    const msgs = (await act(userId, { type: 'postback', data: 'menu:jobs' })) as (Msg & {
      altText?: string;
      contents?: { type: string; contents: { type: string }[] };
    })[];
    const flex = msgs.filter((m) => m.type === 'flex');
    expect(flex).toHaveLength(1);
    expect(flex[0]!.contents!.type).toBe('carousel');
    expect(flex[0]!.contents!.contents).toHaveLength(PAGE); // one page of results
    expect(flex[0]!.contents!.contents.every((b) => b.type === 'bubble')).toBe(true);
    expect(flex[0]!.altText!.length).toBeLessThanOrEqual(400);
    expect(JSON.stringify(flex[0])).toContain('快递司机');
  });
});
