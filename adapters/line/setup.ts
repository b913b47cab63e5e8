// `npm run setup:line`: one rich menu per language (find jobs, job fairs, legal help, language), the English one
// as every user's default. Running it again replaces the menus it made before.
//
// LINE shows one default menu to everybody; each menu made here also gets an alias, `jobbuddy-<locale>`, by which
// the sender (adapters/line/menus.ts) links every user to the menu of their language.
import { pathToFileURL } from 'node:url';
import { HTTPFetchError, messagingApi } from '@line/bot-sdk';
import { loadConfig, type Config } from '../../bot/config.js';
import { registry } from '../../bot/flows/index.js';
import { DEFAULT_LOCALE, LOCALES, tFor } from '../../bot/i18n.js';
import { lineClient, lineCredentials } from './adapter.js';
import { aliasFor } from './menus.js';
import { MENU_HEIGHT, MENU_WIDTH, TILES, richMenuPng } from './menu-image.js';
import { fit, label } from './render.js';

const NAME_PREFIX = 'jobbuddy:';

// The tiles the capabilities declare (bot/flows), with the main menu's payloads: a tap on a tile is a tap on that button.
const ENTRIES = registry.tiles().map((tile) => ({ key: tile.label, data: tile.data }));

function richMenuFor(locale: string): messagingApi.RichMenuRequest {
  const t = tFor(locale);
  const width = MENU_WIDTH / TILES;
  return {
    size: { width: MENU_WIDTH, height: MENU_HEIGHT },
    selected: true,
    name: `${NAME_PREFIX}${locale}`,
    chatBarText: fit(t('line.chatBar'), 14),
    areas: ENTRIES.map((e, i) => ({
      bounds: { x: i * width, y: 0, width, height: MENU_HEIGHT },
      action: { type: 'postback', label: label(t(e.key)), data: e.data, displayText: t(e.key) },
    })),
  };
}

export async function setupRichMenus(
  client: messagingApi.MessagingApiClient,
  blob: messagingApi.MessagingApiBlobClient,
  say: (line: string) => void = () => {},
): Promise<Record<string, string>> {
  const { richmenus } = await client.getRichMenuList();
  for (const old of richmenus.filter((m) => m.name.startsWith(NAME_PREFIX)))
    await client.deleteRichMenu(old.richMenuId);

  const image = new Blob([new Uint8Array(richMenuPng())], { type: 'image/png' });
  const ids: Record<string, string> = {};
  for (const locale of LOCALES) {
    const { richMenuId } = await client.createRichMenu(richMenuFor(locale));
    await blob.setRichMenuImage(richMenuId, image);
    // Delete, then create: create fails when the alias exists, update when it doesn't.
    await client.deleteRichMenuAlias(aliasFor(locale)).catch(() => undefined);
    await client.createRichMenuAlias({ richMenuAliasId: aliasFor(locale), richMenuId });
    ids[locale] = richMenuId;
    say(`rich menu for ${locale}: ${richMenuId} (alias ${aliasFor(locale)})`);
  }
  await client.setDefaultRichMenu(ids[DEFAULT_LOCALE]!);
  say(`default rich menu: ${DEFAULT_LOCALE}`);
  return ids;
}

/** The blob API lives on api-data.line.me; a test double or proxy given in LINE_API_BASE_URL serves both. */
function blobClient(config: Config): messagingApi.MessagingApiBlobClient {
  const custom = new URL(config.LINE_API_BASE_URL).hostname !== 'api.line.me';
  return new messagingApi.MessagingApiBlobClient({
    channelAccessToken: lineCredentials(config).channelAccessToken,
    ...(custom ? { baseURL: config.LINE_API_BASE_URL } : {}),
  });
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const config = loadConfig();
  try {
    await setupRichMenus(lineClient(config), blobClient(config), (line) => console.log(line));
  } catch (err) {
    console.error(
      `LINE setup failed: ${err instanceof Error ? err.message : String(err)} ${err instanceof HTTPFetchError ? err.body : ''}`,
    );
    process.exitCode = 1;
  }
}
