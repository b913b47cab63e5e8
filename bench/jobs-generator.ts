// Realistic jobs import records for the search and import benchmarks, the same for a given seed on every run: titles
// from the occupation vocabulary in the language of the place's country, cities from the gazetteer (big ones more
// often), employers, a sentence or two of description, local pay, type, groups, and dates around `now`.
import { SUITABLE_FOR } from '../db/schema.js';
import { nameIn, OCCUPATIONS, PLACES, type Place } from '../bot/search/vocab.js';
import { COUNTRY_CURRENCY } from '../bot/search/query.js';

/** An import record as an operator's JSON file has it (snake_case; see bot/import/jobs.ts). */
export interface JobRecord {
  external_id: string;
  title: string;
  employer: string;
  city: string;
  description?: string;
  salary_min?: number;
  salary_max?: number;
  salary_period?: 'hour' | 'day' | 'month' | 'year';
  currency?: string;
  employment_type?: 'full_time' | 'part_time' | 'temporary' | 'internship';
  headcount?: number;
  suitable_for?: string[];
  posted_at: string;
  expires_at?: string;
}

/** mulberry32: small, fast, and the same sequence for a seed everywhere. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Rand = () => number;
const pick = <T>(r: Rand, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
const between = (r: Rand, lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));

/** Picks by weight in O(log n). */
function weighted<T>(items: readonly T[], weight: (t: T) => number): (r: Rand) => T {
  const cum: number[] = [];
  let total = 0;
  for (const it of items) {
    total += weight(it);
    cum.push(total);
  }
  return (r) => {
    const x = r() * total;
    let lo = 0;
    let hi = cum.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cum[mid]! > x) hi = mid;
      else lo = mid + 1;
    }
    return items[lo]!;
  };
}

// Share of the catalogue per country (roughly where such a service would have its jobs), then cities by population.
const COUNTRY_SHARE: Record<string, number> = {
  CN: 36,
  ID: 13,
  TW: 9,
  PH: 8,
  VN: 8,
  TH: 8,
  MY: 7,
  HK: 5,
  SG: 4,
  MO: 2,
};
const country = weighted(Object.keys(COUNTRY_SHARE), (c) => COUNTRY_SHARE[c]!);
const cityIn = new Map(
  Object.keys(COUNTRY_SHARE).map((c) => [
    c,
    weighted(
      PLACES.filter((p) => p.country === c),
      // Big cities more often, but not only: population^0.8, and 100,000 when the gazetteer has none.
      (p) => (p.population ?? 100_000) ** 0.8,
    ),
  ]),
);

// Common jobs are common: these ten times as often as the rest of the vocabulary.
const COMMON = new Set(
  (
    'car-driver truck-driver delivery-van-driver food-delivery-rider parcel-courier cook kitchen-helper waiter cashier ' +
    'shop-sales-assistant security-guard office-cleaner hotel-room-attendant domestic-helper warehouse-worker ' +
    'factory-worker electronics-assembler sewing-machine-operator construction-labourer care-worker barista ' +
    'receptionist office-clerk sales-representative welder call-centre-agent hand-packer forklift-operator'
  ).split(' '),
);
const occupationPick = weighted(OCCUPATIONS, (o) => (COMMON.has(o.id) ? 10 : 1));

const LOCALES: Record<string, readonly string[]> = {
  CN: ['zh-CN'],
  TW: ['zh-TW'],
  HK: ['zh-TW'],
  MO: ['zh-TW'],
  ID: ['id'],
  MY: ['ms'],
  PH: ['tl', 'en'],
  VN: ['vi'],
  TH: ['th'],
  SG: ['en'],
};

// Pay per country: [period, min, max, step] choices; a range is drawn inside.
const PAY: Record<string, [period: 'hour' | 'day' | 'month', lo: number, hi: number, step: number][]> = {
  CN: [
    ['month', 3_500, 12_000, 500],
    ['day', 150, 350, 10],
    ['hour', 20, 45, 1],
  ],
  TW: [
    ['month', 28_000, 60_000, 1_000],
    ['hour', 190, 260, 5],
  ],
  HK: [
    ['month', 15_000, 32_000, 500],
    ['hour', 60, 95, 1],
  ],
  MO: [['month', 12_000, 26_000, 500]],
  SG: [
    ['month', 1_800, 4_800, 100],
    ['hour', 9, 16, 1],
  ],
  MY: [
    ['month', 1_500, 4_500, 100],
    ['day', 60, 150, 5],
  ],
  ID: [
    ['month', 3_000_000, 9_000_000, 250_000],
    ['day', 100_000, 250_000, 10_000],
  ],
  PH: [
    ['month', 14_000, 35_000, 500],
    ['day', 570, 900, 10],
  ],
  VN: [
    ['month', 6_000_000, 18_000_000, 500_000],
    ['hour', 25_000, 45_000, 1_000],
  ],
  TH: [
    ['month', 12_000, 30_000, 500],
    ['day', 350, 600, 10],
  ],
};

