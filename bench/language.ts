// `npm run bench:language`: how well bot/language.ts tells our eight languages apart in short chat messages
// (test/fixtures/language/messages.json), beside the raw eld library without our rules, for each eld size.
// An undecided answer (null) counts as wrong. Output: accuracy per language, and confusion for the close pairs.
//
// Libraries compared on this set before choosing (each restricted to our languages where it allows; raw / with our
// rules): franc, franc-min, franc-all 0.786 / 0.936 (franc-min, 150 kB); cld3-asm 0.693 raw (6.6 MB, wasm); lande
// 0.710 raw; tinyld 0.849 / 0.971 (no Malay; 12 MB installed, 25 MB heap); eld 0.82–0.86 / 0.971–0.974 by size (no
// Indonesian; 8.8 MB installed with all sizes). eld "small" is kept: the best with our rules, and the same as
// "large" at a third of the memory (about 48 MB heap, 1–2 s to load, so it loads on the first Latin-script text).
import { readFileSync } from 'node:fs';
import { detectWith, ELD_SIZE, loadLibrary, type Detected, type EldSize, type Library } from '../bot/language.js';

const LANGS = ['en', 'tl', 'id', 'ms', 'vi', 'th', 'zh-CN', 'zh-TW'] as const;
const PAIRS = [
  ['id', 'ms'],
  ['zh-CN', 'zh-TW'],
  ['tl', 'en'],
] as const;

export interface Labelled {
  text: string;
  lang: string;
}
export function labelled(set: 'messages' | 'holdout' = 'messages'): Labelled[] {
  const file = new URL(`../test/fixtures/language/${set}.json`, import.meta.url);
  const { messages } = JSON.parse(readFileSync(file, 'utf8')) as { messages: Record<string, string[]> };
  return Object.entries(messages).flatMap(([lang, texts]) => texts.map((text) => ({ text, lang })));
}

export interface Score {
  overall: number;
  perLang: Record<string, number>;
  /** Accuracy over the messages of both languages of a pair. */
  pair: (a: string, b: string) => number;
  predictions: { text: string; lang: string; got: string }[];
}

export function score(items: Labelled[], detect: (text: string) => Detected | null): Score {
  const predictions = items.map(({ text, lang }) => ({ text, lang, got: detect(text)?.locale ?? '—' }));
  const acc = (rows: typeof predictions) => rows.filter((p) => p.got === p.lang).length / Math.max(rows.length, 1);
  return {
    overall: acc(predictions),
    perLang: Object.fromEntries(LANGS.map((l) => [l, acc(predictions.filter((p) => p.lang === l))])),
    pair: (a, b) => acc(predictions.filter((p) => p.lang === a || p.lang === b)),
    predictions,
  };
}

// eld alone: its own answer, "zh" read as simplified (it cannot tell), "ms" as Malay (it has no Indonesian).
const raw =
  (lib: Library) =>
  (text: string): Detected | null => {
    const g = lib(text);
    const locale = g.language === 'zh' ? 'zh-CN' : g.language;
    return locale ? { locale, confidence: g.reliable ? 0.9 : 0.5 } : null;
  };

function confusion(s: Score, pair: readonly string[]): string {
  const cols = [...pair, 'other', '—'];
  const lines = [`  ${'gold \\ got'.padEnd(10)} ${cols.map((c) => c.padStart(6)).join(' ')}`];
  for (const gold of pair) {
    const rows = s.predictions.filter((p) => p.lang === gold);
    const other = (got: string) => !pair.includes(got) && got !== '—';
    const n = (c: string) => rows.filter((p) => (c === 'other' ? other(p.got) : p.got === c)).length;
    lines.push(`  ${gold.padEnd(10)} ${cols.map((c) => String(n(c)).padStart(6)).join(' ')}`);
  }
  return lines.join('\n');
}

function report(name: string, s: Score, extra = ''): void {
  console.log(`\n${name}${extra}`);
  console.log(`  overall ${s.overall.toFixed(3)}   ` + LANGS.map((l) => `${l} ${s.perLang[l]!.toFixed(2)}`).join('  '));
  console.log(`  pairs: ` + PAIRS.map(([a, b]) => `${a}/${b} ${s.pair(a, b).toFixed(3)}`).join('  '));
  for (const pair of PAIRS) console.log(confusion(s, pair));
}

async function main(): Promise<void> {
  const items = labelled();
  const per = LANGS.map((l) => `${l} ${items.filter((i) => i.lang === l).length}`);
  console.log(`${items.length} messages: ${per.join(', ')}`);
  const all: EldSize[] = ['extrasmall', 'small', 'medium', 'large'];
  const sizes = process.argv.includes('--all-sizes') ? all : [ELD_SIZE];
  for (const size of sizes) {
    const heap = process.memoryUsage().heapUsed;
    const t0 = performance.now();
    const lib = await loadLibrary(size);
    lib('warm up');
    const mb = (process.memoryUsage().heapUsed - heap) / 1e6;
    const load = `load ${(performance.now() - t0).toFixed(0)} ms, heap +${mb.toFixed(0)} MB`;
    const t1 = performance.now();
    const ours = score(items, (t) => detectWith(t, lib));
    const each = ((performance.now() - t1) / items.length).toFixed(3);
    report(`bot/language.ts (rules + eld ${size})`, ours, `: ${load}, ${each} ms/message`);
    report(`eld ${size} alone (baseline, no rules)`, score(items, raw(lib)));
    const held = labelled('holdout');
    const h = score(held, (t) => detectWith(t, lib));
    report(`held out (${held.length} messages written after tuning, never tuned on)`, h);
    if (process.argv.includes('--errors')) {
      for (const p of [...ours.predictions, ...h.predictions].filter((x) => x.got !== x.lang)) {
        console.log(`  ✗ ${p.lang} → ${p.got}  ${p.text}`);
      }
    }
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
