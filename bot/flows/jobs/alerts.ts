// Saved searches and the alerts they bring: new matching jobs at most once a day, batched, inside the seeker's waking
// hours, each job once. The timer side (which searches are due, which jobs are new) is bot/alerts.ts.
import { and, desc, eq, notInArray, sql } from 'drizzle-orm';
import { DateTime } from 'luxon';
import { savedSearches } from '../../../db/schema.js';
import type { CapabilityContext, EffectHandler, FlowResult } from '../../flow.js';
import { jobQuerySchema, type JobQuery } from '../../search/query.js';
import { place } from '../../search/vocab.js';
import { backToMenu, text } from '../common.js';
import { describe, jobCard } from './cards.js';

/** Waking hours in the seeker's own time zone: nothing is sent from 21:00 to 08:00. */
export const WAKING = { from: 8, to: 21 } as const;
/** A search with nothing new is looked at again after this; one that alerted, after a day. */
export const CHECK_EVERY_MS = 3_600_000;
export const ALERT_EVERY_MS = 86_400_000;
/** Saved searches per person; saving another forgets the oldest. */
const KEEP = 5;

/** The first moment at or after `at` inside waking hours in `timeZone`. */
export function wakingSlot(at: Date, timeZone: string): Date {
  let local = DateTime.fromJSDate(at, { zone: timeZone });
  if (!local.isValid) local = DateTime.fromJSDate(at, { zone: 'UTC' });
  if (local.hour < WAKING.from) local = local.set({ hour: WAKING.from, minute: 0, second: 0, millisecond: 0 });
  else if (local.hour >= WAKING.to)
    local = local.plus({ days: 1 }).set({ hour: WAKING.from, minute: 0, second: 0, millisecond: 0 });
  return local.toJSDate();
}

// Where a person with no city in their profile most likely lives, by the language they chose.
export const LOCALE_ZONE: Record<string, string> = {
  'zh-CN': 'Asia/Shanghai',
  'zh-TW': 'Asia/Taipei',
  id: 'Asia/Jakarta',
  ms: 'Asia/Kuala_Lumpur',
  vi: 'Asia/Ho_Chi_Minh',
  th: 'Asia/Bangkok',
  tl: 'Asia/Manila',
};

/** The zone whose waking hours an alert keeps: the person's own, else the searched place's, else their language's. */
export function alertZone(user: { timeZone: string; locale: string }, q: JobQuery): string {
  if (user.timeZone !== 'UTC') return user.timeZone;
  return place(q.places[0])?.tz ?? LOCALE_ZONE[user.locale] ?? 'UTC';
}

export function saveSearch(ctx: CapabilityContext, q: JobQuery): FlowResult {
  const { t, user } = ctx;
  return {
    conv: ctx.conv,
    replies: [
      text(t('jobs.saved', { what: describe(t, user.locale, q), from: '08:00', to: '21:00' }), [
        ...(ctx.conv.step === 'results' ? [{ label: t('jobs.backToResults'), action: 'jobs:page' }] : []),
        ...backToMenu(t),
      ]),
    ],
    effects: [
      {
        type: 'save_search',
        query: q,
        at: ctx.now.toISOString(),
        due: wakingSlot(new Date(ctx.now.getTime() + CHECK_EVERY_MS), alertZone(user, q)).toISOString(),
      },
    ],
  };
}

const saveEffect: EffectHandler = async (tx, userId, effect) => {
  const query = jobQuerySchema.parse(effect.query);
  // The same search saved again replaces the old one rather than alerting twice.
  await tx
    .delete(savedSearches)
    .where(and(eq(savedSearches.userId, userId), sql`${savedSearches.query} = ${JSON.stringify(query)}::jsonb`));
  await tx.insert(savedSearches).values({
    userId,
    query,
    createdAt: new Date(String(effect.at)),
    seenUntil: new Date(String(effect.at)),
    dueAt: new Date(String(effect.due)),
  });
  const keep = tx
    .select({ id: savedSearches.id })
    .from(savedSearches)
    .where(eq(savedSearches.userId, userId))
    .orderBy(desc(savedSearches.id))
    .limit(KEEP);
  await tx.delete(savedSearches).where(and(eq(savedSearches.userId, userId), notInArray(savedSearches.id, keep)));
};

/** The alert itself, built when it is handled: jobs closed since are left out, and nothing is sent for none. */
export async function alertReply(ctx: CapabilityContext, data: Record<string, unknown>): Promise<FlowResult> {
  const { t, user } = ctx;
  const ids = Array.isArray(data.jobs) ? data.jobs.filter((x): x is number => Number.isSafeInteger(x)) : [];
  const q = jobQuerySchema.safeParse(data.query);
  const found = await ctx.services.catalog.jobsByIds(ids, ctx.now);
  if (!found.length || !q.success) return { conv: ctx.conv, replies: [] };
  return {
    conv: ctx.conv,
    replies: [
      {
        type: 'cards',
        text: t('jobs.alert', { count: found.length, what: describe(t, user.locale, q.data) }),
        cards: found.map((j) => jobCard(t, user.locale, j)),
      },
      text(t('jobs.alertFooter'), [{ label: t('jobs.stopAlerts'), action: 'cmd:stop' }, ...backToMenu(t)]),
    ],
  };
}

export const alertEffects = { save_search: saveEffect };
