import { describe, expect, it } from 'vitest';
import { LOCALES, resources, synonyms } from '../bot/i18n.js';

const flat = (o: unknown, pre = ''): [string, string][] =>
  Object.entries(o as Record<string, unknown>).flatMap(([k, v]) =>
    v && typeof v === 'object' ? flat(v, `${pre}${k}.`) : [[`${pre}${k}`, String(v)] as [string, string]],
  );
const placeholders = (s: string) => [...s.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]).sort();
// Plural forms differ by language (English has _one and _other, Chinese only _other): compare the base key.
const PLURAL = /_(zero|one|two|few|many|other)$/;
const base = (k: string) => k.replace(PLURAL, '');

describe('locales', () => {
  const keys = Object.fromEntries(LOCALES.map((l) => [l, new Map(flat(resources[l]).map(([k, v]) => [base(k), v]))]));
  const all = new Set(LOCALES.flatMap((l) => [...keys[l]!.keys()]));

  it('has the eight languages, English first', () => {
    expect(LOCALES).toEqual(['en', 'id', 'ms', 'th', 'tl', 'vi', 'zh-CN', 'zh-TW']);
  });

  // i18next picks "_one", "_other", … by Intl.PluralRules: each locale needs every form its language has.
  it.each(LOCALES)('%s has every plural form its language needs', (l) => {
    const forms = new Intl.PluralRules(l).resolvedOptions().pluralCategories;
    const plural = flat(resources[l])
      .map(([k]) => k)
      .filter((k) => PLURAL.test(k));
    for (const b of new Set(plural.map(base)))
      for (const f of forms) expect(plural, `${l}:${b}_${f}`).toContain(`${b}_${f}`);
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

  it('no word means two different commands or menu items', () => {
    const owner = new Map<string, string>();
    for (const c of Object.keys(resources.en!.commands as object)) {
      for (const w of synonyms(`commands.${c}`)) {
        expect(owner.get(w) ?? c, `"${w}"`).toBe(c);
        owner.set(w, c);
      }
    }
  });

  it.each(LOCALES)(
    '%s: the main-menu buttons start with different words (help is not "Bantuan" beside "Bantuan hukum")',
    (l) => {
      const first = ['jobs', 'fairs', 'legal', 'profile', 'language', 'help'].map((k) =>
        keys[l]!.get(`menu.${k}`)!
          .replace(/^[^\p{L}]+/u, '')
          .split(/\s/)[0]!
          .toLowerCase(),
      );
      expect(new Set(first).size, first.join(' | ')).toBe(first.length);
    },
  );

  it.each(['zh-CN', 'zh-TW'])('%s addresses the user as 您, never 你 (typed greetings aside)', (l) => {
    const informal = [...keys[l]!].filter(([k, v]) => k !== 'commands.start' && v.includes('你'));
    expect(informal).toEqual([]);
  });

  it.each([
    ['zh-CN', '月薪'],
    ['zh-TW', '月薪'],
  ])('%s reads salaries as job ads do (%s)', (l, word) => {
    expect(keys[l]!.get('jobs.per.month')).toContain(word);
    expect(keys[l]!.get('jobs.per.hour')).toMatch(/^[时時]薪/);
  });

  it('zh-TW uses Taiwanese words and names the 1955 foreign-worker hotline', () => {
    const mainland = ['保存', '城市', '現場', '信息', '視頻', '默認', '網絡', '軟件', '文件夾', '用戶', '短信', '質量'];
    for (const [k, v] of keys['zh-TW']!) for (const w of mainland) expect(v, `zh-TW:${k}`).not.toContain(w);
    expect(keys['zh-TW']!.get('legal.whereToTurn')).toContain('1955');
  });

  // Indonesian ends a clause with a full stop: no semicolons, and colons only where a label, a list or an example
  // follows (these keys), never joining two clauses ("Sebelum mulai: saya menyimpan…").
  it('id has no semicolons and no colons in running text', () => {
    const lists = /^(language\.choose|help\.text|profile\.(askJob|summary)|console\.\w+|jobs\.latest|fairs\.upcoming)$/;
    for (const [k, v] of keys.id!) {
      expect(v, `id:${k}`).not.toContain(';');
      if (!lists.test(k)) expect(v, `id:${k}`).not.toContain(':');
    }
  });

  it('en says "Upcoming job fairs"', () => expect(keys.en!.get('fairs.upcoming')).toBe('Upcoming job fairs:'));
});
