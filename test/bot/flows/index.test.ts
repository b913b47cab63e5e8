// Flows are plain functions: no database, no platform, no clock.
import { describe, expect, it } from 'vitest';
import { idle, type Conversation } from '../../../bot/flow.js';
import { route } from '../../../bot/flows/index.js';
import { validCity, validJob, validPhone } from '../../../bot/flows/profile/validate.js';
import { matchLocale, tFor } from '../../../bot/i18n.js';
import type { EventBody, Reply } from '../../../bot/types.js';
import { flowContext, profile } from '../../support/flow-context.js';

const ctx = (body: EventBody, user = profile(), conv: Conversation = idle, isNew = false) =>
  flowContext(body, user, conv, { isNew });
/** Where a conversation is, without the data the core keeps beside it. */
const where = (c: Conversation) => ({ flow: c.flow, step: c.step });
const texts = (r: Reply[]) => r.map((x) => ('text' in x ? x.text : '')).join('\n');
const actions = (r: Reply[]) =>
  r.flatMap((x) => (x.type === 'text' ? (x.buttons ?? []) : [])).flatMap((b) => ('action' in b ? [b.action] : []));

describe('onboarding', async () => {
  it('greets a new user in the hinted language with that language offered first', async () => {
    const r = await route(
      ctx({ type: 'text', text: 'hi' }, profile({ consent: 'pending', locale: 'zh-TW' }), idle, true),
    );
    expect(texts(r.replies)).toContain('求職小幫手');
    expect(actions(r.replies)[0]).toBe('lang:zh-TW');
    expect(actions(r.replies)).toEqual([
      'lang:zh-TW',
      'lang:en',
      'lang:id',
      'lang:ms',
      'lang:th',
      'lang:tl',
      'lang:vi',
      'lang:zh-CN',
    ]);
  });

  it.each([
    ['tôi cần tìm việc làm', 'vi', 'Xin chào'],
    ['อยากหางานทำค่ะ', 'th', 'สวัสดี'],
    ['naghahanap po ako ng trabaho', 'tl', 'Kumusta'],
    ['ada kerja kosong tak?', 'ms', 'Helo'],
    ['gaji blm dibayar boss', 'id', 'Halo'],
    ['請問有工作嗎', 'zh-TW', '您好'],
  ])(
    'answers a first message %j in its language (%s) even when the phone says English',
    async (text, locale, hello) => {
      const r = await route(ctx({ type: 'text', text }, profile({ consent: 'pending', locale: 'en' }), idle, true));
      expect(r.user).toEqual({ locale });
      expect(texts(r.replies)).toContain(hello);
      expect(actions(r.replies)[0]).toBe(`lang:${locale}`);
    },
  );

  it.each([
    ['hi', 'zh-TW'],
    ['ok 👍', 'vi'],
    ['/start', 'th'],
    ['menu', 'id'],
    ['我想找工作', 'zh-TW'],
    ['terima kasih', 'ms'],
  ])("keeps the phone's language when the first message %j cannot tell (%s)", async (text, locale) => {
    const r = await route(ctx({ type: 'text', text }, profile({ consent: 'pending', locale }), idle, true));
    expect(r.user?.locale ?? locale).toBe(locale);
    expect(actions(r.replies)[0]).toBe(`lang:${locale}`);
  });

  it('asks for consent in the chosen language, then opens the menu', async () => {
    const lang = await route(
      ctx({ type: 'action', action: 'lang:id' }, profile({ consent: 'pending' }), {
        flow: 'onboarding',
        step: 'language',
        data: {},
      }),
    );
    expect(lang.user).toEqual({ locale: 'id' });
    expect(texts(lang.replies)).toContain('Apakah Anda setuju');
    const yes = await route(
      ctx({ type: 'action', action: 'consent:yes' }, profile({ consent: 'pending', locale: 'id' }), lang.conv),
    );
    expect(yes.user).toEqual({ consent: 'given' });
    expect(actions(yes.replies)).toEqual(
      expect.arrayContaining(['menu:jobs', 'menu:fairs', 'menu:legal', 'menu:profile']),
    );
  });

  it('keeps asking for consent before opening any menu', async () => {
    const r = await route(
      ctx({ type: 'action', action: 'menu:profile' }, profile({ consent: 'declined' }), {
        flow: 'onboarding',
        step: 'consent',
        data: {},
      }),
    );
    expect(actions(r.replies)).toEqual(['consent:yes', 'consent:no']);
    expect(r.user).toBeUndefined();
  });
});