interface Words {
  /** Title shapes around an occupation name `{o}`. */
  titles: string[];
  employers: { first: string[]; last: string[] };
  /** Sentences with `{o}` (occupation), `{c}` (city) and `{e}` (employer). */
  lead: string[];
  more: string[];
}

const WORDS: Record<string, Words> = {
  'zh-CN': {
    titles: ['{o}', '{o}', '招聘{o}', '急招{o}', '{o}（包吃住）', '{o}/长期', '高薪{o}'],
    employers: {
      first: ['华兴', '鑫达', '宏远', '永安', '金盛', '恒通', '东方', '美佳', '顺丰源', '新世纪', '锦江', '万和'],
      last: [
        '物流有限公司',
        '餐饮管理有限公司',
        '电子科技有限公司',
        '物业服务有限公司',
        '制衣厂',
        '酒店',
        '超市',
        '建筑工程有限公司',
      ],
    },
    lead: ['{e}在{c}招聘{o}，长期稳定。', '{c}{e}诚聘{o}数名。', '因业务扩大，{e}招{o}。'],
    more: [
      '包吃包住，五险一金。',
      '无经验可培训，月休四天。',
      '工作时间8小时，加班另计。',
      '多劳多得，按时发薪。',
      '年龄18-50岁，身体健康。',
      '',
    ],
  },
  'zh-TW': {
    titles: ['{o}', '{o}', '誠徵{o}', '急徵{o}', '{o}（可兼職）', '正職{o}', '{o}／日班'],
    employers: {
      first: ['鼎泰', '全聯', '統一', '大成', '宏達', '新光', '永豐', '金華', '福利', '海洋', '長榮', '美麗華'],
      last: [
        '股份有限公司',
        '餐飲有限公司',
        '物流股份有限公司',
        '保全股份有限公司',
        '實業有限公司',
        '大飯店',
        '茶餐廳',
        '百貨',
      ],
    },
    lead: ['{e}於{c}誠徵{o}，歡迎加入。', '{c}門市招募{o}數名。', '{e}徵{o}，薪資優渥。'],
    more: [
      '享勞健保，三節獎金。',
      '無經驗可，提供完整訓練。',
      '供午餐，每月排休八天。',
      '時薪優於業界，歡迎二度就業。',
      '',
    ],
  },
  id: {
    titles: ['{o}', '{o}', 'Lowongan {o}', 'Dibutuhkan {o}', '{o} (Segera)', '{o} Shift Malam', 'Loker {o}'],
    employers: {
      first: ['PT Maju', 'PT Sinar', 'CV Berkah', 'PT Indah', 'PT Cahaya', 'PT Mitra', 'CV Sumber', 'PT Karya'],
      last: ['Jaya', 'Abadi', 'Sejahtera', 'Makmur', 'Logistik', 'Mandiri', 'Sentosa', 'Utama'],
    },
    lead: [
      '{e} membuka lowongan {o} di {c}.',
      'Dicari {o} untuk cabang {c}, segera bergabung.',
      '{e} membutuhkan {o} yang jujur dan rajin.',
    ],
    more: [
      'Gaji UMR plus tunjangan dan BPJS.',
      'Tanpa pengalaman boleh, ada pelatihan.',
      'Makan siang disediakan, kerja 6 hari seminggu.',
      'Lingkungan kerja halal dan nyaman.',
      'Pria/wanita usia 18-40 tahun.',
      '',
    ],
  },
  ms: {
    titles: ['{o}', '{o}', 'Jawatan Kosong {o}', '{o} Diperlukan Segera', '{o} (Syif Pagi)', 'Kerja {o}'],
    employers: {
      first: ['Syarikat', 'Restoran', 'Kedai', 'Pasaraya', 'Kilang', 'Hotel'],
      last: ['Bina Jaya Sdn Bhd', 'Mesra', 'Cahaya Sdn Bhd', 'Murni', 'Setia Sdn Bhd', 'Gemilang', 'Harmoni Sdn Bhd'],
    },
    lead: ['{e} mencari {o} di {c}.', 'Jawatan kosong {o} di {c}, mohon segera.', '{e} memerlukan {o} sepenuh masa.'],
    more: [
      'Gaji bulanan, KWSP dan PERKESO.',
      'Tiada pengalaman pun boleh, latihan disediakan.',
      'Premis halal, makan disediakan.',
      'Elaun kehadiran dan bonus tahunan.',
      '',
    ],
  },
  tl: {
    titles: ['{o}', '{o}', 'Hiring: {o}', 'Kailangan ng {o}', '{o} (Urgent)', '{o} - Day Shift'],
    employers: {
      first: ['Golden', 'Manila', 'Pinoy', 'Star', 'Bayanihan', 'Island', 'Metro', 'Luzon'],
      last: ['Foods Inc.', 'Logistics Corp.', 'Security Agency', 'Trading', 'Manpower Services', 'Builders'],
    },
    lead: ['Naghahanap ang {e} ng {o} sa {c}.', 'Kailangan ng {o} sa {c}, mag-apply na.', 'Hiring ng {o} para sa {e}.'],
    more: [
      'May SSS, PhilHealth at Pag-IBIG.',
      'Kahit walang karanasan, may training.',
      'Libreng pagkain at uniporme.',
      'Anim na araw kada linggo.',
      '',
    ],
  },
  en: {
    titles: [
      '{o}',
      '{o}',
      'Senior {o}',
      '{o} (Immediate Start)',
      '{o} - Night Shift',
      'Hiring {o}',
      '{o}, Full Benefits',
    ],
    employers: {
      first: ['Pacific', 'Lion City', 'Orchard', 'Harbour', 'Eastern', 'Golden', 'Summit', 'Bright'],
      last: [
        'Holdings Pte Ltd',
        'Services',
        'Foods Pte Ltd',
        'Logistics',
        'Facilities Management',
        'Hospitality Group',
      ],
    },
    lead: [
      '{e} is hiring a {o} in {c}.',
      'We are looking for a reliable {o} to join our team in {c}.',
      'Join {e} as a {o}; immediate start available.',
    ],
    more: [
      'Training provided, no experience needed.',
      'Halal-certified kitchen, meals provided.',
      'Five-day week with overtime pay and annual bonus.',
      'CPF, medical benefits and annual leave.',
      'Shift work including weekends.',
      '',
    ],
  },
  vi: {
    titles: ['{o}', '{o}', 'Tuyển {o}', 'Cần tuyển gấp {o}', '{o} (ca tối)', '{o} - lương cao'],
    employers: {
      first: ['Công ty TNHH', 'Công ty CP', 'Nhà hàng', 'Siêu thị', 'Khách sạn', 'Xưởng may'],
      last: ['Phú Thịnh', 'Hoàng Long', 'Minh Anh', 'Thành Công', 'Sài Gòn Xanh', 'Đông Á', 'Tân Phát'],
    },
    lead: ['{e} tuyển {o} làm việc tại {c}.', 'Cần gấp {o} ở {c}, đi làm ngay.', '{e} cần tuyển {o} chăm chỉ.'],
    more: [
      'Lương ổn định, có bảo hiểm xã hội.',
      'Không cần kinh nghiệm, được đào tạo.',
      'Bao ăn trưa, nghỉ chủ nhật.',
      'Thưởng tháng 13 và phụ cấp chuyên cần.',
      '',
    ],
  },
  th: {
    titles: ['{o}', '{o}', 'รับสมัคร{o}', 'ด่วน! รับ{o}', '{o} (กะดึก)', '{o} ประจำสาขา'],
    employers: {
      first: ['บริษัท', 'ร้าน', 'โรงแรม', 'ห้างหุ้นส่วน', 'โรงงาน'],
      last: ['สยามรุ่งเรือง จำกัด', 'ไทยเจริญ', 'ศรีสุข จำกัด', 'มหานคร', 'เอเชียพัฒนา จำกัด', 'รุ่งทิพย์'],
    },
    lead: ['{e}รับสมัคร{o}ประจำ{c}', 'ต้องการ{o}ด่วน ที่{c}', '{e}เปิดรับ{o}หลายอัตรา'],
    more: ['มีประกันสังคม โบนัสประจำปี', 'ไม่มีประสบการณ์ก็สมัครได้ มีสอนงาน', 'มีที่พักและอาหารกลางวัน', 'ทำงานสัปดาห์ละ 6 วัน', ''],
  },
};

