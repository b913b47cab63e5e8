// A seeker's free sentence → what to search for: occupation, place, pay floor, employment type, groups the job suits,
// and the words left over. "找重庆的司机工作 月薪6000以上", "cari kerja sopir di Jakarta", "part-time cook Taipei".
import { z } from 'zod';
import { EMPLOYMENT_TYPES, SALARY_PERIODS, SUITABLE_FOR } from '../../db/schema.js';
import { fold, terms } from './text.js';
import { type Found, occupationMatcher, place, placeMatcher } from './vocab.js';

export type EmploymentType = (typeof EMPLOYMENT_TYPES)[number];
export type SuitableFor = (typeof SUITABLE_FOR)[number];
export type SalaryPeriod = (typeof SALARY_PERIODS)[number];

/** A search, as kept in a conversation or a saved search: plain JSON. */
export const jobQuerySchema = z.object({
  occupations: z.array(z.string()).default([]),
  /** The words the occupation was named by: a job whose title says them matches even when filed otherwise. */
  named: z.array(z.string()).default([]),
  places: z.array(z.string()).default([]),
  near: z.object({ lat: z.number(), lon: z.number() }).optional(),
  /** Orders by distance from here without limiting to it (nothing where asked: the nearest elsewhere). */
  around: z.object({ lat: z.number(), lon: z.number() }).optional(),
  /** Pay floor per month, in the currency named or the place's. */
  salary: z
    .object({ amount: z.number().positive(), period: z.enum(SALARY_PERIODS), currency: z.string().nullable() })
    .optional(),
  type: z.enum(EMPLOYMENT_TYPES).optional(),
  groups: z.array(z.enum(SUITABLE_FOR)).default([]),
  keywords: z.array(z.string()).default([]),
  fair: z.string().optional(),
  since: z.string().optional(),
});
export type JobQuery = z.infer<typeof jobQuerySchema>;

/** Per-month factor of a pay period: a month is 22 working days of 8 hours. */
export const MONTHLY: Record<SalaryPeriod, number> = { hour: 176, day: 22, month: 1, year: 1 / 12 };
export const perMonth = (amount: number, period: SalaryPeriod) => amount * MONTHLY[period];

// Words that only say "I am looking for a job", in each of our languages; they narrow nothing.
const FILLER = new Set(
  (
    'find search look looking for job jobs work want need a an the in at near me i my any please vacancy vacancies hiring ' +
    'cari mencari kerja pekerjaan lowongan loker di dekat saya ingin mau butuh yang untuk ada kerjaan gaji sebulan ke atas ' +
    'carian jawatan kosong mahu nak sejam sehari ' +
    'tim kiem viec lam o tai gan toi can muon cong luong mot tren ' +
    'hanap trabaho sa ng ako gusto may para mga naghahanap sahod kada bawat ' +
    'หา งาน ที่ ใน ทำ อยาก ต้องการ ค่ะ ครับ ' +
    '找 工作 的 在 想 要 我 求职 招聘 岗位 职位 有 吗 附近 请'
  ).split(' '),
);

