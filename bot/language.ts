// Which of our languages a short chat message is written in. Rules first where the script makes it certain (Thai
// script, Han characters, Vietnamese letters), then eld's n-grams for Latin text, then marker words for what n-grams
// cannot tell apart on a few words: Indonesian from Malay (eld knows only "ms") and Taglish from English.
// bench/language.ts measures it on test/fixtures/language/messages.json.

export interface Detected {
  locale: string;
  /** 0–1; ≥ 0.8 is a clear signal, 0.6 means "this family, member unsure" (id or ms; zh-CN or zh-TW). */
  confidence: number;
}

/** What a statistical detector says about a text, in ISO 639-1 codes. */
export interface Guess {
  language: string;
  scores: Record<string, number>;
  reliable: boolean;
}
export type Library = (text: string) => Guess;

// eld sizes trade accuracy for load time and memory; measured in bench/language.ts (see its header).
export type EldSize = 'extrasmall' | 'small' | 'medium' | 'large';
export const ELD_SIZE: EldSize = 'small';
// eld's languages that are ours, or that our users write (it has no Indonesian: "ms" stands for both).
const SUBSET = ['en', 'tl', 'ms', 'vi', 'th', 'zh'];

interface Eld {
  detect(text: string): { language: string; getScores(): Record<string, number>; isReliable(): boolean };
  setLanguageSubset(languages: string[] | false): unknown;
}

/** Loads eld once per size; its n-gram tables take 0.5–4 s and 30–150 MB, so only when a message needs them. */
const SIZES: Record<EldSize, () => Promise<{ eld: Eld }>> = {
  extrasmall: () => import('eld/extrasmall'),
  small: () => import('eld/small'),
  medium: () => import('eld/medium'),
  large: () => import('eld/large'),
};
const loaded = new Map<EldSize, Promise<Library>>();
export function loadLibrary(size: EldSize = ELD_SIZE): Promise<Library> {
  let lib = loaded.get(size);
  if (!lib) {
    lib = SIZES[size]().then(({ eld }) => {
      eld.setLanguageSubset(SUBSET);
      return (text: string) => {
        const r = eld.detect(text);
        return { language: r.language, scores: r.getScores(), reliable: r.isReliable() };
      };
    });
    loaded.set(size, lib);
  }
  return lib;
}

