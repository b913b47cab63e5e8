// The two vocabularies search understands: occupations (ISCO-08 unit groups, named in every locale) and places (the
// gazetteer). Both are fixed data read once (db/vocab/), so memory does not grow with the catalogue. A matcher finds
// their names in any text, in any of our languages, whatever language the user chose.
import { readdirSync, readFileSync } from 'node:fs';
import damerau from 'damerau-levenshtein';
import { z } from 'zod';
import { fold, unspaced } from './text.js';

const names = z.record(z.string(), z.array(z.string().min(1)).min(1));

const occupationSchema = z.object({
  id: z.string().regex(/^[a-z0-9-]+$/),
  isco: z.string().regex(/^\d{4}$/),
  isco_title: z.string(),
  names,
});
const placeSchema = z.object({
  id: z.string().regex(/^[a-z]{2}-[a-z0-9-]+$/),
  country: z.string().length(2),
  region: z.string().optional(),
  tz: z.string(),
  lat: z.number().min(-90).max(90),
  lon: z.number().min(-180).max(180),
  population: z.number().optional(),
  names,
});
export type Occupation = z.infer<typeof occupationSchema>;
export type Place = z.infer<typeof placeSchema>;

const VOCAB = new URL('../../db/vocab/', import.meta.url);
const readJson = (url: URL) => JSON.parse(readFileSync(url, 'utf8')) as unknown;

export const OCCUPATIONS: readonly Occupation[] = readdirSync(new URL('occupations/', VOCAB))
  .filter((f) => f.endsWith('.json'))
  .sort()
  .flatMap((f) => z.array(occupationSchema).parse(readJson(new URL(`occupations/${f}`, VOCAB))));
export const PLACES: readonly Place[] = z.array(placeSchema).parse(readJson(new URL('places.json', VOCAB)));

const occupationsById = new Map(OCCUPATIONS.map((o) => [o.id, o]));
const placesById = new Map(PLACES.map((p) => [p.id, p]));
export const occupation = (id: string | null | undefined) => (id ? occupationsById.get(id) : undefined);
export const place = (id: string | null | undefined) => (id ? placesById.get(id) : undefined);

/** The name to show in a locale: the locale's first, else English's. */
export const nameIn = (entry: { names: Record<string, string[]> }, locale: string): string =>
  (entry.names[locale] ??
    entry.names[locale.split('-')[0] ?? ''] ??
    entry.names.en ??
    Object.values(entry.names)[0])![0]!;

export interface Found {
  id: string;
  /** The vocabulary's name it was found by (folded): a typo is found by the name it meant. */
  name: string;
  /** Where in the folded text it was named. */
  start: number;
  end: number;
}

const WORD = /[\p{L}\p{N}]+/gu;
const words = (s: string) =>
  [...s.matchAll(WORD)].map((m) => ({ w: m[0], start: m.index, end: m.index + m[0].length }));

/**
 * Finds the names of a vocabulary in a text: the longest name wins where two overlap. Names in Chinese and Thai are
 * found as substrings (they are not spaced); others as whole words, and a long word one or two typing slips away from
 * a one-word name still counts ("drvier").
 */
export class Matcher {
  private readonly spaced = new Map<string, string>();
  private readonly solid = new Map<string, string>();
  /** Unspaced names by their first character, so that a text is scanned once rather than once per name. */
  private readonly byFirst = new Map<string, string[]>();
  private readonly single: { name: string; id: string }[] = [];
  private readonly longest: number;

  constructor(
    entries: readonly { id: string; names: Record<string, string[]> }[],
    keep: (raw: string) => boolean = (raw) => raw.length >= 2,
  ) {
    for (const e of entries)
      for (const list of Object.values(e.names))
        for (const raw of list) {
          const name = fold(raw).trim();
          if (!keep(raw)) continue;
          if (unspaced(name)) {
            if (!this.solid.has(name)) {
              this.solid.set(name, e.id);
              this.byFirst.set(name[0]!, [...(this.byFirst.get(name[0]!) ?? []), name]);
            }
            continue;
          }
          const key = words(name)
            .map((x) => x.w)
            .join(' ');
          if (this.spaced.has(key)) continue;
          this.spaced.set(key, e.id);
          if (!key.includes(' ') && key.length >= 5) this.single.push({ name: key, id: e.id });
        }
    this.longest = Math.max(1, ...[...this.spaced.keys()].map((k) => k.split(' ').length));
  }

