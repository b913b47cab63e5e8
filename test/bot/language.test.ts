// Language detection of short chat messages: the floors on the labelled set, and the script rules.
import { beforeAll, describe, expect, it } from 'vitest';
import { labelled, score } from '../../bench/language.js';
import { byScript, detectLanguage, detectWith, loadLibrary, sameFamily, type Library } from '../../bot/language.js';

describe('detectLanguage on the labelled chat messages', () => {
  let lib: Library;
  beforeAll(async () => {
    lib = await loadLibrary();
  });

  it('has at least 300 messages of 3–40 characters in all eight languages', () => {
    const items = labelled();
    expect(items.length).toBeGreaterThanOrEqual(300);
    expect(new Set(items.map((i) => i.lang))).toEqual(new Set(['en', 'tl', 'id', 'ms', 'vi', 'th', 'zh-CN', 'zh-TW']));
    for (const { text } of items) expect([...text].length, text).toBeGreaterThanOrEqual(3);
    for (const { text } of items) expect([...text].length, text).toBeLessThanOrEqual(40);
  });

  it('is right on ≥ 95% overall, ≥ 90% of id vs ms, ≥ 95% of zh-CN vs zh-TW and of tl vs en', () => {
    const s = score(labelled(), (t) => detectWith(t, lib));
    expect(s.overall).toBeGreaterThanOrEqual(0.95);
    expect(s.pair('id', 'ms')).toBeGreaterThanOrEqual(0.9);
    expect(s.pair('zh-CN', 'zh-TW')).toBeGreaterThanOrEqual(0.95);
    expect(s.pair('tl', 'en')).toBeGreaterThanOrEqual(0.95);
    for (const [lang, acc] of Object.entries(s.perLang)) expect(acc, lang).toBeGreaterThanOrEqual(0.8);
  });

  it('holds on the messages written after tuning', () => {
    expect(score(labelled('holdout'), (t) => detectWith(t, lib)).overall).toBeGreaterThanOrEqual(0.9);
  });

  it('gives the same answer through the async entry point', async () => {
    for (const { text } of labelled().slice(0, 60)) {
      const d = detectWith(text, lib);
      expect(await detectLanguage(text)).toEqual(d && d.confidence >= 0.5 ? d : null);
    }
  });
});

describe('script rules', () => {
  it.each([
    ['หางานครับ', 'th'],
    ['job fair วันไหนครับ', 'th'],
    ['工资拖欠三个月了', 'zh-CN'],
    ['薪水什麼時候發', 'zh-TW'],
    ['job fair 在哪里', 'zh-CN'],
    ['em muốn đổi chủ', 'vi'],
    ['Đài Bắc', 'vi'],
  ])('%j → %s without the library', (text, locale) => expect(byScript(text)).toMatchObject({ locale }));

  it('is unsure between zh-CN and zh-TW when no character differs', () => {
    expect(byScript('我想找工作')).toEqual({ locale: 'zh-CN', confidence: 0.6 });
  });

  it.each([['ok'], ['👍👍👍'], ['12345'], ['https://example.org/x'], ['こんにちは'], ['안녕하세요'], ['?!'], ['']])(
    '%j → null (too short, or not a language we answer in)',
    async (text) => {
      expect(byScript(text)).toBeNull();
      expect(await detectLanguage(text)).toBeNull();
    },
  );

  it('leaves plain Latin text to the library', () => expect(byScript('where is the job fair')).toBeUndefined());

  it('knows which languages are close relatives', () => {
    expect(sameFamily('id', 'ms')).toBe(true);
    expect(sameFamily('zh-TW', 'zh-CN')).toBe(true);
    expect(sameFamily('tl', 'en')).toBe(false);
  });
});
