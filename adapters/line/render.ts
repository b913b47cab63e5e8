// Reply → LINE message objects, within LINE's limits (text 5,000, quick replies 13 with 20-character labels,
// 12 bubbles per carousel, alt text 400).
import type { messagingApi } from '@line/bot-sdk';
import type { Button, Card, Reply } from '../../bot/types.js';

type Message = messagingApi.Message;
type Action = messagingApi.Action;
type FlexBubble = messagingApi.FlexBubble;
type FlexComponent = messagingApi.FlexComponent;

const LIMITS = {
  text: 5000,
  quickReplies: 13,
  label: 20,
  postbackData: 300,
  altText: 400,
  bubbles: 12,
  locationText: 100,
  cardButtons: 4,
};

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** Cuts to at most max UTF-16 units on a grapheme boundary (an emoji is never split), with an ellipsis. */
export function fit(s: string, max: number): string {
  if (s.length <= max) return s;
  let out = '';
  for (const { segment } of graphemes.segment(s)) {
    if (out.length + segment.length + 1 > max) break;
    out += segment;
  }
  return `${out.trimEnd()}…`;
}

/** A button label within LINE's 20 characters: a leading emoji is decoration, so it goes before any word does. */
export function label(s: string): string {
  if (s.length <= LIMITS.label) return s;
  return fit(s.replace(/^(?:\p{Extended_Pictographic}|\uFE0F|\u200D)+\s*/u, '') || s, LIMITS.label);
}

/** Splits long text into messages, at a line break or space where one is near the limit. */
export function splitText(s: string, max = LIMITS.text): string[] {
  const parts: string[] = [];
  let rest = s;
  while (rest.length > max) {
    let cut = rest.lastIndexOf('\n', max);
    if (cut < max / 2) cut = rest.lastIndexOf(' ', max);
    if (cut < max / 2) cut = max;
    if (/[\uD800-\uDBFF]/.test(rest.charAt(cut - 1))) cut -= 1; // keep a surrogate pair together
    parts.push(rest.slice(0, cut));
    rest = rest.slice(cut).replace(/^[ \n]/, '');
  }
  if (rest.trim()) parts.push(rest);
  return parts;
}

/** A button as a LINE action; null where LINE has no equivalent (contact sharing) or the place can't hold it. */
function action(b: Button, inQuickReply: boolean): Action | null {
  const text = label(b.label);
  if ('action' in b) {
    // Our payloads are short ("lang:zh-TW"); one past LINE's 300 could not come back intact, so it is left out.
    if (b.action.length > LIMITS.postbackData) return null;
    return { type: 'postback', label: text, data: b.action, displayText: fit(b.label, LIMITS.postbackData) };
  }
  if ('url' in b) return { type: 'uri', label: text, uri: b.url };
  return b.request === 'location' && inQuickReply ? { type: 'location', label: text } : null;
}

const quickReply = (buttons: Button[] | undefined): Pick<messagingApi.TextMessage, 'quickReply'> => {
  const items = (buttons ?? [])
    .flatMap((b) => action(b, true) ?? [])
    .slice(0, LIMITS.quickReplies)
    .map((a): messagingApi.QuickReplyItem => ({ type: 'action', action: a }));
  return items.length ? { quickReply: { items } } : {};
};

const textMessages = (text: string): Message[] => splitText(text).map((t) => ({ type: 'text', text: t }));

const flexText = (text: string, extra: Partial<messagingApi.FlexText> = {}): FlexComponent => ({
  type: 'text',
  text,
  wrap: true,
  ...extra,
});

function bubble(body: FlexComponent[], buttons: Button[]): FlexBubble {
  const footer = buttons
    .flatMap((b) => action(b, false) ?? [])
    .slice(0, LIMITS.cardButtons)
    .map(
      (a, i): FlexComponent => ({
        type: 'button',
        action: a,
        style: i === 0 ? 'primary' : 'secondary',
        height: 'sm',
        margin: 'sm',
      }),
    );
  return {
    type: 'bubble',
    body: { type: 'box', layout: 'vertical', spacing: 'sm', contents: body },
    ...(footer.length ? { footer: { type: 'box', layout: 'vertical', contents: footer } } : {}),
  };
}

const cardBubble = (c: Card): FlexBubble =>
  bubble(
    [
      flexText(c.title || '—', { weight: 'bold', size: 'md' }),
      ...c.lines.filter((l) => l.trim()).map((l) => flexText(l, { size: 'sm', color: '#555555' })),
    ],
    c.buttons,
  );

function carousels(cards: Card[], altText: string): Message[] {
  const out: Message[] = [];
  for (let i = 0; i < cards.length; i += LIMITS.bubbles) {
    out.push({
      type: 'flex',
      altText,
      contents: { type: 'carousel', contents: cards.slice(i, i + LIMITS.bubbles).map(cardBubble) },
    });
  }
  return out;
}

/** One reply as LINE messages; buttons become quick replies on the last one. */
export function render(reply: Reply): Message[] {
  switch (reply.type) {
    case 'text': {
      const messages = textMessages(reply.text);
      const last = messages.at(-1);
      if (last) Object.assign(last, quickReply(reply.buttons));
      return messages;
    }
    case 'cards': {
      const alt = fit(reply.text?.trim() || reply.cards.map((c) => c.title).join(' / ') || '…', LIMITS.altText);
      return [...(reply.text ? textMessages(reply.text) : []), ...carousels(reply.cards, alt)];
    }
    case 'location':
      return [
        {
          type: 'location',
          title: fit(reply.title, LIMITS.locationText),
          address: fit(reply.address || reply.title, LIMITS.locationText),
          latitude: reply.lat,
          longitude: reply.lon,
        },
      ];
    case 'link':
      return [
        {
          type: 'flex',
          altText: fit(`${reply.text}\n${reply.url}`, LIMITS.altText),
          contents: bubble([flexText(reply.text)], [{ label: reply.label, url: reply.url }]),
        },
      ];
    case 'file':
      // LINE bots can only send files as links to hosted copies; we say what it was instead.
      return textMessages(reply.caption || reply.name);
    case 'qr':
      // LINE fetches images itself, over https only: without a public https address the code goes as text alone.
      return [
        ...(reply.url?.startsWith('https://')
          ? [{ type: 'image' as const, originalContentUrl: reply.url, previewImageUrl: reply.url }]
          : []),
        ...textMessages(reply.caption),
      ];
  }
}
