// Reply → terminal text. Buttons a user can press get numbers; links and maps are printed as URLs.
import type { T } from '../../bot/i18n.js';
import type { Button, Card, Reply } from '../../bot/types.js';

/** A numbered button: typing its number sends its action, or asks for what the platform would have shared. */
export type Pressable = { label: string; action: string } | { label: string; request: 'location' | 'contact' };

export interface Rendered {
  text: string;
  pressables: Pressable[];
}

type FileReply = Extract<Reply, { type: 'file' }>;

export interface RenderOptions {
  t: T;
  /** Keeps a file where the user can open it and says where. */
  saveFile: (file: FileReply) => string;
}

const mapUrl = (lat: number, lon: number) =>
  `https://www.openstreetmap.org/?mlat=${lat}&mlon=${lon}#map=16/${lat}/${lon}`;
const indent = (text: string, by: string) =>
  text
    .split('\n')
    .map((l) => by + l)
    .join('\n');

/** Renders one batch of replies; numbers run from 1 across the batch, so the latest buttons are the live ones. */
export function renderReplies(replies: Reply[], opts: RenderOptions): Rendered {
  const pressables: Pressable[] = [];
  const buttonLine = (b: Button, pad: string) => {
    if ('url' in b) return `${pad}🔗 ${b.label}: ${b.url}`;
    pressables.push(b);
    return `${pad}[${pressables.length}] ${b.label}`;
  };
  const buttons = (list: Button[] | undefined, pad: string) => (list ?? []).map((b) => buttonLine(b, pad));
  const card = (c: Card) => [`  ▸ ${c.title}`, ...c.lines.map((l) => indent(l, '    ')), ...buttons(c.buttons, '    ')];

  const blocks = replies.map((r): string[] => {
    switch (r.type) {
      case 'text':
        return [r.text, ...buttons(r.buttons, '  ')];
      case 'cards':
        return [...(r.text ? [r.text] : []), ...r.cards.flatMap(card)];
      case 'location':
        return [
          `📍 ${r.title}`,
          ...(r.address ? [indent(r.address, '   ')] : []),
          `   ${opts.t('console.map')}: ${mapUrl(r.lat, r.lon)}`,
        ];
      case 'link':
        return [r.text, `  🔗 ${r.label}: ${r.url}`];
      case 'file':
        return [...(r.caption ? [r.caption] : []), opts.saveFile(r)];
      case 'qr':
        return [r.caption];
    }
  });
  return { text: blocks.map((b) => b.join('\n')).join('\n\n'), pressables };
}
