// i18next over the JSON files in locales/; every user-visible string goes through here.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import i18next, { type TFunction } from 'i18next';

const dir = fileURLToPath(new URL('../locales/', import.meta.url));

export const LOCALES = readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .map((f) => f.slice(0, -'.json'.length))
  .sort((a, b) => (a === 'en' ? -1 : b === 'en' ? 1 : a.localeCompare(b)));
export const DEFAULT_LOCALE = 'en';

export const resources: Record<string, Record<string, unknown>> = Object.fromEntries(
  LOCALES.map((l) => [l, JSON.parse(readFileSync(`${dir}${l}.json`, 'utf8')) as Record<string, unknown>]),
);

const i18n = i18next.createInstance();
void i18n.init({
  initAsync: false,
  resources: Object.fromEntries(LOCALES.map((l) => [l, { translation: resources[l]! }])),
  lng: DEFAULT_LOCALE,
  fallbackLng: DEFAULT_LOCALE,
  supportedLngs: LOCALES,
  interpolation: { escapeValue: false },
  returnNull: false,
});

export type T = TFunction;
export const tFor = (locale: string): T => i18n.getFixedT(locale);

// Platform hints come as "zh-hans", "zh_TW", "in", "id-ID", "en-US", "fil-PH", or a POSIX "zh_TW.UTF-8": map them
// onto the locales we have. Chinese goes by script (Hans/Hant) first, then by region (TW, HK, MO read traditional).
const ALIASES: Record<string, string> = { in: 'id', fil: 'tl', tgl: 'tl', zsm: 'ms', msa: 'ms', yue: 'zh-TW' };
const TRADITIONAL_REGIONS = ['tw', 'hk', 'mo'];

export function matchLocale(hint: string | undefined | null): string {
  if (!hint) return DEFAULT_LOCALE;
  const h = hint
    .trim()
    .replace(/[.@].*$/, '')
    .replace(/_/g, '-')
    .toLowerCase();
  const exact = LOCALES.find((l) => l.toLowerCase() === h);
  if (exact) return exact;
  const [lang = '', ...rest] = h.split('-');
  if (lang === 'zh') {
    if (rest.includes('hans')) return 'zh-CN';
    return rest.includes('hant') || rest.some((p) => TRADITIONAL_REGIONS.includes(p)) ? 'zh-TW' : 'zh-CN';
  }
  const alias = ALIASES[lang];
  if (alias) return LOCALES.includes(alias) ? alias : DEFAULT_LOCALE;
  return LOCALES.find((l) => l.split('-')[0]!.toLowerCase() === lang) ?? DEFAULT_LOCALE;
}

/** Every locale's word list for a key ("menu|main menu"), so a command typed in any language is understood. */
export function synonyms(key: string): string[] {
  return LOCALES.flatMap((l) => tFor(l)(key).split('|'))
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);
}