const TYPE_WORDS: Record<EmploymentType, string[]> = {
  part_time: [
    'part time',
    'part-time',
    'parttime',
    '兼职',
    '兼職',
    'paruh waktu',
    'separuh masa',
    'sambilan',
    'ban thoi gian',
    'พาร์ทไทม์',
    'พาร์ตไทม์',
    'พาร์ทไทม',
    'งานพิเศษ',
  ],
  full_time: [
    'full time',
    'full-time',
    'fulltime',
    '全职',
    '全職',
    'penuh waktu',
    'sepenuh masa',
    'toan thoi gian',
    'งานประจำ',
    'งานเต็มเวลา',
  ],
  temporary: [
    'temporary',
    'temp',
    '临时',
    '臨時',
    '短期',
    '日结',
    'sementara',
    'harian lepas',
    'tam thoi',
    'thoi vu',
    'ชั่วคราว',
    'pansamantala',
    'panandalian',
  ],
  internship: ['internship', 'intern', 'ojt', '实习', '實習', 'magang', 'latihan industri', 'thuc tap', 'ฝึกงาน'],
};
const GROUP_WORDS: Record<SuitableFor, string[]> = {
  disability: [
    'disability',
    'disabled',
    'pwd',
    '残疾',
    '残障',
    '身心障碍',
    'disabilitas',
    'difabel',
    'penyandang',
    'oku',
    'khuyet tat',
    'ผู้พิการ',
    'คนพิการ',
    'may kapansanan',
  ],
  older_workers: [
    'older workers',
    'elderly workers',
    '大龄',
    '中高龄',
    '银发',
    'pekerja lansia',
    'pekerja usia lanjut',
    'pekerja warga emas',
    'lao dong lon tuoi',
    'แรงงานสูงอายุ',
    'nakatatandang manggagawa',
  ],
  no_experience: [
    'no experience',
    'without experience',
    '无经验',
    '无需经验',
    '零经验',
    'tanpa pengalaman',
    'tidak perlu pengalaman',
    'tiada pengalaman',
    'khong can kinh nghiem',
    'ไม่มีประสบการณ์',
    'ไม่ต้องมีประสบการณ์',
    'walang karanasan',
    'walang experience',
  ],
  migrant_workers: [
    'migrant',
    'foreign worker',
    'ofw',
    '农民工',
    '外来务工',
    '移工',
    '外劳',
    'pekerja migran',
    'tki',
    'pmi',
    'pekerja asing',
    'lao dong di cu',
    'lao dong nuoc ngoai',
    'แรงงานข้ามชาติ',
    'แรงงานต่างด้าว',
  ],
  graduates: [
    'graduate',
    'graduates',
    'fresh graduate',
    '应届',
    '毕业生',
    '应届生',
    'lulusan baru',
    'fresh grad',
    'siswazah',
    'sinh vien moi tot nghiep',
    'moi tot nghiep',
    'นักศึกษาจบใหม่',
    'จบใหม่',
    'bagong graduate',
  ],
};

const PERIOD_WORDS: [SalaryPeriod, RegExp][] = [
  ['hour', /hour|hourly|\/h\b|per h\b|时薪|小时|jam|gio\b|ชั่วโมง|oras/],
  ['day', /\bday\b|daily|日薪|每天|一天|日结|hari|harian|ngay|วันละ|ต่อวัน|araw/],
  ['year', /year|annual|年薪|tahun|nam\b|ปี|taon/],
  ['month', /month|monthly|月薪|月入|每月|bulan|thang|เดือน|buwan/],
];
const CURRENCIES: [string, RegExp][] = [
  ['TWD', /ntd|twd|nt\$|新台币|台币|台幣|元台币/],
  ['HKD', /hkd|hk\$|港币|港元/],
  ['MOP', /mop|澳门币|澳门元/],
  ['SGD', /sgd|s\$|新币/],
  ['MYR', /\brm|myr|ringgit/],
  ['IDR', /\brp|idr|rupiah/],
  ['PHP', /₱|php|peso/],
  ['VND', /vnd|dong\b|đ\b/],
  ['THB', /thb|baht|บาท|฿/],
  ['CNY', /cny|rmb|yuan|人民币|元|块|¥/],
];
export const COUNTRY_CURRENCY: Record<string, string> = {
  CN: 'CNY',
  TW: 'TWD',
  HK: 'HKD',
  MO: 'MOP',
  SG: 'SGD',
  MY: 'MYR',
  ID: 'IDR',
  PH: 'PHP',
  VN: 'VND',
  TH: 'THB',
};

/** The currency of the country a place is in; null for a place we do not know. */
export function localCurrency(placeId: string | null | undefined): string | null {
  const country = place(placeId)?.country;
  return country ? (COUNTRY_CURRENCY[country] ?? null) : null;
}
const MULTIPLIERS: [RegExp, number][] = [
  [/^(k|千|rb|ribu|ngan|nghin|พัน)$/, 1e3],
  [/^(万|萬|หมื่น)$/, 1e4],
  [/^(jt|juta|tr|trieu|m|mil|million|ล้าน)$/, 1e6],
];
// A number with an optional unit: "6000", "6,000", "6k", "5 juta", "2万", "8 triệu" (folded: "8 trieu").
const AMOUNT =
  /(\d+(?:[.,]\d+)*)\s*(?:(k|rb|ribu|ngan|nghin|jt|juta|tr|trieu|mil|million|m)(?![\p{L}])|(千|万|萬|พัน|หมื่น|ล้าน))?/gu;

