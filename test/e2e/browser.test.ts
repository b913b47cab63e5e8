// The web chat in a real headless Chromium, as a seeker uses it: clicks, typing, reloads, phones, keyboards.
import { count, eq } from 'drizzle-orm';
import { chromium, type Browser, type BrowserContextOptions, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tFor } from '../../bot/i18n.js';
import { examplePhone } from '../../bot/flows/profile/validate.js';
import { enqueue } from '../../bot/outbox.js';
import { inboundEvents, jobs } from '../../db/schema.js';
import { seedDemo } from '../../db/seed.js';
import { startTestBot, type TestBot } from '../support/bot.js';
import { BACKENDS } from '../support/databases.js';

const en = tFor('en'),
  zh = tFor('zh-CN');
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

let browser: Browser;
beforeAll(async () => {
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
  });
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
const scrolledToEnd = (page: Page) =>
  expect
    .poll(() => page.locator('#log').evaluate((log) => log.scrollTop + log.clientHeight >= log.scrollHeight - 2))
    .toBe(true);

/** The page's web user id, from its HttpOnly cookie (which the page's own scripts cannot read). */
const pageUser = async (page: Page) => {
  const cookie = (await page.context().cookies()).find((c) => c.name === 'jb_user');
  return cookie?.value.split('.')[0] ?? null;
};
const stored = (page: Page) => page.evaluate(() => JSON.stringify({ ...localStorage }));

