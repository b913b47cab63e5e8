// The web chat in a real headless Chromium, as a seeker uses it: clicks, typing, reloads, phones, keyboards.
import { chromium, type Browser, type BrowserContextOptions, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tFor } from '../../bot/i18n.js';
import { enqueue } from '../../bot/outbox.js';
import { startTestBot, type TestBot } from '../support/bot.js';
import { BACKENDS } from '../support/databases.js';

const en = tFor('en'), zh = tFor('zh-CN');
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

let browser: Browser;
beforeAll(async () => {
  browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
});
afterAll(async () => {
  await browser?.close();
});

const botSays = (page: Page, text: string) => page.locator('.msg.bot', { hasText: text });
const userSaid = (page: Page, text: string) => page.locator('.msg.user', { hasText: text });
const button = (page: Page, label: string) => page.getByRole('button', { name: label, exact: true }).last();

async function say(page: Page, text: string) {
  await page.locator('#text').fill(text);
  await page.locator('#text').press('Enter');
}

/** Clicks a button of the bot's and waits for what it should bring. */
async function choose(page: Page, label: string, expected: string) {
  await button(page, label).click();
  await botSays(page, expected).last().waitFor();
}

/** Waits until the conversation has scrolled to its newest message, as a reader expects. */
const scrolledToEnd = (page: Page) => expect.poll(() => page.locator('#log').evaluate((log) => log.scrollTop + log.clientHeight >= log.scrollHeight - 2)).toBe(true);

/** The page's web user id, from its HttpOnly cookie (which the page's own scripts cannot read). */
const pageUser = async (page: Page) => {
  const cookie = (await page.context().cookies()).find((c) => c.name === 'jb_user');
  return cookie?.value.split('.')[0] ?? null;
};
const stored = (page: Page) => page.evaluate(() => JSON.stringify({ ...localStorage }));