function amountOf(digits: string, unit: string | undefined): number {
  // "6,000" and "6.000" are thousands; "5.5 juta" is a decimal before a unit.
  const plain =
    unit && /^\d+[.,]\d{1,2}$/.test(digits) ? Number(digits.replace(',', '.')) : Number(digits.replace(/[.,]/g, ''));
  const factor = unit ? (MULTIPLIERS.find(([re]) => re.test(unit))?.[1] ?? 1) : 1;
  return plain * factor;
}

/** Where a phrase stands in a folded text: a substring in Chinese and Thai, whole words elsewhere. */
function phraseAt(folded: string, phrase: string): { start: number; end: number } | null {
  const p = fold(phrase);
  if (/\p{Script=Han}|\p{Script=Thai}/u.test(p)) {
    const at = folded.indexOf(p);
    return at < 0 ? null : { start: at, end: at + p.length };
  }
  const m = new RegExp(`(?<![\\p{L}\\p{N}])${p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\p{L}\\p{N}])`, 'u').exec(
    folded,
  );
  return m ? { start: m.index, end: m.index + m[0].length } : null;
}

/** Blanks what was understood so that only the rest becomes keywords. */
const blank = (s: string, start: number, end: number) => s.slice(0, start) + ' '.repeat(end - start) + s.slice(end);

export interface Parsed {
  query: JobQuery;
  /** What the sentence named, to say back to the seeker. */
  named: { occupation: boolean; place: boolean; salary: boolean; type: boolean };
}

/** Understands a free sentence. */
export function parseQuery(text: string): Parsed {
  let rest = fold(text);
  const take = (found: Found[]) => {
    for (const f of found) rest = blank(rest, f.start, f.end);
    return found;
  };
  // Places before occupations: "driver in Chongqing" must not read "Chong" as anything else.
  const places = [...new Set(take(placeMatcher.find(rest, false)).map((f) => f.id))];
  const jobs = take(occupationMatcher.find(rest));
  const occupations = [...new Set(jobs.map((f) => f.id))];
  const named = [...new Set(jobs.map((f) => f.name))];

  const said = <K extends string>(table: Record<K, string[]>): K[] => {
    const hits: K[] = [];
    for (const [key, phrases] of Object.entries(table) as [K, string[]][])
      for (const phrase of phrases) {
        const at = phraseAt(rest, phrase);
        if (!at) continue;
        if (!hits.includes(key)) hits.push(key);
        rest = blank(rest, at.start, at.end);
      }
    return hits;
  };
  // Groups first: "fresh graduate" is a group, not a type.
  const groups = said(GROUP_WORDS);
  const type = said(TYPE_WORDS)[0];

  let salary: JobQuery['salary'];
  const amounts = [...rest.matchAll(AMOUNT)]
    .map((m) => ({ m, amount: amountOf(m[1]!, m[2] ?? m[3]) }))
    .filter((a) => a.amount >= 50);
  const pick = amounts.sort((a, b) => b.amount - a.amount)[0];
  if (pick) {
    const period = PERIOD_WORDS.find(([, re]) => re.test(rest))?.[0] ?? 'month';
    const local = localCurrency(places[0]);
    const named = CURRENCIES.find(([, re]) => re.test(rest))?.[0];
    // 元 and 块 are also how Taiwan writes its dollar: the place decides.
    salary = {
      amount: pick.amount,
      period,
      currency: named === 'CNY' && /元|块/.test(rest) ? (local ?? 'CNY') : (named ?? local),
    };
    rest = blank(rest, pick.m.index, pick.m.index + pick.m[0].length);
    for (const [, re] of [...PERIOD_WORDS, ...CURRENCIES]) rest = rest.replace(re, ' ');
    rest = rest.replace(
      /以上|以下|起|至少|最少|minimal|minimum|min\b|at least|above|over|from|paling sedikit|sekurang-kurangnya|tren|toi thieu|ขึ้นไป|อย่างน้อย|pataas|hindi bababa/g,
      ' ',
    );
  }

  const keywords = terms(rest).words.filter((w) => !FILLER.has(w) && !/^\d+$/.test(w) && [...w].length > 1);
  return {
    query: jobQuerySchema.parse({ occupations, named, places, salary, type, groups, keywords }),
    named: { occupation: occupations.length > 0, place: places.length > 0, salary: !!salary, type: !!type },
  };
}
