// Telegram Update → InboundEvent. One parser for the webhook, long polling and the Telegraf middleware.
import { z } from 'zod';
import type { EventBody, InboundEvent } from '../../bot/types.js';

/** The update types we act on; the webhook and getUpdates ask Telegram for these only. */
export const ALLOWED_UPDATES = ['message', 'callback_query', 'my_chat_member'] as const;

/** Who we are on Telegram (from getMe): needed to tell whether a group message is addressed to us. */
export interface BotIdentity {
  id: number;
  username: string;
}

// Ids pass 2^32 (a JS number holds Telegram's 52 bits exactly); they become strings right away.
const id = z.number().int();
const user = z.object({ id, is_bot: z.boolean().optional(), language_code: z.string().optional() });
const chat = z.object({ id, type: z.string() });
const entity = z.object({
  type: z.string(),
  offset: z.number().int().nonnegative(),
  length: z.number().int().nonnegative(),
  user: z.object({ id }).optional(),
});

// Loose: what we don't read (photos, stickers, service fields) is kept so that we can tell what kind of message it is.
const message = z.looseObject({
  from: user.optional(),
  chat,
  text: z.string().optional(),
  caption: z.string().optional(),
  entities: z.array(entity).optional(),
  caption_entities: z.array(entity).optional(),
  location: z.object({ latitude: z.number(), longitude: z.number() }).optional(),
  venue: z.object({ title: z.string() }).optional(),
  contact: z.object({ phone_number: z.string(), user_id: id.optional() }).optional(),
  reply_to_message: z.object({ from: z.object({ id }).optional() }).optional(),
  new_chat_members: z.array(z.object({ id })).optional(),
});

/** What the webhook insists on before acknowledging: a JSON object with an integer update_id. */
export const updateEnvelope = z.looseObject({ update_id: z.number().int().nonnegative() });

const update = updateEnvelope.extend({
  message: message.optional(),
  callback_query: z
    .object({
      id: z.string(),
      from: user,
      data: z.string().optional(),
      message: z.object({ chat }).optional(),
    })
    .optional(),
  my_chat_member: z.object({ chat, from: user, new_chat_member: z.object({ status: z.string() }) }).optional(),
});

type Message = z.infer<typeof message>;

export type Parsed =
  | { kind: 'event'; event: InboundEvent }
  /** Someone addressed the bot in a group: answer there that it works in private chats. */
  | { kind: 'group'; eventId: string; chatId: string; localeHint?: string }
  | { kind: 'ignore'; reason: string };

// Messages a person sent that we cannot read (a sticker, a photo without caption): they get a "didn't understand".
const UNREADABLE = [
  'photo',
  'sticker',
  'animation',
  'audio',
  'document',
  'video',
  'video_note',
  'voice',
  'dice',
  'poll',
];

const COMMAND = /^\/([A-Za-z0-9_]{1,64})(?:@([A-Za-z0-9_]+))?(?:\s+([\s\S]*))?$/;

const sameName = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

export function parseUpdate(raw: unknown, me: BotIdentity): Parsed {
  const parsed = update.safeParse(raw);
  if (!parsed.success) return { kind: 'ignore', reason: 'unexpected update shape' };
  const u = parsed.data;
  const eventId = String(u.update_id);

  if (u.callback_query) {
    const q = u.callback_query;
    if (q.data === undefined) return { kind: 'ignore', reason: 'callback without data' };
    if (q.message && q.message.chat.type !== 'private')
      return { kind: 'ignore', reason: 'callback outside a private chat' };
    // Buttons on inline messages have no chat; the private chat with a user has the user's id.
    const chatId = String(q.message?.chat.id ?? q.from.id);
    return event(eventId, q.from, chatId, { type: 'action', action: q.data }, { callbackQueryId: q.id });
  }

  if (u.my_chat_member) {
    const m = u.my_chat_member;
    // A user who blocks the bot: alerts stop (unblocking comes with a /start of its own).
    if (m.chat.type === 'private' && m.new_chat_member.status === 'kicked')
      return event(eventId, m.from, String(m.chat.id), { type: 'unfollow' });
    return { kind: 'ignore', reason: 'membership change' };
  }

  const msg = u.message;
  if (!msg) return { kind: 'ignore', reason: 'update type not handled' };
  if (!msg.from || msg.from.is_bot) return { kind: 'ignore', reason: 'not from a person' };
  if (msg.chat.type !== 'private') {
    if (!['group', 'supergroup'].includes(msg.chat.type) || !addressesBot(msg, me))
      return { kind: 'ignore', reason: 'group message not for us' };
    return {
      kind: 'group',
      eventId,
      chatId: String(msg.chat.id),
      ...(msg.from.language_code ? { localeHint: msg.from.language_code } : {}),
    };
  }
  const body = bodyOf(msg, me);
  return body
    ? event(eventId, msg.from, String(msg.chat.id), body)
    : { kind: 'ignore', reason: 'message kind not handled' };
}

function event(
  eventId: string,
  from: z.infer<typeof user>,
  chatId: string,
  body: EventBody,
  meta?: Record<string, unknown>,
): Parsed {
  return {
    kind: 'event',
    event: {
      channel: 'telegram',
      eventId,
      userId: String(from.id),
      chatId,
      body,
      ...(from.language_code ? { localeHint: from.language_code } : {}),
      ...(meta ? { meta } : {}),
    },
  };
}

function bodyOf(msg: Message, me: BotIdentity): EventBody | null {
  const text = msg.text ?? msg.caption;
  if (text !== undefined) {
    const c = COMMAND.exec(text.trim());
    if (!c) return { type: 'text', text };
    if (c[2] && !sameName(c[2], me.username)) return null; // "/start@other_bot"
    return { type: 'command', command: c[1]!.toLowerCase(), args: (c[3] ?? '').trim() };
  }
  if (msg.location) {
    const { latitude: lat, longitude: lon } = msg.location;
    // A point off the globe is no place: answered as a message the bot cannot read.
    if (!(Math.abs(lat) <= 90 && Math.abs(lon) <= 180)) return { type: 'text', text: '' };
    return { type: 'location', lat, lon, ...(msg.venue ? { title: msg.venue.title } : {}) };
  }
  // Only the sender's own number (what the "share my number" button sends), never a contact card they forward.
  if (msg.contact)
    return msg.contact.user_id === msg.from?.id ? { type: 'contact', phone: msg.contact.phone_number } : null;
  if (UNREADABLE.some((k) => k in msg)) return { type: 'text', text: '' };
  return null; // service messages
}

/** In a group the bot speaks only when spoken to: @mention, a reply to it, /command@bot, or being added. */
function addressesBot(msg: Message, me: BotIdentity): boolean {
  if (msg.reply_to_message?.from?.id === me.id) return true;
  if (msg.new_chat_members?.some((m) => m.id === me.id)) return true;
  const text = msg.text ?? msg.caption ?? '';
  const command = COMMAND.exec(text.trim());
  if (command?.[2] && sameName(command[2], me.username)) return true;
  // Entity offsets count UTF-16 code units, as JavaScript strings do.
  return [...(msg.entities ?? []), ...(msg.caption_entities ?? [])].some(
    (e) =>
      (e.type === 'mention' && sameName(text.slice(e.offset, e.offset + e.length), `@${me.username}`)) ||
      (e.type === 'text_mention' && e.user?.id === me.id),
  );
}