// Simplified and traditional forms of 700 common characters that differ (checked against OpenCC's cn↔tw
// tables), less those that are also ordinary traditional characters (干 里 后 范 斗 叶).
const SIMPLIFIED = new Set(
  '们这么吗个时间说话请问谢钱资员长会没发现经过还对为样从动实见点电车东学开关无机业厂产务劳单证报联络给' +
    '该让认识读写听讲试记语门题边远进运选钟错银铁销锁随险际难须顾预领风飞饭饮馆马驾验鱼鸡齐龄亲头买卖卫岁' +
    '师归当录总惊战户护换扫挡据携摆数断显术杂权条来杰极构标检楼档欢气汇济满灵烦热爱猎环疗盖监确础离种积称' +
    '稳穷笔签简粮紧纳纸线练组细终结统继续维综网罚职肃胜脑脚节药获营虽补装观规视览计订讨训议许论设访评诉词' +
    '译诚询详误诸课谁调谈负责货质购贴费贵贷贸赔赶跃转轮软载辅辆输辞达迁违连迟适逊递释锋键闭闻阅队阳阴陆隐' +
    '顿频颜额饱骗体鲜鸟鸭龙众优伤传伪侦侧价劝势区医华卢厅厉压县参双变叙号叹吓启响坏块坚坛垫场处备复够夹奋' +
    '奖妆妇妈婴宝宠审宪宫宽宾寻导层屉岛币帅帐带帮广庆库应庙废异弃张弹强彻径态怀恋恶惧惨愿扑执扩扬扰抚担拟' +
    '拥择挂挣挤挥损捡掷搁摄摇撑敌斋斩旧旷昼晒晓暂书杀枪栏树桥梦历毁毕汉汤沟泪泽洁浅测浑浓涂涛润涨渐渔湾湿' +
    '滚滞灭灯灾炉炼烂烟烧焕爷牵犹独狱猪献画畅疯痒盏盐盘睁码砖碍礼祸窃竞笼筑纠红约级纪纯纲纵纷纹纺织绍绑绒' +
    '绕绘绝绩绪绳绵绿缓编缘缩缴罗罢义习圣聪肠肤肿胀胁脉脏脱脸腊舰艰艺芦苏苹荐荡莱萝蒋蓝虑虚虫虾蚁蛮衬袜觉' +
    '触誉讯讳讽诈诗诞诱诺谅谊谋谓谜谣谨谱贡财贤败账贩贪贫贯贺贼赏赖赚赛赞赠趋践踪轨轰轻较辈辉辖辩迈逻遗邮' +
    '邻郑酱钓钢钥钦钩钮钻铃铅铜铭铺链锅锐锤锦镇镜闪闯闲闷闹阀阶陈陕雏雾顶项顺颁颂颇颗飘饥饰饲饺馈驱驳驶驻' +
    '骂骄骑骚鲁鸣鸿鹅鹰麦黄齿龟国图园团围圆尔儿农军刘则刚创办协厕厌吕呜孙宁尘尝庄弯忆忧怜恳悬惯抛捞摊晋' +
    '晕杨枣柜栋横残泻泼状狮猫玛硕窝纤舱荣贝赢赵乡乐亚亿仅仓仪伞伟伦侨债倾偿储党兰兴养册冻净凉减凤击删剂剧' +
    '励劲匀却叠哑哗唤喷坟',
);
const TRADITIONAL = new Set(
  '們這麼嗎個時間說話請問謝錢資員長會沒發現經過還對為樣從動實見點電車東學開關無機業廠產務勞單證報聯絡給' +
    '該讓認識讀寫聽講試記語門題邊遠進運選鍾錯銀鐵銷鎖隨險際難須顧預領風飛飯飲館馬駕驗魚雞齊齡親頭買賣衛歲' +
    '師歸當錄總驚戰戶護換掃擋據攜擺數斷顯術雜權條來傑極構標檢樓檔歡氣匯濟滿靈煩熱愛獵環療蓋監確礎離種積稱' +
    '穩窮筆籤簡糧緊納紙線練組細終結統繼續維綜網罰職肅勝腦腳節藥獲營雖補裝觀規視覽計訂討訓議許論設訪評訴詞' +
    '譯誠詢詳誤諸課誰調談負責貨質購貼費貴貸貿賠趕躍轉輪軟載輔輛輸辭達遷違連遲適遜遞釋鋒鍵閉聞閱隊陽陰陸隱' +
    '頓頻顏額飽騙體鮮鳥鴨龍眾優傷傳偽偵側價勸勢區醫華盧廳厲壓縣參雙變敘號嘆嚇啟響壞塊堅壇墊場處備復夠夾奮' +
    '獎妝婦媽嬰寶寵審憲宮寬賓尋導層屜島幣帥帳帶幫廣慶庫應廟廢異棄張彈強徹徑態懷戀惡懼慘願撲執擴揚擾撫擔擬' +
    '擁擇掛掙擠揮損撿擲擱攝搖撐敵齋斬舊曠晝曬曉暫書殺槍欄樹橋夢歷毀畢漢湯溝淚澤潔淺測渾濃塗濤潤漲漸漁灣溼' +
    '滾滯滅燈災爐煉爛煙燒煥爺牽猶獨獄豬獻畫暢瘋癢盞鹽盤睜碼磚礙禮禍竊競籠築糾紅約級紀純綱縱紛紋紡織紹綁絨' +
    '繞繪絕績緒繩綿綠緩編緣縮繳羅罷義習聖聰腸膚腫脹脅脈髒脫臉臘艦艱藝蘆蘇蘋薦蕩萊蘿蔣藍慮虛蟲蝦蟻蠻襯襪覺' +
    '觸譽訊諱諷詐詩誕誘諾諒誼謀謂謎謠謹譜貢財賢敗賬販貪貧貫賀賊賞賴賺賽贊贈趨踐蹤軌轟輕較輩輝轄辯邁邏遺郵' +
    '鄰鄭醬釣鋼鑰欽鉤鈕鑽鈴鉛銅銘鋪鏈鍋銳錘錦鎮鏡閃闖閒悶鬧閥階陳陝雛霧頂項順頒頌頗顆飄飢飾飼餃饋驅駁駛駐' +
    '罵驕騎騷魯鳴鴻鵝鷹麥黃齒龜濕裏國圖園團圍圓爾兒農軍劉則剛創辦協廁厭呂嗚孫寧塵嘗莊彎憶憂憐懇懸慣拋撈攤' +
    '晉暈楊棗櫃棟橫殘瀉潑狀獅貓瑪碩窩纖艙榮貝贏趙鄉樂亞億僅倉儀傘偉倫僑債傾償儲黨蘭興養冊凍淨涼減鳳擊刪劑' +
    '劇勵勁勻卻疊啞譁嘩喚噴墳',
);