  /** Names found in an already folded text, in order of appearance. */
  find(folded: string, fuzzy = true): Found[] {
    const found: Found[] = [];
    const taken = (s: number, e: number) => found.some((f) => s < f.end && f.start < e);
    const candidates: (Found & { length: number })[] = [];
    for (let at = 0; at < folded.length; at++)
      for (const name of this.byFirst.get(folded[at]!) ?? [])
        if (folded.startsWith(name, at))
          candidates.push({ id: this.solid.get(name)!, name, start: at, end: at + name.length, length: name.length });
    const ws = words(folded);
    for (let n = Math.min(this.longest, ws.length); n >= 1; n--)
      for (let i = 0; i + n <= ws.length; i++) {
        const key = ws
          .slice(i, i + n)
          .map((x) => x.w)
          .join(' ');
        const name = this.spaced.has(key) ? key : key.endsWith('s') ? key.slice(0, -1) : key;
        const id = this.spaced.get(name);
        if (id) candidates.push({ id, name, start: ws[i]!.start, end: ws[i + n - 1]!.end, length: key.length });
      }
    candidates.sort((a, b) => b.length - a.length || a.start - b.start);
    for (const c of candidates)
      if (!taken(c.start, c.end)) found.push({ id: c.id, name: c.name, start: c.start, end: c.end });
    if (fuzzy)
      for (const w of ws) {
        if (w.w.length < 5 || taken(w.start, w.end) || /\d/.test(w.w)) continue;
        const near = this.nearest(w.w);
        if (near) found.push({ ...near, start: w.start, end: w.end });
      }
    return found.sort((a, b) => a.start - b.start);
  }

  /** The one-word name a typed word most likely meant: one slip for short words, two from eight letters on. */
  private nearest(word: string): { id: string; name: string } | undefined {
    const allowed = word.length >= 8 ? 2 : 1;
    let best: { id: string; name: string; steps: number } | undefined;
    for (const { name, id } of this.single) {
      if (Math.abs(name.length - word.length) > allowed || name[0] !== word[0]) continue;
      const { steps } = damerau(word, name);
      if (steps <= allowed && (!best || steps < best.steps)) best = { id, name, steps };
    }
    return best && { id: best.id, name: best.name };
  }
}

export const occupationMatcher = new Matcher(OCCUPATIONS);
// A short Latin place name is too often a word or a person ("Ali"): under four letters only an abbreviation in
// capitals (KL, HK, BGC) or a name with its own letters (Huế) counts.
export const placeMatcher = new Matcher(
  PLACES,
  (raw) => raw.length >= 4 || /^[A-Z]+$/.test(raw) || /[^\x00-\x7f]/.test(raw),
);

// Where a general word covers narrower jobs filed apart: "driver" also finds truck drivers, "普工" assemblers.
const RELATED = z
  .record(z.string(), z.array(z.string()))
  .refine(
    (r) => Object.entries(r).every(([k, v]) => occupationsById.has(k) && v.every((x) => occupationsById.has(x))),
    {
      message: 'related-occupations.json names an occupation that does not exist',
    },
  )
  .parse(readJson(new URL('related-occupations.json', VOCAB)));

/** What a search for these occupations also finds: their ISCO-08 unit groups and the narrower jobs they cover. */
export function searchFamily(ids: readonly string[]): string[] {
  const codes = new Set(ids.flatMap((id) => occupation(id)?.isco ?? []));
  const related = new Set(ids.flatMap((id) => RELATED[id] ?? []));
  return OCCUPATIONS.filter((o) => codes.has(o.isco) || related.has(o.id)).map((o) => o.id);
}

/** A place and the places inside it: Chon Buri province takes in Si Racha, Penang state Butterworth. */
export function placeFamily(ids: readonly string[]): string[] {
  const out = new Set(ids);
  for (const id of ids) {
    const p = place(id);
    if (!p) continue;
    const names = new Set((p.names.en ?? []).map(fold));
    for (const q of PLACES) if (q.country === p.country && q.region && names.has(fold(q.region))) out.add(q.id);
  }
  return [...out];
}

/** The places within `km` of a point, nearest first. */
export function placesNear(lat: number, lon: number, km: number): { place: Place; km: number }[] {
  return PLACES.map((p) => ({ place: p, km: distanceKm(lat, lon, p.lat, p.lon) }))
    .filter((x) => x.km <= km)
    .sort((a, b) => a.km - b.km);
}

/** Great-circle distance (haversine), the same formula the search runs in SQL. */
export function distanceKm(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const rad = Math.PI / 180;
  const a =
    Math.sin(((lat2 - lat1) * rad) / 2) ** 2 +
    Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(((lon2 - lon1) * rad) / 2) ** 2;
  return 12_742 * Math.asin(Math.min(1, Math.sqrt(a)));
}

/**
 * Recognises one occupation or place in a record's text (an import's title or city cell, a profile answer): the
 * longest name found ("Hawker Centre Cleaner" is a cleaner), and never by a typo's likeness — that is for queries.
 */
export function recognise(matcher: Matcher, text: string | null | undefined): string | null {
  if (!text) return null;
  const found = matcher.find(fold(text), false);
  return found.sort((a, b) => b.end - b.start - (a.end - a.start) || a.start - b.start)[0]?.id ?? null;
}
