// A job as a card: what a seeker weighs first (employer, place, pay, type), and a way to look closer.
import type { Job } from '../../catalog.js';
import { money } from '../../format.js';
import type { T } from '../../i18n.js';
import type { Card } from '../../types.js';

export function salary(t: T, locale: string, j: Job): string | null {
  if (j.salaryMin === null && j.salaryMax === null) return null;
  const amount = money(locale, j.currency, (j.salaryMin ?? j.salaryMax)!, (j.salaryMax ?? j.salaryMin)!);
  return j.salaryPeriod ? t(`jobs.per.${j.salaryPeriod}`, { amount }) : amount;
}

export function jobCard(t: T, locale: string, j: Job): Card {
  const pay = salary(t, locale, j);
  return {
    title: j.title,
    lines: [
      `🏢 ${j.employer} · ${[j.city, j.district].filter(Boolean).join(' ')}`,
      ...(pay ? [`💰 ${pay}`] : []),
      ...(j.employmentType ? [`🕒 ${t(`jobs.type.${j.employmentType}`)}`] : []),
      ...(j.contact ? [`📞 ${j.contact}`] : []),
    ],
    buttons: [{ label: t('jobs.details'), action: `jobs:show:${j.id}` }],
  };
}
