// Reply → Bot API calls. Shared by the grammY and the Telegraf sender; the client that makes the calls is theirs.
import { ticketPng } from '../../bot/fairs/ticket.js';
import type { Surface } from '../../bot/surface.js';
import type { Button, Reply } from '../../bot/types.js';

/** A file to upload; each client turns it into its own upload type. */
export class Upload {
  constructor(
    readonly filename: string,
    readonly data: Buffer,
  ) {}
}

export interface BotCall {
  method: 'sendMessage' | 'sendLocation' | 'sendVenue' | 'sendDocument' | 'sendPhoto';
  params: Record<string, unknown>;
}

/** Maps a button's action to its callback_data (long ones are stored behind a key). */
export type CallbackData = (action: string) => Promise<string>;

/** What Telegram shows: inline keyboards take up to 100 buttons; both kinds of "share" button exist. */
export const TELEGRAM_SURFACE: Surface = {
  maxButtons: 100,
  maxLabel: 64,
  cards: true,
  requests: ['location', 'contact'],
};

export const MAX_TEXT = 4096;
const MAX_CAPTION = 1024;
const SHORT_LABEL = 16;
// A text without buttons also takes away a reply keyboard left from an earlier question ("share my location").
const REMOVE_KEYBOARD = { remove_keyboard: true };

/** Splits at a line break or space where possible, never inside a surrogate pair. */
export function splitText(text: string, max = MAX_TEXT): string[] {
  const parts: string[] = [];
  let rest = text;
  while (rest.length > max) {
    const lineBreak = rest.lastIndexOf('\n', max);
    let cut = lineBreak >= max / 2 ? lineBreak : rest.lastIndexOf(' ', max);
    if (cut < max / 2) cut = max;
    if (/[\uD800-\uDBFF]/.test(rest[cut - 1] ?? '')) cut -= 1;
    parts.push(rest.slice(0, cut));
    rest = rest.slice(cut).replace(/^[\n ]/, '');
  }
  return [...parts, rest];
}

// Short labels two to a row, long ones alone: readable on a phone.
const rows = <B extends { text: string }>(buttons: B[]): B[][] => {
  const perRow = buttons.every((b) => b.text.length <= SHORT_LABEL) ? 2 : 1;
  return Array.from({ length: Math.ceil(buttons.length / perRow) }, (_, i) =>
    buttons.slice(i * perRow, i * perRow + perRow),
  );
};

/**
 * Inline keyboard for action and link buttons. Location/contact requests need a reply keyboard instead: then the
 * other action buttons become plain keys that send their label (the flows understand "Skip"), and links, which a
 * reply keyboard cannot hold, go into the text.
 */
async function keyboard(
  buttons: Button[],
  callbackData: CallbackData,
): Promise<{ markup?: object; extraText?: string }> {
  if (!buttons.length) return {};
  if (buttons.some((b) => 'request' in b)) {
    const keys = buttons.flatMap((b) =>
      'request' in b ? [{ text: b.label, [`request_${b.request}`]: true }] : 'action' in b ? [{ text: b.label }] : [],
    );
    const links = buttons.flatMap((b) => ('url' in b ? [`${b.label}: ${b.url}`] : []));
    return {
      markup: { keyboard: rows(keys), resize_keyboard: true, one_time_keyboard: true },
      ...(links.length ? { extraText: links.join('\n') } : {}),
    };
  }
  const inline = await Promise.all(
    buttons
      .flatMap((b) => ('request' in b ? [] : [b]))
      .map(async (b) =>
        'url' in b ? { text: b.label, url: b.url } : { text: b.label, callback_data: await callbackData(b.action) },
      ),
  );
  return { markup: { inline_keyboard: rows(inline) } };
}

async function messages(
  chatId: string,
  text: string,
  buttons: Button[] | undefined,
  callbackData: CallbackData,
  removeKeyboard = true,
): Promise<BotCall[]> {
  const { markup, extraText } = await keyboard(buttons ?? [], callbackData);
  const chunks = splitText(extraText ? `${text}\n\n${extraText}` : text);
  const last = markup ?? (removeKeyboard ? REMOVE_KEYBOARD : undefined);
  return chunks.map((chunk, i) => ({
    method: 'sendMessage',
    params: { chat_id: chatId, text: chunk, ...(i === chunks.length - 1 && last ? { reply_markup: last } : {}) },
  }));
}

export async function renderReply(reply: Reply, chatId: string, callbackData: CallbackData): Promise<BotCall[]> {
  switch (reply.type) {
    case 'text':
      return messages(chatId, reply.text, reply.buttons, callbackData);
    case 'link':
      return messages(chatId, reply.text, [{ label: reply.label, url: reply.url }], callbackData);
    case 'cards': {
      // One numbered message rather than a message per card: a chat isn't flooded, and a retry (after a 429 halfway
      // through a burst) can't repeat the cards already delivered.
      const numbered = reply.cards.length > 1;
      const blocks = reply.cards.map((c, i) => [`${numbered ? `${i + 1}. ` : ''}${c.title}`, ...c.lines].join('\n'));
      const buttons = reply.cards.flatMap((c, i) =>
        c.buttons.map((b) => ({ ...b, label: numbered ? `${i + 1}. ${b.label}` : b.label })),
      );
      return messages(chatId, [reply.text, ...blocks].filter(Boolean).join('\n\n'), buttons, callbackData, false);
    }
    case 'location': {
      const at = { chat_id: chatId, latitude: reply.lat, longitude: reply.lon };
      // A venue needs an address; without one the title goes in a message before the pin.
      return reply.address
        ? [{ method: 'sendVenue', params: { ...at, title: reply.title, address: reply.address } }]
        : [
            ...(await messages(chatId, reply.title, undefined, callbackData, false)),
            { method: 'sendLocation', params: at },
          ];
    }
    case 'file':
      return [
        {
          method: 'sendDocument',
          params: {
            chat_id: chatId,
            document: new Upload(reply.name, Buffer.from(reply.content)),
            ...(reply.caption ? { caption: reply.caption.slice(0, MAX_CAPTION) } : {}),
          },
        },
      ];
    case 'qr':
      return [
        {
          method: 'sendPhoto',
          params: {
            chat_id: chatId,
            photo: new Upload(`${reply.code}.png`, await ticketPng(reply.code)),
            caption: reply.caption.slice(0, MAX_CAPTION),
          },
        },
      ];
  }
}
