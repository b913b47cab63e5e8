import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../bot/commands.js';
import { LOCALES, resources, synonyms } from '../bot/i18n.js';

const flat = (o: unknown, pre = ''): [string, string][] =>
  Object.entries(o as Record<string, unknown>).flatMap(([k, v]) =>
    v && typeof v === 'object' ? flat(v, `${pre}${k}.`) : [[`${pre}${k}`, String(v)] as [string, string]]);
const placeholders = (s: string) => [...s.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]).sort();
// Plural forms differ by language (English has _one and _other, Chinese only _other): compare the base key.
const PLURAL = /_(zero|one|two|few|many|other)$/;
const base = (k: string) => k.replace(PLURAL, '');

describe('locales', () => {
  const keys = Object.fromEntries(LOCALES.map((l) => [l, new Map(flat(resources[l]).map(([k, v]) => [base(k), v]))]));
  const all = new Set(LOCALES.flatMap((l) => [...keys[l]!.keys()]));

  it('has the four launch languages', () => {
    expect(LOCALES).toEqual(expect.arrayContaining(['en', 'zh-CN', 'zh-TW', 'id']));
  });

  it.each(LOCALES)('%s has every key, none empty, with the same placeholders as English', (l) => {
    const missing = [...all].filter((k) => !keys[l]!.has(k));
    expect(missing).toEqual([]);
    for (const [k, v] of keys[l]!) {
      expect(v.trim(), `${l}:${k}`).not.toBe('');
      expect(placeholders(v), `${l}:${k}`).toEqual(placeholders(keys.en!.get(k) ?? ''));
    }
  });

  it.each(LOCALES.filter((l) => l !== 'en'))('%s is translated, not a copy of English', (l) => {
    const same = [...keys[l]!].filter(([k, v]) => !k.startsWith('commands.') && v === keys.en!.get(k) && v.length > 12);
    expect(same).toEqual([]);
  });

  it('no word means two different commands', () => {
    const owner = new Map<string, string>();
    for (const c of COMMANDS) {
      for (const w of synonyms(`commands.${c}`)) {
        expect(owner.get(w) ?? c, `"${w}"`).toBe(c);
        owner.set(w, c);
      }
    }
  });
});