describe.each(BACKENDS)('web chat in Chromium (%s)', (backend) => {
  let bot: TestBot;
  beforeAll(async () => {
    bot = await startTestBot(backend);
  });
  afterAll(async () => {
    await bot?.close();
  });

  /** A fresh browser profile on the chat page; closing it checks that the page broke no rule of its CSP. */
  async function open(options: BrowserContextOptions = {}) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-US', ...options });
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    const violations: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
    });
    const urls: string[] = [];
    page.on('request', (r) => urls.push(r.url()));
    const res = await page.goto(bot.url);
    expect(res!.headers()['content-security-policy']).toContain("script-src 'self'");
    return {
      page,
      urls,
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

  /** How many messages of the page's user the server has stored (each client message id once). */
  async function eventsOf(page: Page) {
    const key = `web:${await pageUser(page)}`;
    const db = bot.bot.database.db;
    return (await db.select({ n: count() }).from(inboundEvents).where(eq(inboundEvents.userKey, key)))[0]!.n;
  }
  /** The user's bubbles as a reader sees them, without the hidden "You:" for screen readers. */
  const userBubbles = (page: Page) =>
    page.locator('.msg.user').evaluateAll((nodes) =>
      nodes.map((n) =>
        [...n.childNodes]
          .filter((c) => !(c as Element).classList?.contains('visually-hidden'))
          .map((c) => c.textContent)
          .join(''),
      ),
    );
  /** The element that has the keyboard focus, described: its text, and where it sits. */
  const focused = (page: Page) =>
    page.evaluate(() => {
      const a = document.activeElement as HTMLElement;
      const bots = [...document.querySelectorAll('.msg.bot')].filter((m) => m.querySelector('button, a[href]'));
      return { id: a.id, text: a.textContent, inNewest: bots.at(-1)?.contains(a) ?? false };
    });

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
      await botSays(page, en('profile.askPhone', { example: examplePhone('en') })).waitFor();
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
        {
          channel: 'web',
          chatId: user,
          reply: {
            type: 'cards',
            text: '为你推荐',
            cards: [
              {
                title: '配送司机',
                lines: ['上海 · 浦东新区', '每月 8000–10000 元'],
                buttons: [{ label: '了解详情', action: 'cmd:help' }],
              },
              {
                title: '厨师',
                lines: ['上海 · 徐汇区'],
                buttons: [{ label: '打开网站', url: 'https://example.org/job/2' }],
              },
            ],
          },
        },
      ]);
      await botSays(page, '提醒：春风行动招聘会明天上午9点开始。').waitFor();
      const card = page.locator('.card', { hasText: '配送司机' });
      await card.waitFor();
      expect(await card.locator('h2').textContent()).toBe('配送司机');
      expect(
        await page.locator('.card', { hasText: '厨师' }).getByRole('link', { name: '打开网站' }).getAttribute('href'),
      ).toBe('https://example.org/job/2');
      await scrolledToEnd(page);
      await page.screenshot({ path: `/tmp/jobbuddy-cards-${backend}.png` });
      // A card's button talks to the bot like any other.
      await choose(page, '了解详情', zh('help.intro'));
    } finally {
      await close();
    }
  });

  it('at mobile width there is no sideways scrolling and the composer stays in view', async () => {
    const { page, close } = await open({
      viewport: { width: 375, height: 740 },
      isMobile: true,
      hasTouch: true,
      deviceScaleFactor: 2,
      locale: 'id-ID',
    });
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
        doc: document.documentElement.scrollWidth,
        body: document.body.scrollWidth,
        view: document.documentElement.clientWidth,
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
            return a?.tagName === 'BUTTON' && a.closest('.msg.bot')
              ? { text: a.textContent, outline: getComputedStyle(a).outlineStyle }
              : null;
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
      page.on('dialog', (d) => {
        asked.push(d.message());
        void (answer ? d.accept() : d.dismiss());
      });

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

  it('a double click, or Enter pressed twice, on a button sends it once', async () => {
    const { page, close } = await open();
    try {
      await botSays(page, en('onboarding.welcome')).waitFor();
      await button(page, 'English').dblclick();
      await botSays(page, en('onboarding.consent')).waitFor();
      await button(page, en('onboarding.agree')).focus();
      await page.keyboard.press('Enter');
      await page.keyboard.press('Enter');
      await botSays(page, en('menu.title')).waitFor();
      await say(page, 'help'); // answered after anything still on its way
      await botSays(page, en('help.intro')).waitFor();
      expect(await userBubbles(page)).toEqual(['English', en('onboarding.agree'), 'help']);
      expect(await botSays(page, en('onboarding.consent')).count()).toBe(1);
      expect(await botSays(page, en('menu.title')).count()).toBe(1);
      expect(await eventsOf(page)).toBe(4); // /start, English, I agree, help
    } finally {
      await close();
    }
  });

  it('a message typed offline is shown as not sent, goes once when the connection is back, and the bar goes', async () => {
    const { page, close } = await open();
    try {
      await botSays(page, en('onboarding.welcome')).waitFor();
      await onboard(page, 'English');
      const before = await eventsOf(page);
      await page.context().setOffline(true);
      await say(page, 'help');
      await say(page, 'language');
      await expect.poll(() => page.locator('.msg.user.failed').count()).toBe(2);
      expect(await page.locator('#status').textContent()).toBe(en('web.sendFailed'));
      expect(await page.locator('#text').inputValue()).toBe(''); // kept in the conversation, not in the input

      await page.context().setOffline(false);
      await botSays(page, en('help.intro')).waitFor();
      await botSays(page, en('language.choose')).waitFor();
      await expect.poll(() => page.locator('#status').isHidden()).toBe(true);
      expect(await page.locator('.msg.user.failed').count()).toBe(0);
      // In the order typed, each once.
      const order = await page.locator('.msg').evaluateAll((nodes) => nodes.map((n) => n.textContent ?? ''));
      const at = (text: string) => order.findIndex((t) => t.includes(text));
      expect(at(en('help.intro'))).toBeLessThan(at(en('language.choose')));
      await say(page, 'menu');
      await expect.poll(() => botSays(page, en('menu.title')).count()).toBe(2);
      expect(await botSays(page, en('help.intro')).count()).toBe(1);
      expect(await eventsOf(page)).toBe(before + 3);
      expect((await userBubbles(page)).slice(-3)).toEqual(['help', 'language', 'menu']);
    } finally {
      await close();
    }
  });

  it('a message whose answer was lost goes again with the same id when the connection is back: answered once', async () => {
    const { page, close } = await open();
    try {
      await botSays(page, en('onboarding.welcome')).waitFor();
      await onboard(page, 'English');
      const before = await eventsOf(page);
      // The server gets each attempt and answers; the answer never reaches the page.
      const ids: string[] = [];
      await page.route('**/api/chat', async (route) => {
        ids.push((route.request().postDataJSON() as { id: string }).id);
        await route.fetch();
        await route.abort('connectionreset');
      });
      await say(page, 'help');
      await page.locator('.msg.user.failed').waitFor();
      await page.unroute('**/api/chat');
      await page.context().setOffline(true);
      await page.context().setOffline(false); // the browser says it is online again
      await botSays(page, en('help.intro')).waitFor();
      await say(page, 'menu');
      await expect.poll(() => botSays(page, en('menu.title')).count()).toBe(2);
      expect(await botSays(page, en('help.intro')).count()).toBe(1);
      expect(new Set(ids).size).toBe(1);
      expect(await eventsOf(page)).toBe(before + 2);
    } finally {
      await close();
    }
  });

  it("a shared location shows one 📍: the user's bubble shows the place sent, a place from the bot its name once", async () => {
    const { page, close } = await open({
      permissions: ['geolocation'],
      geolocation: { latitude: 25.033, longitude: 121.5654 },
    });
    try {
      await botSays(page, en('onboarding.welcome')).waitFor();
      await onboard(page, 'English');
      await choose(page, en('menu.profile'), en('profile.askCity'));
      await choose(page, en('profile.shareLocation'), en('profile.askJob'));
      expect((await userBubbles(page)).at(-1)).toBe('📍 25.0330, 121.5654');
      await enqueue(bot.bot.database.db, [
        {
          channel: 'web',
          chatId: (await pageUser(page))!,
          reply: {
            type: 'location',
            title: 'Grand Hall',
            address: 'Jl. Pemuda 1, Surabaya',
            lat: -7.26,
            lon: 112.75,
          },
        },
      ]);
      const place = botSays(page, 'Grand Hall');
      await place.waitFor();
      expect(await place.locator(':not(.visually-hidden)').allTextContents()).toEqual([
        '📍 Grand Hall',
        'Jl. Pemuda 1, Surabaya',
      ]);
      expect(await page.locator('#log').textContent()).not.toContain('📍 📍');
    } finally {
      await close();
    }
  });

  it("Tab from the input reaches the newest message's buttons first, then Send; Shift+Tab walks back", async () => {
    const { page, close } = await open();
    try {
      await botSays(page, en('onboarding.welcome')).waitFor();
      await onboard(page, 'English');
      await say(page, 'language');
      await botSays(page, en('language.choose')).waitFor();
      await page.locator('#text').focus();
      const newest = await botSays(page, en('language.choose')).last().getByRole('button').allTextContents();
      expect(newest.length).toBeGreaterThan(1);
      for (const label of newest) {
        await page.keyboard.press('Tab');
        expect(await focused(page)).toMatchObject({ text: label, inNewest: true });
      }
      await page.keyboard.press('Tab');
      expect((await focused(page)).id).toBe('send');
      for (const label of [...newest].reverse()) {
        await page.keyboard.press('Shift+Tab');
        expect(await focused(page)).toMatchObject({ text: label, inNewest: true });
      }
      await page.keyboard.press('Shift+Tab');
      expect((await focused(page)).id).toBe('text');
      // The rest of the page keeps its order: from the top, Tab still reaches the input.
      await page.locator('#new-chat').focus();
      let reached = false;
      for (let i = 0; i < 80 && !reached; i++) {
        await page.keyboard.press('Tab');
        reached = (await focused(page)).id === 'text';
      }
      expect(reached).toBe(true);
    } finally {
      await close();
    }
  });

  it('a shared job link opens that job after the welcome, and a typed sentence finds jobs', async () => {
    await seedDemo(bot.bot.database.db, new Date());
    const db = bot.bot.database.db;
    const [job] = await db.select({ id: jobs.id }).from(jobs).where(eq(jobs.externalId, 'demo-job-26'));
    const context = await browser.newContext({ viewport: { width: 390, height: 800 }, locale: 'en-US' });
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    try {
      await page.goto(`${bot.url}/?start=job_${job!.id}`);
      await botSays(page, en('onboarding.welcome')).waitFor();
      expect(new URL(page.url()).search).toBe(''); // the link is not kept in the address bar
      await choose(page, 'English', en('onboarding.consent'));
      await choose(page, en('onboarding.agree'), 'Sopir Perusahaan'); // the job itself, in full
      await botSays(page, 'PT Sinar Jaya Distribusi').first().waitFor();
      await say(page, 'part-time cook Taipei');
      await botSays(page, '兼職廚師（晚班）').waitFor();
    } finally {
      await context.close();
    }
  });

  it("registering for a fair shows the ticket's QR code, which loads under the page's CSP, and its code", async () => {
    await seedDemo(bot.bot.database.db, new Date());
    const { page, close } = await open();
    try {
      await onboard(page, 'English');
      await choose(page, en('menu.fairs'), 'Online Job Fair for Graduates');
      await button(page, en('fairs.details')).first().click();
      await choose(page, en('fairs.register'), en('fairs.remindersOn'));
      const qr = page.locator('img.qr').last();
      await qr.waitFor();
      await expect
        .poll(() => qr.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth))
        .toBeGreaterThan(0);
      const code = await qr.getAttribute('alt');
      expect(code).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}$/);
      await botSays(page, code!).first().waitFor();
    } finally {
      await close();
    }
  });

  it("has a favicon, which loads under the page's CSP", async () => {
    const { page, close } = await open();
    try {
      const href = await page.locator('link[rel~="icon"]').getAttribute('href');
      expect(href).toBeTruthy();
      const size = await page.evaluate(async (src) => {
        const img = new Image();
        img.src = src;
        await img.decode();
        return [img.naturalWidth, img.naturalHeight];
      }, href!);
      expect(size[0]).toBeGreaterThan(0);
      const ico = await fetch(`${bot.url}/favicon.ico`);
      expect(ico.status).toBe(200);
      expect(ico.headers.get('content-type')).toMatch(/^image\//);
    } finally {
      await close();
    }
  });

  it.each([
    ['th', /Loma|Garuda|Norasi|Kinnari|Laksaman|Sawasdee|Umpush|Waree|Purisa|Tlwg|Noto Sans Thai/],
    ['vi', /./],
  ])('the %s page is drawn in fonts that have its letters (no empty boxes)', async (lang, family) => {
    const { page, close } = await open();
    try {
      await page.goto(`${bot.url}/?lang=${lang}`);
      const subtitle = page.locator('.subtitle');
      expect(await subtitle.textContent()).toBe(tFor(lang)('web.subtitle'));
      // The browser itself says which installed fonts drew the node's text and how many glyphs each drew.
      const cdp = await page.context().newCDPSession(page);
      await cdp.send('DOM.enable');
      await cdp.send('CSS.enable');
      const { root } = await cdp.send('DOM.getDocument');
      const { nodeId } = await cdp.send('DOM.querySelector', { nodeId: root.nodeId, selector: '.subtitle' });
      const { fonts } = await cdp.send('CSS.getPlatformFontsForNode', { nodeId });
      const letters = [...tFor(lang)('web.subtitle')].filter((c) => /\p{L}/u.test(c) && !/\p{M}/u.test(c)).length;
      expect(fonts.length).toBeGreaterThan(0);
      expect(fonts.some((f) => family.test(f.familyName))).toBe(true);
      // Every letter was drawn by a real font: a missing glyph would leave the count short.
      expect(fonts.reduce((n, f) => n + f.glyphCount, 0)).toBeGreaterThanOrEqual(letters);
    } finally {
      await close();
    }
  });
});
