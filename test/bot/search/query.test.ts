// A seeker's sentence, in any of our languages, read into occupation, place, pay floor, type and groups.
import { describe, expect, it } from 'vitest';
import { parseQuery } from '../../../bot/search/query.js';
import { fold, terms } from '../../../bot/search/text.js';

const q = (text: string) => parseQuery(text).query;

describe('reading a search sentence', () => {
  it.each([
    ['找重庆的司机工作 月薪6000以上', 'car-driver', 'cn-500000'],
    ['cari kerja sopir di Jakarta', 'car-driver', 'id-jakarta'],
    ['part-time cook Taipei', 'cook', 'tw-taipei'],
    ['tìm việc phụ bếp ở Đài Trung', 'kitchen-helper', 'tw-taichung'],
    ['drayber sa Maynila', 'car-driver', 'ph-manila'],
    ['หางานคนขับรถกรุงเทพ', 'car-driver', 'th-bangkok'],
    ['pemandu di Kuala Lumpur', 'car-driver', 'my-kuala-lumpur'],
    ['tai xe ha noi', 'car-driver', 'vn-hanoi'],
  ])('"%s" names %s in %s', (text, occupation, place) => {
    const found = q(text);
    expect(found.occupations).toContain(occupation);
    expect(found.places).toEqual([place]);
    expect(found.keywords).toEqual([]); // nothing left over: "find", "job", "in" narrow nothing
  });

  it('meets the same occupation in every language: driver, 司机, 司機, sopir, tài xế, คนขับรถ, drayber', () => {
    for (const word of ['driver', '司机', '司機', 'sopir', 'tài xế', 'คนขับรถ', 'drayber'])
      expect(q(word).occupations, word).toEqual(['car-driver']);
  });

  it('forgives a slip of the keyboard in a longer word, never in a short one', () => {
    expect(q('drvier jobs in Shenzhen').occupations).toEqual(['car-driver']);
    expect(q('sopirr surabaya').occupations).toEqual(['car-driver']);
    expect(q('electrican Jakarta').occupations).toEqual(['building-electrician']);
    expect(q('cok').occupations).toEqual([]);
  });

  it('folds traditional and simplified Chinese together', () => {
    expect(q('司機 重慶')).toEqual(q('司机 重庆'));
    expect(fold('臺中市 倉儲理貨員')).toBe('台中市 仓储理货员');
  });

  it('reads a pay floor with its unit, period and currency', () => {
    expect(q('找重庆的司机工作 月薪6000以上').salary).toEqual({ amount: 6000, period: 'month', currency: 'CNY' });
    expect(q('sopir Jakarta gaji minimal 5 juta').salary).toEqual({
      amount: 5_000_000,
      period: 'month',
      currency: 'IDR',
    });
    expect(q('台中 收銀員 時薪200').salary).toEqual({ amount: 200, period: 'hour', currency: 'TWD' });
    expect(q('cook Taipei 3萬').salary?.amount).toBe(30_000);
    expect(q('operator pengeluaran Johor Bahru gaji RM2000 ke atas').salary).toEqual({
      amount: 2000,
      period: 'month',
      currency: 'MYR',
    });
    // "k" starts "kada" here; it is not "thousand".
    expect(q('drayber Manila 15000 kada buwan').salary?.amount).toBe(15_000);
    expect(q('waiter 15k HKD').salary).toEqual({ amount: 15_000, period: 'month', currency: 'HKD' });
  });

  it('reads the employment type and the groups a job suits', () => {
    expect(q('part-time cook Taipei').type).toBe('part_time');
    expect(q('兼职 服务员 广州').type).toBe('part_time');
    expect(q('cleaner sambilan KL')).toMatchObject({ type: 'part_time', places: ['my-kuala-lumpur'] });
    expect(q('việc làm bán thời gian Hà Nội').type).toBe('part_time');
    expect(q('fresh graduate jobs Jakarta').groups).toEqual(['graduates']);
    expect(q('残疾人 岗位 成都').groups).toEqual(['disability']);
    // Care for the elderly is an occupation, not a job for older workers.
    expect(q('perawat lansia di Kaohsiung')).toMatchObject({ groups: [], occupations: ['care-worker'] });
  });

  it('keeps what it did not understand as keywords, without filler words', () => {
    expect(q('halal restaurant Jakarta').keywords).toEqual(['halal', 'restaurant']);
    expect(q('cari kerja di Bandung')).toMatchObject({ places: ['id-bandung'], keywords: [], occupations: [] });
  });

  it('does not read a person or a short word as a place', () => {
    expect(q('Ali driver').places).toEqual([]);
    expect(q('KL driver').places).toEqual(['my-kuala-lumpur']);
  });
});

describe('search terms', () => {
  it('cuts Chinese into words and bigrams, Thai into words, and drops Latin accents', () => {
    expect(terms('电子厂普工').grams).toEqual(['电子', '子厂', '厂普', '普工']);
    expect(terms('พนักงานขับรถ').words).toEqual(expect.arrayContaining(['ขับ', 'รถ']));
    expect(terms('Tài xế xe tải').words).toEqual(['tai', 'xe', 'tai'].filter((w, i, a) => a.indexOf(w) === i));
    expect(terms('Drivers wanted').words).toEqual(['driver', 'wanted']);
  });
});