describe.each(BACKENDS)('web chat in Chromium (%s)', (backend) => {
  let bot: TestBot;
  beforeAll(async () => { bot = await startTestBot(backend); });
  afterAll(async () => { await bot?.close(); });

  /** A fresh browser profile on the chat page; closing it checks that the page broke no rule of its CSP. */
  async function open(options: BrowserContextOptions = {}) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-US', ...options });
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    const violations: string[] = [];
    page.on('console', (m) => { if (/Content Security Policy/i.test(m.text())) violations.push(m.text()); });
    const urls: string[] = [];
    page.on('request', (r) => urls.push(r.url()));
    const res = await page.goto(bot.url);
    expect(res!.headers()['content-security-policy']).toContain("script-src 'self'");
    return {
      page, urls,
      close: async () => {
        await context.close();
        expect(violations).toEqual([]);
      },
    };
  }

  async function onboard(page: Page, language: string, t = tFor('en')) {
    await choose(page, language, t('onboarding.consent'));
    await choose(page, t('onboarding.agree'), t('menu.title'));
  }

  it('an English first visit onboards by buttons, answers typing and clicks, and remembers everything on reload', async () => {
    const { page, close } = await open();
    try {
      await botSays(page, en('onboarding.welcome')).waitFor();
      for (const name of ['English', '简体中文', '繁體中文', 'Bahasa Indonesia']) await button(page, name).waitFor();
      expect(await page.locator('html').getAttribute('lang')).toBe('en');
      expect(await page.locator('#text').getAttribute('placeholder')).toBe(en('web.placeholder'));
      await onboard(page, 'English');

      await say(page, 'menu');
      await userSaid(page, 'menu').waitFor();
      await expect.poll(() => botSays(page, en('menu.title')).count()).toBe(2);

      await choose(page, en('menu.profile'), en('profile.askCity'));
      await say(page, 'Taipei');
      await botSays(page, en('profile.askJob')).waitFor();
      await scrolledToEnd(page);
      await page.screenshot({ path: `/tmp/jobbuddy-desktop-${backend}.png` });

      const user = await pageUser(page);
      expect(user).toBeTruthy();
      await page.reload();
      await userSaid(page, 'Taipei').waitFor(); // the transcript is back at once
      await botSays(page, en('profile.askJob')).waitFor();
      expect(await pageUser(page)).toBe(user);
      await say(page, 'driver'); // and the bot continues where it was
      await botSays(page, en('profile.askPhone')).waitFor();
      expect(await botSays(page, en('onboarding.welcome')).count()).toBe(1); // no second onboarding
      expect(await botSays(page, en('onboarding.consent')).count()).toBe(1);
    } finally {
      await close();
    }
  });

  it('a Chinese browser gets the page and the welcome in Chinese, and a language choice switches the page', async () => {
    const { page, close } = await open({ locale: 'zh-CN' });
    try {
      await botSays(page, zh('onboarding.welcome')).waitFor();
      expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN');
      expect(await page.locator('h1').textContent()).toBe(zh('web.heading'));
      expect(await page.locator('#send').textContent()).toBe(zh('web.send'));
      expect(await page.locator('#text').getAttribute('placeholder')).toBe(zh('web.placeholder'));
      expect(await page.title()).toBe(zh('web.title'));
      // The browser's language is offered first.
      expect(await botSays(page, zh('onboarding.welcome')).getByRole('button').first().textContent()).toBe('简体中文');

      await choose(page, 'English', en('onboarding.consent'));
      expect(await page.locator('h1').textContent()).toBe(en('web.heading'));
      expect(await page.locator('#send').textContent()).toBe(en('web.send'));
    } finally {
      await close();
    }
  });

  it('a message pushed to the user arrives live, without a reload, cards included', async () => {
    const { page, urls, close } = await open({ locale: 'zh-CN' });
    try {
      await botSays(page, zh('onboarding.welcome')).waitFor();
      await onboard(page, '简体中文', zh);
      const user = (await pageUser(page))!;
      expect(user).toBeTruthy();
      // The stream knows the user by the cookie: no token in any URL, none where the page's scripts keep things.
      expect(urls.filter((u) => u.includes('/api/chat/stream'))).toEqual([`${bot.url}/api/chat/stream`]);
      expect(urls.join(' ')).not.toContain(user);
      expect(await stored(page)).not.toContain(user);
      await enqueue(bot.bot.database.db, [
        { channel: 'web', chatId: user, reply: { type: 'text', text: '提醒：春风行动招聘会明天上午9点开始。' } },
        { channel: 'web', chatId: user, reply: { type: 'cards', text: '为你推荐', cards: [
          { title: '配送司机', lines: ['上海 · 浦东新区', '每月 8000–10000 元'], buttons: [{ label: '了解详情', action: 'cmd:help' }] },
          { title: '厨师', lines: ['上海 · 徐汇区'], buttons: [{ label: '打开网站', url: 'https://example.org/job/2' }] },
        ] } },
      ]);
      await botSays(page, '提醒：春风行动招聘会明天上午9点开始。').waitFor();
      const card = page.locator('.card', { hasText: '配送司机' });
      await card.waitFor();
      expect(await card.locator('h2').textContent()).toBe('配送司机');
      expect(await page.locator('.card', { hasText: '厨师' }).getByRole('link', { name: '打开网站' }).getAttribute('href')).toBe('https://example.org/job/2');
      await scrolledToEnd(page);
      await page.screenshot({ path: `/tmp/jobbuddy-cards-${backend}.png` });
      // A card's button talks to the bot like any other.
      await choose(page, '了解详情', zh('help.intro'));
    } finally {
      await close();
    }
  });

  it('at mobile width there is no sideways scrolling and the composer stays in view', async () => {
    const { page, close } = await open({ viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2, locale: 'id-ID' });
    try {
      const id = tFor('id');
      await botSays(page, id('onboarding.welcome')).waitFor();
      await onboard(page, 'Bahasa Indonesia', id);
      await choose(page, id('menu.profile'), id('profile.askCity'));
      await say(page, 'Surabaya');
      await botSays(page, id('profile.askJob')).waitFor();
      await scrolledToEnd(page);
      await page.screenshot({ path: `/tmp/jobbuddy-mobile-${backend}.png` });

      const widths = await page.evaluate(() => ({
        doc: document.documentElement.scrollWidth, body: document.body.scrollWidth, view: document.documentElement.clientWidth,
        log: document.getElementById('log')!.scrollWidth - document.getElementById('log')!.clientWidth,
      }));
      expect(widths.view).toBe(375);
      expect(widths.doc).toBeLessThanOrEqual(375);
      expect(widths.body).toBeLessThanOrEqual(375);
      expect(widths.log).toBe(0);
      for (const selector of ['#text', '#send']) {
        const box = (await page.locator(selector).boundingBox())!;
        expect(box.x).toBeGreaterThanOrEqual(0);
        expect(box.x + box.width).toBeLessThanOrEqual(375);
        expect(box.y + box.height).toBeLessThanOrEqual(740);
        expect(box.height).toBeGreaterThanOrEqual(40); // big enough to tap
      }
    } finally {
      await close();
    }
  });

  it('works by keyboard alone: Tab reaches a bot button, which Enter presses', async () => {
    const { page, close } = await open();
    try {
      await botSays(page, en('onboarding.welcome')).waitFor();
      /** Tabs forward until the focused element is the button with this label. */
      const tabTo = async (label: string) => {
        for (let i = 0; i < 40; i++) {
          await page.keyboard.press('Tab');
          const focused = await page.evaluate(() => {
            const a = document.activeElement as HTMLElement | null;
            return a?.tagName === 'BUTTON' && a.closest('.msg.bot') ? { text: a.textContent, outline: getComputedStyle(a).outlineStyle } : null;
          });
          if (focused?.text === label) return focused;
        }
        throw new Error(`Tab never reached ${label}`);
      };
      const english = await tabTo('English');
      expect(english.outline).not.toBe('none'); // where the focus is can be seen
      await page.keyboard.press('Enter');
      await botSays(page, en('onboarding.consent')).waitFor();
      await tabTo(en('onboarding.agree'));
      await page.keyboard.press('Enter');
      await botSays(page, en('menu.title')).waitFor();
      // Typing needs no mouse either: after a button, the input has the focus again.
      await page.keyboard.type('help');
      await page.keyboard.press('Enter');
      await botSays(page, en('help.intro')).waitFor();
    } finally {
      await close();
    }
  });

  it('"delete my data" leaves nothing of the conversation in the page or its storage, and starts afresh', async () => {
    const { page, close } = await open();
    try {
      await botSays(page, en('onboarding.welcome')).waitFor();
      await onboard(page, 'English');
      await choose(page, en('menu.profile'), en('profile.askCity'));
      await say(page, 'Chiayi');
      await botSays(page, en('profile.askJob')).waitFor();
      const before = (await pageUser(page))!;
      expect(await stored(page)).toContain('Chiayi');

      await say(page, 'delete my data');
      await choose(page, en('privacy.yes'), en('privacy.deleted'));
      expect(await userSaid(page, 'Chiayi').count()).toBe(0);
      expect(await botSays(page, en('menu.title')).count()).toBe(0);
      expect(await page.locator('.msg').count()).toBe(1); // only the confirmation, which is not kept
      expect(await stored(page)).not.toContain('Chiayi');
      expect(await stored(page)).not.toContain(en('privacy.deleted'));
      const after = await pageUser(page);
      expect(after).toBeTruthy();
      expect(after).not.toBe(before); // the old identity is gone from this browser too

      await page.reload();
      await botSays(page, en('onboarding.welcome')).waitFor(); // a first visit again
      expect(await page.locator('.msg', { hasText: 'Chiayi' }).count()).toBe(0);
    } finally {
      await close();
    }
  });

  it('"New chat" asks first, and only when confirmed forgets the conversation and its user', async () => {
    const { page, close } = await open();
    try {
      await botSays(page, en('onboarding.welcome')).waitFor();
      await onboard(page, 'English');
      const user = await pageUser(page);
      const asked: string[] = [];
      let answer = false;
      page.on('dialog', (d) => { asked.push(d.message()); void (answer ? d.accept() : d.dismiss()); });

      await page.locator('#new-chat').click();
      await expect.poll(() => asked).toEqual([en('web.newChatConfirm')]);
      expect(await botSays(page, en('menu.title')).count()).toBe(1); // cancelled: nothing changed
      expect(await pageUser(page)).toBe(user);

      answer = true;
      await page.locator('#new-chat').click();
      await expect.poll(() => asked.length).toBe(2);
      await botSays(page, en('onboarding.welcome')).waitFor();
      expect(await botSays(page, en('menu.title')).count()).toBe(0);
      expect(await pageUser(page)).not.toBe(user);
    } finally {
      await close();
    }
  });

  it('when the server no longer knows the browser (cookie gone), the page starts over once instead of failing', async () => {
    const { page, close } = await open();
    try {
      await botSays(page, en('onboarding.welcome')).waitFor();
      await onboard(page, 'English');
      await page.context().clearCookies();
      await say(page, 'help');
      await expect.poll(() => page.locator('#text').inputValue()).toBe('help'); // not lost: it can be sent again
      await expect.poll(() => botSays(page, en('menu.title')).count()).toBe(0);
      await botSays(page, en('onboarding.welcome')).waitFor();
      expect(await pageUser(page)).toBeTruthy();
    } finally {
      await close();
    }
  });
});
