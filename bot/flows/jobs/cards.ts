// A job as a card, a search said back in words, and a job in full.
import type { Job } from '../../catalog.js';
import { money } from '../../format.js';
import type { T } from '../../i18n.js';
import type { JobQuery } from '../../search/query.js';
import { nameIn, occupation, place } from '../../search/vocab.js';
import type { Button, Card } from '../../types.js';

export function salary(t: T, locale: string, j: Job): string | null {
  if (j.salaryMin === null && j.salaryMax === null) return null;
  const amount = money(locale, j.currency, (j.salaryMin ?? j.salaryMax)!, (j.salaryMax ?? j.salaryMin)!);
  return j.salaryPeriod ? t(`jobs.per.${j.salaryPeriod}`, { amount }) : amount;
}

/** Where a job is, in the reader's language when the gazetteer knows the place. */
const whereIs = (locale: string, j: Job) => {
  const p = place(j.placeId);
  const city = p ? nameIn(p, locale) : j.city;
  // "Jakarta Utara" already says Jakarta.
  return j.district && !j.district.includes(city) ? `${city} ${j.district}` : (j.district ?? city);
};

export function jobCard(t: T, locale: string, j: Job): Card {
  const pay = salary(t, locale, j);
  return {
    title: j.title,
    lines: [
      `🏢 ${j.employer} · ${whereIs(locale, j)}`,
      ...(pay ? [`💰 ${pay}`] : []),
      ...(j.employmentType ? [`🕒 ${t(`jobs.type.${j.employmentType}`)}`] : []),
      ...(j.contact ? [`📞 ${j.contact}`] : []),
      ...(j.suitableFor.length ? [`✅ ${j.suitableFor.map((g) => t(`jobs.group.${g}`)).join(', ')}`] : []),
    ],
    buttons: [
      { label: t('jobs.details'), action: `jobs:show:${j.id}` },
      { label: t('jobs.apply'), action: `jobs:apply:${j.id}` },
    ],
  };
}

/** A phone number in the contact becomes a tappable call; anything else is shown as written. */
export const callButton = (t: T, contact: string | null): Button[] => {
  const digits = contact?.replace(/[\s\-()]/g, '') ?? '';
  return /^\+?\d{7,15}$/.test(digits) ? [{ label: t('jobs.call'), url: `tel:${digits}` }] : [];
};

/** A job in full: the card's facts, then what it asks and offers, and how to reach the employer. */
export function jobDetails(t: T, locale: string, j: Job, share: string | null): Card {
  const card = jobCard(t, locale, j);
  return {
    ...card,
    lines: [
      ...card.lines,
      ...(j.headcount ? [t('jobs.headcount', { count: j.headcount })] : []),
      ...(j.description ? [j.description] : []),
      ...(j.requirements ? [`${t('jobs.requirements')} ${j.requirements}`] : []),
      ...(j.benefits ? [`${t('jobs.benefits')} ${j.benefits}`] : []),
    ],
    buttons: [
      { label: t('jobs.apply'), action: `jobs:apply:${j.id}` },
      ...callButton(t, j.contact),
      ...(share ? [{ label: t('jobs.share'), url: share }] : []),
    ],
  };
}

/** A search said back: "Drivers · Chongqing · from ¥6,000 a month · Part time". */
export function describe(t: T, locale: string, q: JobQuery): string {
  const parts = [
    ...q.occupations.flatMap((id) => {
      const o = occupation(id);
      return o ? [nameIn(o, locale)] : [];
    }),
    ...(!q.occupations.length && q.keywords.length ? [`“${q.keywords.join(' ')}”`] : []),
    ...q.places.flatMap((id) => {
      const p = place(id);
      return p ? [nameIn(p, locale)] : [];
    }),
    ...(q.near && !q.places.length ? [t('jobs.nearYou')] : []),
    ...(q.salary
      ? [
          t('jobs.from', {
            amount: t(`jobs.per.${q.salary.period}`, { amount: money(locale, q.salary.currency, q.salary.amount) }),
          }),
        ]
      : []),
    ...(q.type ? [t(`jobs.type.${q.type}`)] : []),
    ...q.groups.map((g) => t(`jobs.group.${g}`)),
    ...(q.fair ? [t('jobs.atFair')] : []),
  ];
  return parts.length ? parts.join(' · ') : t('jobs.anyJob');
}
