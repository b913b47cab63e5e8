// Dates, times and zone names as a person reads them, by Intl in the user's locale.

/** An IANA zone the runtime knows ("Asia/Jakarta"), not an abbreviation or an offset. */
export function isZone(zone: string | undefined): zone is string {
  if (!zone) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return zone.includes('/') || zone === 'UTC';
  } catch {
    return false;
  }
}

// Where the usual name is not what Intl gives: people in mainland China say 北京时间.
const ZONE_NAMES: Record<string, string> = { 'zh-CN|Asia/Shanghai': '北京时间', 'zh-CN|Asia/Chongqing': '北京时间' };

/** "台灣時間", "WIB", "Jakarta Time", "北京时间": a zone name a person reads, never "Asia/Shanghai". */
export function zoneName(locale: string, timeZone: string, at: Date): string {
  const own = ZONE_NAMES[`${locale}|${timeZone}`];
  if (own) return own;
  const style = timeZone === 'UTC' || timeZone === 'Etc/UTC' ? 'short' : 'shortGeneric';
  return (
    new Intl.DateTimeFormat(locale, { timeZone, timeZoneName: style })
      .formatToParts(at)
      .find((p) => p.type === 'timeZoneName')?.value ?? timeZone
  );
}

/** A time span with the weekday and the zone's name: "Sat, Dec 5, 9:00 – 12:00 AM (台灣時間)". */
export function span(locale: string, timeZone: string, start: Date, end: Date): string {
  const f = new Intl.DateTimeFormat(locale, {
    timeZone,
    weekday: 'short',
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
  });
  return `${f.formatRange(start, end)} (${zoneName(locale, timeZone, start)})`;
}

// The symbols people in our regions read on job ads, used where Intl would print a bare "$" (Taiwan's own locale
// writes NT$ as "$") or an ISO code ("IDR 7,000" in English).
const SYMBOLS: Record<string, string> = {
  TWD: 'NT$',
  MYR: 'RM',
  PHP: '₱',
  VND: '₫',
  THB: '฿',
  IDR: 'Rp',
  CNY: '¥',
  HKD: 'HK$',
  SGD: 'S$',
};

/** An amount, or a range, in the user's locale with a currency sign no one can mistake for another. */
export function money(locale: string, currency: string | null, min: number, max = min): string {
  const nf = new Intl.NumberFormat(
    locale,
    currency ? { style: 'currency', currency, maximumFractionDigits: 0 } : { maximumFractionDigits: 0 },
  );
  const parts = max !== min ? nf.formatRangeToParts(min, max) : nf.formatToParts(min);
  const own = currency ? SYMBOLS[currency] : undefined;
  const unclear = (sign: string) => (sign === '$' && currency !== 'USD') || /^[A-Z]{3}$/.test(sign);
  return parts.map((p) => (p.type === 'currency' && own && unclear(p.value) ? own : p.value)).join('');
}