const THAI = /[\u0E01-\u0E5B]/gu;
const HAN = /\p{Script=Han}/gu;
const NOT_OURS = ['Hiragana', 'Katakana', 'Hangul', 'Cyrillic', 'Arabic', 'Devanagari', 'Khmer', 'Lao', 'Myanmar'];
const OTHER_SCRIPTS = new RegExp(`[${NOT_OURS.map((s) => `\\p{Script=${s}}`).join('')}]`, 'u');
// Letters only Vietnamese uses among our languages: ă đ ơ ư and the vowels with a dot below or hook above.
const VIETNAMESE = /[ăđơư\u1EA0-\u1EF9]/giu;
const LATIN = /\p{Script=Latin}/gu;

const count = (s: string, re: RegExp) => s.match(re)?.length ?? 0;

function chinese(text: string): Detected {
  let s = 0;
  let t = 0;
  for (const ch of text) {
    if (SIMPLIFIED.has(ch)) s++;
    else if (TRADITIONAL.has(ch)) t++;
  }
  if (s === t) return { locale: 'zh-CN', confidence: 0.6 }; // "你好", "我想找工作": the same in both
  return { locale: s > t ? 'zh-CN' : 'zh-TW', confidence: Math.abs(s - t) >= 2 ? 0.98 : 0.9 };
}

// Words (and a few two-word phrases) that mark one language among those that share Latin script here, with a
// weight: 2 = practically only this language, 1 = usual in it and rare in the others. Chat spellings included.
type Markers = Record<string, number>;
const words = (w: number, list: string): Markers =>
  Object.fromEntries(
    list
      .trim()
      .split(/\s*,\s*/)
      .map((x) => [x, w]),
  );
const MARKERS: Record<'id' | 'ms' | 'tl' | 'en' | 'vi', Markers> = {
  id: {
    ...words(
      2,
      `nggak, gak, ga, gk, enggak, engga, ngga, nggk, tdk, bisa, bs, lowongan, loker, kok, dong, sih, deh,
      nih, tuh, aja, banget, bgt, gimana, gmn, gitu, udah, udh, kantor, kapan, kemarin, uang, pengen, pingin, pabrik,
      sopir, makasih, ngerti, bantuin, dikasih, lembur, phk, paspor, asuransi, butuh, kerjaan, bursa, nanya, gratis,
      emang, kayak, ntar, galak, libur, karna, cuman, gini, mending, kalo, lagian, bilang, ngga, ngobrol, pindah`,
    ),
    ...words(1, `belum, blm, tidak, mau, ganti, pulang, soal, karena, sudah, sdh, tolong dong, agensi`),
  },
  ms: {
    ...words(
      2,
      `nak, awak, korang, kat, macam mana, camne, camana, sahaja, pejabat, kilang, pemandu, hantar, percuma,
      ahad, kerjaya, pengawal, bergaji, pasport, kwsp, perkeso, permit, tiada, takde, xde, je, jer, kerja kosong,
      jawatan, encik, tukar, kerana, mahu, nk, buang kerja, mengadu, duit, ke mana, boleh ke, tak dapat`,
    ),
    ...words(
      1,
      `tak, boleh, la, lah, ni, tu, dah, pasal, semalam, bila, mohon, tamat, kena, sebab, sikit, sangat, tq,
      tuan, keselamatan, pekerja asing`,
    ),
  },
  tl: {
    ...words(
      2,
      `po, opo, ang, ng, mga, ako, ko, kayo, namin, natin, ba, nang, hindi, wala, pwede, puwede, pano, paano,
      saan, nasaan, kailan, kelan, bakit, anong, magkano, ilang, salamat, trabaho, sahod, sweldo, gusto, kailangan,
      naman, talaga, yung, dito, kahapon, ngayon, bukas, tulong, naku, sobrang, lang, amo, kontrata, nila, akong, pong,
      bang`,
    ),
    ...words(1, `sa, na, pa, may, ano, di, din, rin, tapos, libre, mo, ka, siya`),
  },
  en: {
    ...words(
      2,
      `the, is, are, my, i, you, how, what, where, when, who, does, did, need, want, to, of, and, this, that,
      there, any, have, has, not, didnt, dont, im, me, was, will, please, pls, thanks, thank, yesterday, much, many, u,
      can, do, with, for, your, it, am, looking, anyone, hello`,
    ),
  },
  vi: {
    ...words(
      2,
      `khong, toi, viec, luong, duoc, xin, chao, nhieu, tien, thang, nghi, muon, dang, ky, roi, cua, dau, vay,
      cam on, minh, nguoi, bao, chu, doi, lam, sao, nha, em, anh, chi, oi`,
    ),
  },
};

