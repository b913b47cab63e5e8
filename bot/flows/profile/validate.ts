// What a city, a job title and a phone number may look like. Phone numbers are parsed by libphonenumber-js and kept
// in E.164; a local number is read in the user's country.
import { getExampleNumber, parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';
import examples from 'libphonenumber-js/mobile/examples';

// Characters and shapes that belong to code, markup or links, never to a city or a job title.
const MARKUP = /[<>{}[\]\\=`|^~#$%*@;]|--|https?:|www\./i;
const LETTER = /\p{L}/u;

const clean = (s: string) => s.normalize('NFKC').replace(/\s+/g, ' ').trim();

export function validCity(input: string): string | null {
  const s = clean(input);
  return s.length >= 1 && s.length <= 60 && LETTER.test(s) && !MARKUP.test(s) && !/\d{3,}/.test(s) ? s : null;
}

export function validJob(input: string): string | null {
  const s = clean(input);
  return s.length >= 1 && s.length <= 80 && LETTER.test(s) && !MARKUP.test(s) ? s : null;
}

/** The country a locale's local phone numbers belong to; English says nothing (a country code is asked for). */
const LOCALE_COUNTRY: Record<string, CountryCode> = {
  id: 'ID',
  ms: 'MY',
  tl: 'PH',
  vi: 'VN',
  th: 'TH',
  'zh-CN': 'CN',
  'zh-TW': 'TW',
};
export const countryOf = (locale: string): CountryCode | undefined => LOCALE_COUNTRY[locale];

/**
 * A phone number in E.164, or null. Local numbers are read in `country`; a shared contact's bare international
 * digits ("886912345678", as Telegram sends them) are read as international.
 */
export function validPhone(input: string, country?: CountryCode): string | null {
  const s = clean(input);
  if (s.length > 40 || /\p{L}/u.test(s)) return null;
  const parsed = parsePhoneNumberFromString(s, country) ?? parsePhoneNumberFromString(`+${s.replace(/^\+/, '')}`);
  return parsed?.isValid() ? parsed.number : null;
}

/** A stored number as people read it: "+62 812 3456 7890". */
export const groupedPhone = (e164: string): string => parsePhoneNumberFromString(e164)?.formatInternational() ?? e164;

/** A number people in this locale would type, for the prompt. */
export const examplePhone = (locale: string): string => {
  const country = countryOf(locale);
  return country ? getExampleNumber(country, examples)!.formatNational() : '+62 812 3456 7890';
};
