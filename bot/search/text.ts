// Text → search terms, the same for a job when it is stored and for a query when it is asked, so that the database
// compares like with like in every script: Chinese folded to simplified (OpenCC) and indexed as ICU words plus
// character bigrams, Thai cut into words by ICU (no spaces to split on), Latin scripts lowercased with their
// diacritics dropped ("tài xế" = "tai xe") and English plurals trimmed.
import * as OpenCC from 'opencc-js/t2cn';

const toSimplified = OpenCC.Converter({ from: 'tw', to: 'cn' });
const SEGMENTER = new Intl.Segmenter('zh', { granularity: 'word' });
const THAI_SEGMENTER = new Intl.Segmenter('th', { granularity: 'word' });

const HAN = /\p{Script=Han}/u;
const THAI = /\p{Script=Thai}/u;
const LATIN_MARKS = /(\p{Script=Latin})\p{M}+/gu;

/** Lowercase, simplified Chinese, Latin letters without accents; Thai keeps its marks, which carry its vowels. */
export function fold(text: string): string {
  return toSimplified(text.normalize('NFKC'))
    .toLowerCase()
    .normalize('NFD')
    .replace(LATIN_MARKS, '$1')
    .replace(/đ/g, 'd')
    .normalize('NFC');
}

/** A light English/Filipino-loanword stem: plurals only, so "drivers" meets "driver" and "sales" stays apart. */
function stem(word: string): string {
  if (word.length > 4 && word.endsWith('ies')) return `${word.slice(0, -3)}y`;
  if (word.length > 4 && word.endsWith('s') && !word.endsWith('ss') && !word.endsWith('us')) return word.slice(0, -1);
  return word;
}

function bigrams(run: string): string[] {
  const chars = [...run];
  if (chars.length < 2) return [];
  return chars.slice(1).map((c, i) => chars[i] + c);
}

export interface Terms {
  /** Whole words (Latin, Thai, ICU-segmented Chinese). */
  words: string[];
  /** Chinese character bigrams, so a word cut differently still meets. */
  grams: string[];
}

/** The terms of a folded text. */
export function terms(text: string): Terms {
  const folded = fold(text);
  const words: string[] = [];
  const grams: string[] = [];
  for (const s of SEGMENTER.segment(folded)) {
    if (!s.isWordLike) continue;
    const w = s.segment;
    if (HAN.test(w)) {
      words.push(w);
      grams.push(...bigrams(w));
    } else if (THAI.test(w)) {
      for (const t of THAI_SEGMENTER.segment(w)) if (t.isWordLike) words.push(t.segment);
    } else {
      words.push(stem(w));
    }
  }
  // Han runs across ICU's word boundaries give the bigrams that span two words.
  for (const run of folded.match(/\p{Script=Han}{2,}/gu) ?? []) grams.push(...bigrams(run));
  return { words: unique(words), grams: unique(grams) };
}

export const unique = <T>(xs: T[]): T[] => [...new Set(xs)];

/** Whether a folded text is written without spaces between words (Chinese, Thai): matched as substrings. */
export const unspaced = (s: string): boolean => HAN.test(s) || THAI.test(s);
