// Amounts, times and zones as a person in our regions reads them.
import { describe, expect, it } from 'vitest';
import { money, span, zoneName } from '../../bot/format.js';

describe('format', () => {
  it.each([
    ['zh-TW', 'TWD', 'NT$7,000'],
    ['en', 'TWD', 'NT$7,000'],
    ['ms', 'MYR', 'RM 7,000'],
    ['en', 'MYR', 'RM 7,000'],
    ['tl', 'PHP', '₱7,000'],
    ['vi', 'VND', '7.000 ₫'],
    ['th', 'THB', '฿7,000'],
    ['en', 'THB', '฿ 7,000'],
    ['id', 'IDR', 'Rp 7.000'],
    ['en', 'IDR', 'Rp 7,000'],
    ['zh-CN', 'CNY', '¥7,000'],
    ['en', 'USD', '$7,000'],
  ])('%s %s: a sign no one mistakes (%s)', (locale, currency, shown) => {
    expect(money(locale, currency, 7000).replace(/\u00a0/g, ' ')).toBe(shown);
  });

  it('names zones as people do, never "Asia/Shanghai"', () => {
    const at = new Date('2026-12-05T01:00:00Z');
    expect(zoneName('zh-CN', 'Asia/Shanghai', at)).toBe('北京时间');
    expect(zoneName('id', 'Asia/Jakarta', at)).toBe('WIB');
    expect(zoneName('zh-TW', 'Asia/Taipei', at)).toBe('台灣時間');
    expect(span('en', 'Asia/Taipei', at, new Date(at.getTime() + 3_600_000))).toMatch(
      /^Sat, Dec 5, 2026, 9:00\s?–\s?10:00\sAM \(Taiwan Time\)$/,
    );
  });
});
