// `npm run setup:line`: a rich menu per language, made with the real SDK clients against the test double.
import { inflateSync } from 'node:zlib';
import { messagingApi } from '@line/bot-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setupRichMenus } from '../../../adapters/line/setup.js';
import { DEFAULT_LOCALE, LOCALES, tFor } from '../../../bot/i18n.js';
import { startFakeLine, type FakeLine } from '../../support/fake-line.js';

const TOKEN = 'setup-access-token';

/** Width, height and pixel bytes of an 8-bit RGB PNG. */
function readPng(png: Buffer) {
  expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  const idat: Buffer[] = [];
  let width = 0,
    height = 0;
  for (let o = 8; o < png.length; ) {
    const len = png.readUInt32BE(o);
    const type = png.toString('ascii', o + 4, o + 8);
    const data = png.subarray(o + 8, o + 8 + len);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      expect([...data.subarray(8, 10)]).toEqual([8, 2]);
    }
    if (type === 'IDAT') idat.push(data);
    o += 12 + len;
  }
  return { width, height, pixels: inflateSync(Buffer.concat(idat)) };
}

describe('LINE setup', () => {
  let fake: FakeLine;
  let client: messagingApi.MessagingApiClient;
  let blob: messagingApi.MessagingApiBlobClient;
  beforeAll(async () => {
    fake = await startFakeLine();
    client = new messagingApi.MessagingApiClient({ channelAccessToken: TOKEN, baseURL: fake.base });
    blob = new messagingApi.MessagingApiBlobClient({ channelAccessToken: TOKEN, baseURL: fake.base });
  });
  afterAll(async () => {
    await fake?.close();
  });

  it('creates a rich menu per language with the four entries, uploads its picture and makes English the default', async () => {
    const ids = await setupRichMenus(client, blob);
    expect(Object.keys(ids).sort()).toEqual([...LOCALES].sort());
    const created = fake.calls.filter((c) => c.method === 'POST' && c.path === '/v2/bot/richmenu');
    expect(created).toHaveLength(LOCALES.length);
    for (const [i, locale] of LOCALES.entries()) {
      const t = tFor(locale);
      const menu = created[i]!.params;
      expect(menu.size).toEqual({ width: 2500, height: 843 });
      expect(menu.chatBarText).toBe(t('line.chatBar'));
      expect(menu.chatBarText.length).toBeLessThanOrEqual(14);
      expect(menu.areas.map((a: any) => [a.action.data, a.action.displayText])).toEqual([
        ['menu:jobs', t('menu.jobs')],
        ['menu:fairs', t('menu.fairs')],
        ['menu:legal', t('menu.legal')],
        ['cmd:language', t('menu.language')],
      ]);
      for (const a of menu.areas) {
        expect(a.action.label.length).toBeLessThanOrEqual(20);
        expect(a.bounds.x + a.bounds.width).toBeLessThanOrEqual(2500);
      }
      expect(
        fake.calls.some(
          (c) =>
            c.path === '/v2/bot/richmenu/alias' &&
            c.params.richMenuAliasId === `jobbuddy-${locale.toLowerCase()}` &&
            c.params.richMenuId === ids[locale],
        ),
      ).toBe(true);
    }
    const uploads = fake.calls.filter((c) => /^\/v2\/bot\/richmenu\/[^/]+\/content$/.test(c.path));
    expect(uploads.map((u) => u.path.split('/')[4]).sort()).toEqual(Object.values(ids).sort());
    for (const u of uploads) {
      expect(u.contentType).toBe('image/png');
      expect(u.raw.length).toBeLessThanOrEqual(1024 * 1024);
      const png = readPng(u.raw);
      expect([png.width, png.height]).toEqual([2500, 843]);
      expect(png.pixels.length).toBe(843 * (1 + 2500 * 3));
    }
    expect(fake.calls.filter((c) => c.path.startsWith('/v2/bot/user/all/richmenu/')).map((c) => c.path)).toEqual([
      `/v2/bot/user/all/richmenu/${ids[DEFAULT_LOCALE]}`,
    ]);
    expect(fake.calls.every((c) => c.auth === `Bearer ${TOKEN}`)).toBe(true);
  });

  it('replaces its own menus when run again instead of piling them up', async () => {
    const before = (await client.getRichMenuList()).richmenus.length;
    await setupRichMenus(client, blob);
    expect((await client.getRichMenuList()).richmenus).toHaveLength(before);
  });
});
