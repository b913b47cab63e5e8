// Shows each user the rich menu of their language. `npm run setup:line` makes one menu per locale under the alias
// jobbuddy-<locale>; LINE shows the default (English) one until a user is linked to another.
import { HTTPFetchError, type messagingApi } from '@line/bot-sdk';
import type { Logger } from '../../bot/log.js';

export const aliasFor = (locale: string) => `jobbuddy-${locale.toLowerCase()}`;

const LINE_USER = /^U[0-9a-f]{32}$/i;
const REMEMBERED = 50_000;

/** Returns a function that links a user to their language's menu, once per user and language in this process. */
export function richMenuLinker(client: messagingApi.MessagingApiClient, log?: Logger) {
  const menus = new Map<string, Promise<string | null>>();
  const linked = new Map<string, string>();

  const menuFor = (locale: string) => {
    let id = menus.get(locale);
    if (!id) {
      id = client.getRichMenuAlias(aliasFor(locale)).then(
        (a) => a.richMenuId,
        (err: unknown) => {
          // No such alias: setup:line was not run (or made no menu for this locale); anything else: ask again later.
          if (!(err instanceof HTTPFetchError && err.status === 404)) menus.delete(locale);
          return null;
        },
      );
      menus.set(locale, id);
    }
    return id;
  };

  return async (userId: string, locale: unknown): Promise<void> => {
    if (typeof locale !== 'string' || !LINE_USER.test(userId) || linked.get(userId) === locale) return;
    const menu = await menuFor(locale);
    if (!menu) return;
    try {
      await client.linkRichMenuIdToUser(userId, menu);
      if (linked.size >= REMEMBERED) linked.delete(linked.keys().next().value!);
      linked.set(userId, locale);
    } catch (err) {
      log?.debug({ err, locale }, 'could not link the rich menu; the default stays');
    }
  };
}
