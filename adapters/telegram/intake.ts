// What every door (webhook, long polling, Telegraf) does with an update: parse it, then store it once.
import type { Engine } from '../../bot/engine.js';
import { matchLocale, tFor } from '../../bot/i18n.js';
import { enqueue } from '../../bot/outbox.js';
import { storable } from '../../bot/sanitize.js';
import type { Reply } from '../../bot/types.js';
import type { Db } from '../../db/client.js';
import { parseUpdate, type BotIdentity } from './parse.js';
import { actionFor } from '../../bot/payloads.js';

export interface IntakeDeps {
  engine: Engine;
  db: Db;
}

export type Intake = 'accepted' | 'duplicate' | 'group notice' | 'ignored';

export function privateChatNotice(locale: string, username: string): Reply {
  const t = tFor(locale);
  const url = `https://t.me/${username}`;
  return { type: 'link', text: t('telegram.privateOnly', { link: url }), label: t('telegram.openChat'), url };
}

/** One durable write per update (plus one read for a stored button payload); no Bot API call. */
export async function ingest(update: unknown, me: BotIdentity, deps: IntakeDeps): Promise<Intake> {
  const parsed = parseUpdate(update, me);
  if (parsed.kind === 'ignore') return 'ignored';
  if (parsed.kind === 'group') {
    // Groups never enter a conversation; the dedup key keeps a redelivered update from posting twice.
    await enqueue(deps.db, [
      {
        channel: 'telegram',
        chatId: parsed.chatId,
        reply: privateChatNotice(matchLocale(parsed.localeHint), me.username),
        dedupKey: `telegram:group:${parsed.eventId}`,
      },
    ]);
    return 'group notice';
  }
  // Cleaned before the button lookup, which Postgres would refuse for a NUL in the callback data.
  const event = storable(parsed.event);
  if (event.body.type === 'action')
    event.body = { type: 'action', action: await actionFor(deps.db, event.body.action) };
  return (await deps.engine.accept(event)).duplicate ? 'duplicate' : 'accepted';
}