function markerScores(tokens: string[]): Record<keyof typeof MARKERS, number> {
  const grams = [...tokens, ...tokens.slice(1).map((w, i) => `${tokens[i]} ${w}`)];
  const score = (m: Markers) => grams.reduce((sum, g) => sum + (m[g] ?? 0), 0);
  const { id, ms, tl, en, vi } = MARKERS;
  return { id: score(id), ms: score(ms), tl: score(tl), en: score(en), vi: score(vi) };
}

type Family = 'en' | 'tl' | 'malay' | 'vi';
const FAMILY_OF: Record<string, Family> = { en: 'en', tl: 'tl', ms: 'malay', vi: 'vi' };

function latin(text: string, lib: Library): Detected | null {
  const tokens = text.toLowerCase().match(/\p{L}+/gu) ?? [];
  const m = markerScores(tokens);
  const guess = lib(text);
  const ranked = Object.entries(guess.scores)
    .sort((a, b) => b[1] - a[1])
    .map(([l]) => FAMILY_OF[l])
    .filter(Boolean);
  // The library's first choice counts as much as a strong marker word, its second as a weak one.
  const score: Record<Family, number> = { en: m.en, tl: m.tl, malay: m.id + m.ms, vi: m.vi };
  if (ranked[0]) score[ranked[0]] += guess.reliable ? 3 : 2;
  if (ranked[1]) score[ranked[1]] += 1;
  const [[family, top], [, second]] = (Object.entries(score) as [Family, number][]).sort((a, b) => b[1] - a[1]) as [
    [Family, number],
    [Family, number],
  ];
  if (top <= 0) return null;
  const margin = top - second;
  let confidence = margin >= 4 ? 0.95 : margin >= 2 ? 0.85 : margin >= 1 ? 0.7 : 0.5;
  // With no marker word, n-grams of one or two words are a guess: "Surabaya", "Tainan", "Bangkok" are names.
  const marked = family === 'malay' ? m.id + m.ms > 0 : m[family] > 0;
  if (!marked) confidence = Math.min(confidence, tokens.length >= 3 ? 0.85 : tokens.length === 2 ? 0.55 : 0.4);
  if (family !== 'malay') return { locale: family, confidence };
  if (m.id === m.ms) return { locale: 'id', confidence: Math.min(confidence, 0.6) }; // "selamat pagi": either
  const diff = Math.abs(m.id - m.ms);
  return { locale: m.id > m.ms ? 'id' : 'ms', confidence: Math.min(confidence, diff >= 2 ? 0.9 : 0.75) };
}

/** Cleans a message down to what carries language: no links, mentions, numbers, emoji or punctuation. */
export const letters = (text: string): string =>
  text
    .normalize('NFC')
    .replace(/https?:\S+|www\.\S+|[@#/]\S+/gu, ' ')
    .replace(/[^\p{L}\p{M}\s]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();

const MIN_LETTERS = 3;

/**
 * The rules that need no library: Thai, Chinese, Vietnamese letters, scripts of languages we do not speak.
 * `undefined` means "Latin text, ask the library"; `null` means "too short or not ours".
 */
export function byScript(text: string): Detected | null | undefined {
  const s = letters(text);
  if (count(s, /\p{L}/gu) < MIN_LETTERS && count(s, HAN) < 2) return null;
  if (count(s, THAI) >= 2) return { locale: 'th', confidence: 0.99 };
  if (OTHER_SCRIPTS.test(s)) return null; // Japanese kana, Korean, …: not a language we answer in
  const han = count(s, HAN);
  if (han >= 2 || (han === 1 && count(s, LATIN) === 0)) return chinese(s);
  if (count(s, VIETNAMESE) >= 1) return { locale: 'vi', confidence: 0.97 };
  return count(s, LATIN) >= MIN_LETTERS ? undefined : null;
}

/** Detection with a given library (the bench compares libraries and sizes through this). */
export function detectWith(text: string, lib: Library): Detected | null {
  const rule = byScript(text);
  return rule === undefined ? latin(letters(text), lib) : rule;
}

/** The language of a short chat message, or null when it is too short or too unsure to act on. */
export async function detectLanguage(text: string): Promise<Detected | null> {
  const rule = byScript(text);
  if (rule !== undefined) return rule;
  const found = latin(letters(text), await loadLibrary());
  return found && found.confidence >= 0.5 ? found : null;
}

/** Languages close enough that a short message often cannot tell them apart. */
const FAMILIES = [
  ['id', 'ms'],
  ['zh-CN', 'zh-TW'],
];
export const sameFamily = (a: string, b: string): boolean =>
  a === b || FAMILIES.some((f) => f.includes(a) && f.includes(b));