describe('commands in any language, any time', async () => {
  it.each([['menu'], ['菜单'], ['選單'], ['Menu utama'], ['/menu'], ['MENU!']])(
    '"%s" opens the main menu',
    async (text) => {
      const r = await route(ctx({ type: 'text', text }, profile(), { flow: 'profile', step: 'job', data: {} }));
      expect(where(r.conv)).toEqual(where(idle));
      expect(actions(r.replies)).toContain('menu:jobs');
    },
  );

  it('"stop" unsubscribes from all alerts', async () => {
    expect((await route(ctx({ type: 'text', text: 'berhenti' }))).effects).toEqual([{ type: 'unsubscribe_all' }]);
  });

  it('"delete my data" asks first and deletes only on yes', async () => {
    const ask = await route(ctx({ type: 'text', text: '删除我的数据' }));
    expect(ask.effects).toBeUndefined();
    expect(actions(ask.replies)).toEqual(['delete:yes', 'delete:no']);
    expect((await route(ctx({ type: 'action', action: 'delete:no' }, profile(), ask.conv))).effects).toBeUndefined();
    expect((await route(ctx({ type: 'action', action: 'delete:yes' }, profile(), ask.conv))).effects).toEqual([
      { type: 'delete_user' },
    ]);
  });

  it('"language" offers every language', async () => {
    expect(actions((await route(ctx({ type: 'text', text: 'bahasa' }))).replies)).toHaveLength(8);
  });

  it.each([
    ['việc làm'],
    ['หางานครับ'],
    ['trabaho po'],
    ['kerja kosong'],
    ['lowongan'],
    ['找工作'],
    ['職缺'],
    ['find jobs'],
  ])('the menu word %j lists jobs like the button', async (text) => {
    const r = await route(ctx({ type: 'text', text }, profile({ locale: 'en' })));
    expect(r.replies[0]!.type).toBe('cards');
  });

  it.each([
    ['hội chợ việc làm', 'fairs.upcoming'],
    ['pameran kerjaya', 'fairs.upcoming'],
    ['bantuan hukum', 'legal.whereToTurn'],
  ])('"%s" opens %s', async (text, key) => {
    const r = await route(ctx({ type: 'text', text }, profile({ locale: 'en' })));
    expect(texts(r.replies)).toContain(tFor('en')(key));
  });
});

describe('profile', async () => {
  const step = (s: string): Conversation => ({ flow: 'profile', step: s, data: {} });

  it("re-asks a bad phone number in the user's language and keeps the step", async () => {
    const r = await route(ctx({ type: 'text', text: 'call me maybe' }, profile({ locale: 'zh-CN' }), step('phone')));
    expect(where(r.conv)).toEqual(where(step('phone')));
    expect(texts(r.replies)).toContain('这看起来不像电话号码');
    expect(r.user).toBeUndefined();
  });

  it('walks city → job → phone and saves each answer', async () => {
    const a = await route(ctx({ type: 'text', text: '  Surabaya ' }, profile(), step('city')));
    expect(a.user).toEqual({ city: 'Surabaya', timeZone: 'Asia/Jakarta' }); // the gazetteer's zone for the city
    const b = await route(ctx({ type: 'text', text: 'sopir' }, profile(), a.conv));
    expect(b.user).toEqual({ desiredJob: 'sopir' });
    const c = await route(
      ctx({ type: 'text', text: '+62 812-3456-7890' }, profile({ city: 'Surabaya', desiredJob: 'sopir' }), b.conv),
    );
    expect(c.user).toEqual({ phone: '+6281234567890' });
    expect(texts(c.replies)).toContain('Surabaya');
    expect(where(c.conv)).toEqual(where(idle));
  });

  it('accepts a shared location for the city and a shared contact for the phone', async () => {
    expect((await route(ctx({ type: 'location', lat: 25.03, lon: 121.56 }, profile(), step('city')))).user).toEqual({
      lat: 25.03,
      lon: 121.56,
      timeZone: 'Asia/Taipei', // the nearest known place's zone
    });
    expect((await route(ctx({ type: 'contact', phone: '886912345678' }, profile(), step('phone')))).user).toEqual({
      phone: '+886912345678',
    });
  });

  it('lets every question be skipped in any language', async () => {
    expect((await route(ctx({ type: 'text', text: '跳过' }, profile(), step('city')))).conv.step).toBe('job');
    expect(
      where((await route(ctx({ type: 'action', action: 'profile:skip' }, profile(), step('phone')))).conv),
    ).toEqual(where(idle));
  });

  it.each([
    ['深圳', '深圳'],
    ['Ho Chi Minh City', 'Ho Chi Minh City'],
    ['<script>alert(1)</script>', null],
    ["'; drop table users; --", null],
    ['a'.repeat(61), null],
    ['12345', null],
    ['', null],
  ])('city %j → %j', (input, out) => expect(validCity(input)).toBe(out));

  it.each([
    ['+62 812 3456 7890', '+6281234567890'],
    ['(02) 2345-6789', null],
    ['123', null],
    ['phone', null],
    ['+1'.padEnd(20, '1'), null],
  ])('phone %j → %j', (input, out) => expect(validPhone(input)).toBe(out));

  it.each([
    ['(02) 2345-6789', 'TW', '+886223456789'],
    ['0812-3456-7890', 'ID', '+6281234567890'],
    ['138 0013 8000', 'CN', '+8613800138000'],
    ['012-345 6789', 'MY', '+60123456789'],
    ['12', 'ID', null],
    ['0812 3456 7890 ext', 'ID', null],
  ] as const)('a local phone %j in %s is stored as E.164 %j', (input, country, out) =>
    expect(validPhone(input, country)).toBe(out),
  );

  it('rejects jobs that are too long or carry markup', async () => {
    expect(validJob('快递司机')).toBe('快递司机');
    expect(validJob('x'.repeat(81))).toBeNull();
    expect(validJob('<b>boss</b>')).toBeNull();
  });
});