const fill = (s: string, o: string, c: string, e: string) => s.replace('{o}', o).replace('{c}', c).replace('{e}', e);
const DAY = 86_400_000;
const HOUR = 3_600_000;

/** Where the jobs are, with the name each record uses for it (in the record's language, English when it has none). */
function cityName(p: Place, locale: string): string {
  return nameIn(p, locale);
}

export interface GenerateOptions {
  /** The moment "now" of the catalogue: posted up to 60 days before, expiring after (10% already expired). */
  now?: Date;
  /** Records per chunk yielded (an operator's file). */
  chunk?: number;
  /** Prefix of external_id. */
  prefix?: string;
}

/** `count` records in chunks of `chunk` (10,000 by default), the same for the same seed. */
export function* generateJobs(count: number, seed: number, opts: GenerateOptions = {}): Generator<JobRecord[]> {
  const r = prng(seed);
  const now = (opts.now ?? new Date('2025-06-01T00:00:00Z')).getTime();
  const size = opts.chunk ?? 10_000;
  const prefix = opts.prefix ?? `gen-${seed}`;
  let chunk: JobRecord[] = [];
  for (let i = 0; i < count; i++) {
    const c = country(r);
    const place = cityIn.get(c)!(r);
    const locale = pick(r, LOCALES[c]!);
    const w = WORDS[locale]!;
    const occ = occupationPick(r);
    const names = occ.names[locale] ?? occ.names.en!;
    // Mostly the occupation's first name in the language, sometimes another of its names.
    const o = r() < 0.7 ? names[0]! : pick(r, names);
    const city = cityName(place, locale);
    const employer =
      locale === 'zh-CN' || locale === 'zh-TW' || locale === 'th'
        ? `${pick(r, w.employers.first)}${pick(r, w.employers.last)}`
        : `${pick(r, w.employers.first)} ${pick(r, w.employers.last)}`;
    const titleShape = pick(r, w.titles);
    const title = fill(titleShape, capitalise(o), city, employer);
    const more = pick(r, w.more);
    const description = `${fill(pick(r, w.lead), o, city, employer)}${more ? (/^(zh|th)/.test(locale) ? '' : ' ') + more : ''}`;
    const posted = now - HOUR - Math.floor(r() * (60 * DAY - HOUR));
    const rec: JobRecord = {
      external_id: `${prefix}-${i}`,
      title,
      employer,
      city,
      description,
      posted_at: iso(posted),
    };
    if (r() < 0.85) {
      const [period, lo, hi, step] = pick(r, PAY[c]!);
      const min = lo + step * between(r, 0, Math.floor((hi - lo) / step));
      rec.salary_min = min;
      if (r() < 0.7) rec.salary_max = min + step * between(r, 1, 6);
      rec.salary_period = period;
      rec.currency = COUNTRY_CURRENCY[c]!;
    }
    const t = r();
    if (t < 0.9)
      rec.employment_type = t < 0.55 ? 'full_time' : t < 0.75 ? 'part_time' : t < 0.85 ? 'temporary' : 'internship';
    if (r() < 0.3) rec.headcount = between(r, 1, 20);
    if (r() < 0.15) {
      const groups = new Set([pick(r, SUITABLE_FOR)]);
      if (r() < 0.3) groups.add(pick(r, SUITABLE_FOR));
      rec.suitable_for = [...groups];
    }
    // 10% already expired (but after they were posted), most open for a while yet, a few with no end.
    const e = r();
    if (e < 0.1) rec.expires_at = iso(posted + 1000 + Math.floor(r() * (now - posted - 2000)));
    else if (e < 0.95) rec.expires_at = iso(now + between(r, 1, 60) * DAY);
    chunk.push(rec);
    if (chunk.length === size) {
      yield chunk;
      chunk = [];
    }
  }
  if (chunk.length) yield chunk;
}

const capitalise = (s: string) => s.replace(/(^|\s)\p{Ll}/gu, (m) => m.toUpperCase());
const iso = (ms: number) => new Date(ms).toISOString();
