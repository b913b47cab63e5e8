// What a channel can show, declared by its adapter, and the one core fallback for channels that show less: choices
// become a numbered list the person answers by typing the number (WhatsApp allows 3 buttons, WeChat none).
import type { T } from './i18n.js';
import type { Button, Reply } from './types.js';

export interface Surface {
  /** Action buttons one message can carry; beyond that, choices are numbered. */
  maxButtons: number;
  /** Longest button label before it is cut (the numbered list shows it whole). */
  maxLabel: number;
  /** Whether cards (a carousel, a numbered block) render natively. */
  cards: boolean;
  /** Which "share your…" buttons the channel has. */
  requests: readonly ('location' | 'contact')[];
}

/** The web page and other full clients: nothing needs a fallback. */
export const FULL: Surface = {
  maxButtons: Infinity,
  maxLabel: Infinity,
  cards: true,
  requests: ['location', 'contact'],
};

const actionButtons = (r: Reply): Button[] =>
  (r.type === 'text' ? (r.buttons ?? []) : r.type === 'cards' ? r.cards.flatMap((c) => c.buttons) : []).filter(
    (b) => 'action' in b,
  );

/**
 * The replies as this surface can show them, and whether their choices became numbered. Numbers run across all the
 * replies in the order a person reads them, the same order the core keeps the choices in, so "2" is the second.
 */
export function fit(replies: Reply[], surface: Surface, t: T): { replies: Reply[]; numbered: boolean } {
  const tooMany = replies.some((r) => actionButtons(r).length > surface.maxButtons);
  if (!tooMany) return { replies, numbered: false };
  let n = 0;
  const numberedLines = (buttons: Button[]) => buttons.filter((b) => 'action' in b).map((b) => `${++n}. ${b.label}`);
  const keep = (buttons: Button[]) => buttons.filter((b) => !('action' in b));
  return {
    numbered: true,
    replies: replies.map((r): Reply => {
      if (r.type === 'text' && r.buttons?.some((b) => 'action' in b)) {
        const rest = keep(r.buttons);
        return {
          type: 'text',
          text: [r.text, ...numberedLines(r.buttons), t('choices.typeNumber')].join('\n'),
          ...(rest.length ? { buttons: rest } : {}),
        };
      }
      if (r.type === 'cards') {
        return {
          ...r,
          cards: r.cards.map((c) => ({
            ...c,
            lines: [...c.lines, ...numberedLines(c.buttons)],
            buttons: keep(c.buttons),
          })),
        };
      }
      return r;
    }),
  };
}