describe('locale hints', async () => {
  it.each([
    ['zh-hans', 'zh-CN'],
    ['zh_TW', 'zh-TW'],
    ['zh-Hant-HK', 'zh-TW'],
    ['zh', 'zh-CN'],
    ['in', 'id'],
    ['id-ID', 'id'],
    ['en-US', 'en'],
    ['ja', 'en'],
    [undefined, 'en'],
    ['', 'en'],
    ['zh-HK', 'zh-TW'],
    ['zh-MO', 'zh-TW'],
    ['zh-Hant', 'zh-TW'],
    ['zh-TW', 'zh-TW'],
    ['zh-CN', 'zh-CN'],
    ['zh-SG', 'zh-CN'],
    ['zh-Hans', 'zh-CN'],
    ['zh-Hans-HK', 'zh-CN'],
    ['zh_TW.UTF-8', 'zh-TW'],
    ['ms', 'ms'],
    ['ms-MY', 'ms'],
    ['ms_MY.UTF-8', 'ms'],
    ['fil', 'tl'],
    ['tl', 'tl'],
    ['fil-PH', 'tl'],
    ['vi', 'vi'],
    ['vi-VN', 'vi'],
    ['th', 'th'],
    ['th-TH', 'th'],
    ['id', 'id'],
  ])('%s → %s', (hint, locale) => expect(matchLocale(hint)).toBe(locale));
});

describe('a switch offered, never imposed', async () => {
  const vi = ['tôi cần tìm việc làm', 'lương tháng này chưa trả', 'có việc làm ở Đài Trung không?'];
  const say = (text: string, conv: Conversation = idle, user = profile()) =>
    route(ctx({ type: 'text', text }, user, conv));

  it('offers Vietnamese after two Vietnamese messages, once, with one tap, and changes nothing by itself', async () => {
    const one = await say(vi[0]!);
    expect(one.user).toBeUndefined();
    expect(actions(one.replies)).not.toContain('lang:vi');
    expect(one.conv.data.$lang).toMatchObject({ locale: 'vi', count: 1 });
    const two = await say(vi[1]!, one.conv);
    expect(two.user).toBeUndefined();
    expect(two.replies.at(-1)).toEqual({
      type: 'text',
      text: tFor('vi')('language.offer'),
      buttons: [
        { label: 'Tiếng Việt', action: 'lang:vi' },
        { label: 'English', action: 'lang:en' },
      ],
    });
    const three = await say(vi[2]!, two.conv);
    expect(actions(three.replies)).not.toContain('lang:vi');
    const yes = await route(ctx({ type: 'action', action: 'lang:vi' }, profile(), three.conv));
    expect(yes.user).toEqual({ locale: 'vi' });
    expect(yes.conv.data.$lang).toBeUndefined();
  });

  it("counts only messages in a row: one in the user's own language starts over", async () => {
    const one = await say(vi[0]!);
    const back = await say('sorry, where is the job fair?', one.conv);
    expect(back.conv.data.$lang).toBeUndefined();
    expect(actions((await say(vi[1]!, back.conv)).replies)).not.toContain('lang:vi');
  });

  it('keeps the count across buttons and flows, and does not count profile answers', async () => {
    const one = await say('อยากหางานทำค่ะ');
    const pressed = await route(ctx({ type: 'action', action: 'menu:fairs' }, profile(), one.conv));
    expect(pressed.conv.data.$lang).toMatchObject({ locale: 'th', count: 1 });
    const city = await say('เชียงใหม่', { ...pressed.conv, flow: 'profile', step: 'city' });
    expect(city.conv.data.$lang).toMatchObject({ locale: 'th', count: 1 });
    expect(actions((await say('ขอบคุณมากครับ', pressed.conv)).replies)).toContain('lang:th');
  });

  it('does not offer zh-CN to a zh-TW user for a message that reads the same in both', async () => {
    const tw = profile({ locale: 'zh-TW' });
    const one = await say('我想找工作', idle, tw);
    expect(actions((await say('我想找工作', one.conv, tw)).replies)).not.toContain('lang:zh-CN');
  });
});
