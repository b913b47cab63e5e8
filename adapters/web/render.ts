// Reply → the web chat's JSON message shape (the contract of POST /api/chat).
import { ticketPath } from '../../bot/fairs/ticket.js';
import type { Button, Reply } from '../../bot/types.js';

export interface WebButton {
  label: string;
  action?: string;
  url?: string;
  request?: 'location';
}
export interface WebMessage {
  text?: string;
  buttons?: WebButton[];
  cards?: { title: string; lines: string[]; buttons: WebButton[] }[];
  location?: { lat: number; lon: number; title: string; address?: string };
  file?: { name: string; mime: string; url: string };
  image?: { url: string; alt: string };
}

// A browser can share its location but has no contact card to share: that button is left out.
const button = (b: Button): WebButton[] =>
  'action' in b
    ? [{ label: b.label, action: b.action }]
    : 'url' in b
      ? [{ label: b.label, url: b.url }]
      : b.request === 'location'
        ? [{ label: b.label, request: 'location' }]
        : [];

const withButtons = (buttons: Button[] | undefined) => {
  const list = (buttons ?? []).flatMap(button);
  return list.length ? { buttons: list } : {};
};

export function toWebMessage(reply: Reply): WebMessage {
  switch (reply.type) {
    case 'text':
      return { text: reply.text, ...withButtons(reply.buttons) };
    case 'cards':
      return {
        ...(reply.text ? { text: reply.text } : {}),
        cards: reply.cards.map((c) => ({ title: c.title, lines: c.lines, buttons: c.buttons.flatMap(button) })),
      };
    case 'location':
      return {
        text: [reply.title, reply.address].filter(Boolean).join('\n'),
        location: {
          lat: reply.lat,
          lon: reply.lon,
          title: reply.title,
          ...(reply.address ? { address: reply.address } : {}),
        },
      };
    case 'link':
      return { text: reply.text, buttons: [{ label: reply.label, url: reply.url }] };
    case 'file':
      return {
        ...(reply.caption ? { text: reply.caption } : {}),
        file: {
          name: reply.name,
          mime: reply.mime,
          url: `data:${reply.mime};base64,${Buffer.from(reply.content).toString('base64')}`,
        },
      };
    case 'qr':
      return { text: reply.caption, image: { url: ticketPath(reply.code), alt: reply.code } };
  }
}
