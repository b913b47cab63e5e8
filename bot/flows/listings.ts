// Jobs and fairs as cards: the newest jobs, the coming fairs, one fair by deep link.
import type { Fair, Job } from '../catalog.js';
import { idle, type FlowContext, type FlowResult } from '../flow.js';
import type { T } from '../i18n.js';
import type { Card } from '../types.js';
import { backToMenu, text } from './common.js';

const MAX_CARDS = 10;

function salary(t: T, locale: string, j: Job): string | null {
  if (j.salaryMin === null && j.salaryMax === null) return null;
  const nf = new Intl.NumberFormat(locale, j.currency ? { style: 'currency', currency: j.currency, maximumFractionDigits: 0 } : { maximumFractionDigits: 0 });
  const amount = j.salaryMin !== null && j.salaryMax !== null && j.salaryMin !== j.salaryMax
    ? nf.formatRange(j.salaryMin, j.salaryMax)
    : nf.format((j.salaryMin ?? j.salaryMax)!);
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
    buttons: [],
  };
}

export function fairCard(t: T, locale: string, userTimeZone: string, f: Fair): Card {
  const timeZone = f.timezone ?? userTimeZone;
  const when = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone }).formatRange(f.startsAt, f.endsAt);
  const place = f.kind === 'online' || f.kind === 'livestream' ? t(`fairs.kind.${f.kind}`) : [f.venue, f.city].filter(Boolean).join(', ');
  return {
    title: f.title,
    lines: [
      `📅 ${when} (${timeZone})`,
      ...(place ? [`📍 ${place}`] : []),
      ...(f.employersCount ? [`🏢 ${t('fairs.employers', { count: f.employersCount })}`] : []),
      ...(f.organizer ? [`👥 ${f.organizer}`] : []),
    ],
    buttons: f.url ? [{ label: t('fairs.open'), url: f.url }] : [],
  };
}

/** Cards under a heading, then a note with the way back; or a plain "nothing here" when the list is empty. */
function listing<T>(ctx: FlowContext, items: T[], card: (item: T) => Card, keys: { heading: string; none: string; note: string }): FlowResult {
  const { t } = ctx;
  if (!items.length) return { conv: idle, replies: [text(t(keys.none), backToMenu(t))] };
  return { conv: idle, replies: [{ type: 'cards', text: t(keys.heading), cards: items.map(card) }, text(t(keys.note), backToMenu(t))] };
}

export const latestJobs = async (ctx: FlowContext): Promise<FlowResult> =>
  listing(ctx, await ctx.services.catalog.latestJobs(ctx.now, MAX_CARDS), (j) => jobCard(ctx.t, ctx.user.locale, j),
    { heading: 'jobs.latest', none: 'jobs.none', note: 'jobs.searchSoon' });

export const upcomingFairs = async (ctx: FlowContext): Promise<FlowResult> =>
  listing(ctx, await ctx.services.catalog.upcomingFairs(ctx.now, MAX_CARDS), (f) => fairCard(ctx.t, ctx.user.locale, ctx.user.timeZone, f),
    { heading: 'fairs.upcoming', none: 'fairs.none', note: 'fairs.alertsSoon' });

/** A deep link such as `/start fair_<external id>` opens that fair. */
export async function openFair(ctx: FlowContext, externalId: string): Promise<FlowResult> {
  const { t, user } = ctx;
  const fair = await ctx.services.catalog.fair(externalId);
  if (!fair) return { conv: idle, replies: [text(t('fairs.notFound'), backToMenu(t))] };
  return { conv: idle, replies: [
    { type: 'cards', cards: [fairCard(t, user.locale, user.timeZone, fair)] },
    text(t('fairs.seeAll'), [{ label: t('menu.fairs'), action: 'menu:fairs' }, ...backToMenu(t)]),
  ] };
}
