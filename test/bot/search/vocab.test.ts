// The vocabularies search stands on: occupations named in every locale, the places we serve with zone and position.
import { describe, expect, it } from 'vitest';
import { LOCALES } from '../../../bot/i18n.js';
import { fold } from '../../../bot/search/text.js';
import { nameIn, OCCUPATIONS, PLACES, placeFamily, placesNear, searchFamily } from '../../../bot/search/vocab.js';

describe('occupations', () => {
  it('has at least 150 ISCO-08 occupations, each named in every locale', () => {
    expect(OCCUPATIONS.length).toBeGreaterThanOrEqual(150);
    expect(new Set(OCCUPATIONS.map((o) => o.id)).size).toBe(OCCUPATIONS.length);
    for (const o of OCCUPATIONS) {
      expect(o.isco, o.id).toMatch(/^[1-9]\d{3}$/);
      for (const l of LOCALES) expect(o.names[l]?.length, `${o.id} in ${l}`).toBeGreaterThan(0);
    }
  });

  it('never gives one name in one locale to two occupations', () => {
    for (const l of LOCALES) {
      const seen = new Map<string, string>();
      for (const o of OCCUPATIONS)
        for (const n of o.names[l]!) {
          const key = fold(n);
          expect(seen.get(key) ?? o.id, `${l} "${n}"`).toBe(o.id);
          seen.set(key, o.id);
        }
    }
  });

  it("shows each occupation in the reader's language", () => {
    const driver = OCCUPATIONS.find((o) => o.id === 'car-driver')!;
    expect(nameIn(driver, 'zh-TW')).toBe('司機');
    expect(nameIn(driver, 'id')).toBe('sopir');
  });

  it('finds the narrower jobs a general word covers, not the other way round', () => {
    expect(searchFamily(['car-driver'])).toEqual(expect.arrayContaining(['truck-driver', 'taxi-driver']));
    expect(searchFamily(['truck-driver'])).not.toContain('car-driver');
    expect(searchFamily(['car-driver'])).not.toContain('forklift-operator');
  });
});

describe('places', () => {
  const count = (country: string) => PLACES.filter((p) => p.country === country).length;

  it("covers mainland China's prefecture-level cities, Taiwan's 22 counties and cities, HK, Macau and the main cities of our other countries", () => {
    expect(count('CN')).toBeGreaterThanOrEqual(333);
    expect(count('TW')).toBe(22);
    for (const c of ['HK', 'MO', 'SG']) expect(count(c), c).toBe(1);
    for (const c of ['ID', 'MY', 'PH', 'VN', 'TH']) expect(count(c), c).toBeGreaterThanOrEqual(20);
    expect(new Set(PLACES.map((p) => p.id)).size).toBe(PLACES.length);
  });

  it('gives every place a real time zone and a position', () => {
    for (const p of PLACES) {
      expect(() => new Intl.DateTimeFormat('en', { timeZone: p.tz }), p.id).not.toThrow();
      expect(Math.abs(p.lat) <= 90 && Math.abs(p.lon) <= 180, p.id).toBe(true);
    }
    expect(PLACES.find((p) => p.id === 'id-jayapura')?.tz).toBe('Asia/Jayapura');
  });

  it('names places in our languages', () => {
    const taichung = PLACES.find((p) => p.id === 'tw-taichung')!;
    expect(nameIn(taichung, 'vi')).toBe('Đài Trung');
    expect(nameIn(taichung, 'en')).toBe('Taichung');
    expect(nameIn(PLACES.find((p) => p.id === 'cn-500000')!, 'zh-TW')).toBe('重慶');
  });

  it('finds the places near a point, nearest first, and the towns inside a province', () => {
    const near = placesNear(25.03, 121.56, 60).map((x) => x.place.id);
    expect(near[0]).toBe('tw-taipei');
    expect(near).toContain('tw-new-taipei');
    expect(near).not.toContain('tw-kaohsiung');
    expect(placeFamily(['th-chon-buri'])).toContain('th-si-racha');
  });
});
