// Links in replies come from imported data (a fair's url, an employer's contact): only schemes a person can safely
// open are let through, whatever the channel. A `javascript:` or `data:` link never reaches a user.
import type { Button, Reply } from './types.js';

const ALLOWED = new Set(['https:', 'http:', 'tel:', 'mailto:']);

export function isSafeUrl(url: string): boolean {
  try {
    return ALLOWED.has(new URL(url).protocol);
  } catch {
    return false;
  }
}

const safeButtons = (buttons: Button[]) => buttons.filter((b) => !('url' in b) || isSafeUrl(b.url));

/** The replies with every unsafe link removed: a link button dropped, a link message kept as its text. */
export function withSafeLinks(reply: Reply): Reply {
  switch (reply.type) {
    case 'text':
      return reply.buttons ? { ...reply, buttons: safeButtons(reply.buttons) } : reply;
    case 'cards':
      return { ...reply, cards: reply.cards.map((c) => ({ ...c, buttons: safeButtons(c.buttons) })) };
    case 'link':
      return isSafeUrl(reply.url) ? reply : { type: 'text', text: reply.text };
    default:
      return reply;
  }
}
