// Recognises the commands that work everywhere, typed in any locale, as /slash commands or as buttons.
import { synonyms } from './i18n.js';
import type { InboundEvent } from './types.js';

export const COMMANDS = ['start', 'help', 'menu', 'language', 'stop', 'delete'] as const;
export type Command = (typeof COMMANDS)[number];
/** Main-menu items that can also be typed ("việc làm", "หางาน", "trabaho", "kerja kosong"), like their buttons. */
export const MENU_ITEMS = ['jobs', 'fairs', 'legal', 'profile'] as const;
export type MenuItem = (typeof MENU_ITEMS)[number];

const isCommand = (s: string): s is Command => (COMMANDS as readonly string[]).includes(s);
const SLASH_ALIASES: Record<string, Command> = { lang: 'language', deletemydata: 'delete', unsubscribe: 'stop' };

// Built once: every locale's words for every command, so "菜单" works for an English user too.
const words = new Map<string, Command>(COMMANDS.flatMap((c) => synonyms(`commands.${c}`).map((w) => [w, c] as const)));
const items = new Map<string, MenuItem>(
  MENU_ITEMS.flatMap((m) => synonyms(`commands.${m}`).map((w) => [w, m] as const)),
);

// A polite particle at the end ("หางานครับ", "trabaho po", "việc làm ạ") does not change what was asked for.
const POLITE = /(?:\s*(?:นะครับ|นะคะ|ครับ|ค่ะ|คะ|จ้ะ|จ้า)|\s+(?:po|ạ|nhé|nha|please|pls))+$/u;

export const normalize = (text: string): string =>
  text.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').replace(/^[\s"'“”「」]+|(?<=.)[\s.!！。,，?？"'“”「」]+$/gu, '')
    .replace(POLITE, '');

function fromSlash(name: string, args: string): { name: Command; args: string } | null {
  const n = name.toLowerCase().replace(/@.*$/, '').replace(/_/g, '');
  const c = isCommand(n) ? n : SLASH_ALIASES[n];
  return c ? { name: c, args: args.trim() } : null;
}

export function commandOf(event: InboundEvent): { name: Command; args: string } | null {
  const b = event.body;
  if (b.type === 'command') return fromSlash(b.command, b.args);
  if (b.type === 'action' && b.action.startsWith('cmd:')) return fromSlash(b.action.slice(4), '');
  if (b.type !== 'text' || b.text.length > 64) return null;
  const slash = /^\/([A-Za-z_]+)(?:@\w+)?(?:\s+([\s\S]*))?$/.exec(b.text.trim());
  if (slash) return fromSlash(slash[1]!, slash[2] ?? '');
  const c = words.get(normalize(b.text));
  return c ? { name: c, args: '' } : null;
}

export function menuItemOf(event: InboundEvent): MenuItem | null {
  const b = event.body;
  return b.type === 'text' && b.text.length <= 64 ? items.get(normalize(b.text)) ?? null : null;
}

export const isSkip = (text: string): boolean => synonyms('commands.skip').includes(normalize(text));
