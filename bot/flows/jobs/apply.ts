// Applying: the seeker sees what of their profile goes to the employer and agrees to it; a phone number is asked
// for when missing. The application is stored in the same transaction as the answer, with the job as it was.
import { eq } from 'drizzle-orm';
import { applications, jobs, users } from '../../../db/schema.js';
import type { CapabilityContext, EffectHandler, FlowResult, Step } from '../../flow.js';
import { backToMenu, text } from '../common.js';
import { countryOf, examplePhone, groupedPhone, validPhone } from '../profile/validate.js';
import { callButton } from './cards.js';

export const APPLY_STEPS = ['apply-phone', 'apply-confirm'] as const;

const gone = (ctx: CapabilityContext): FlowResult => ({
  conv: ctx.conv,
  replies: [text(ctx.t('jobs.gone'), backToMenu(ctx.t))],
});

/** What the employer will get, and the question whether to send it. */
async function confirm(ctx: CapabilityContext, jobId: number, phone: string): Promise<FlowResult> {
  const { t, user } = ctx;
  const job = await ctx.services.catalog.job(jobId, ctx.now);
  if (!job) return gone(ctx);
  const shared = [
    t('jobs.sharePhone', { phone: groupedPhone(phone) }),
    ...(user.city ? [t('jobs.shareCity', { city: user.city })] : []),
    ...(user.desiredJob ? [t('jobs.shareJob', { job: user.desiredJob })] : []),
  ];
  return {
    conv: { flow: 'jobs', step: 'apply-confirm', data: { job: jobId, q: (ctx.conv.data as { q?: unknown }).q } },
    replies: [
      text(t('jobs.confirmApply', { title: job.title, employer: job.employer, shared: shared.join('\n') }), [
        { label: t('jobs.sendApplication'), action: `jobs:send:${jobId}` },
        { label: t('jobs.cancel'), action: 'jobs:page' },
      ]),
    ],
  };
}

const askPhone = (ctx: CapabilityContext, jobId: number, again = false): FlowResult => ({
  conv: { flow: 'jobs', step: 'apply-phone', data: { job: jobId, q: (ctx.conv.data as { q?: unknown }).q } },
  replies: [
    text(ctx.t(again ? 'jobs.badPhone' : 'jobs.needPhone', { example: examplePhone(ctx.user.locale) }), [
      { label: ctx.t('profile.sharePhone'), request: 'contact' },
      { label: ctx.t('jobs.cancel'), action: 'jobs:page' },
    ]),
  ],
});

/** "Apply" on a card. */
export async function apply(ctx: CapabilityContext, jobId: number): Promise<FlowResult> {
  if (!Number.isSafeInteger(jobId) || !(await ctx.services.catalog.job(jobId, ctx.now))) return gone(ctx);
  return ctx.user.phone ? confirm(ctx, jobId, ctx.user.phone) : askPhone(ctx, jobId);
}

/** The phone number asked for, typed or shared; it is kept in the profile. */
export function applyInput(ctx: CapabilityContext): Step {
  const jobId = Number((ctx.conv.data as { job?: number }).job);
  const b = ctx.event.body;
  const typed = b.type === 'contact' ? b.phone : b.type === 'text' ? b.text : '';
  const phone = validPhone(typed, countryOf(ctx.user.locale));
  if (!phone) return askPhone(ctx, jobId, true);
  return confirm({ ...ctx, user: { ...ctx.user, phone } }, jobId, phone).then((r) => ({ ...r, user: { phone } }));
}

/** "Send": only for the question on screen, so an old button sends nothing. */
export async function send(ctx: CapabilityContext, jobId: number): Promise<FlowResult> {
  const { t, user } = ctx;
  const d = ctx.conv.data as { job?: number; q?: unknown };
  if (ctx.conv.step !== 'apply-confirm' || d.job !== jobId || !user.phone) return apply(ctx, jobId);
  const job = await ctx.services.catalog.job(jobId, ctx.now);
  if (!job) return gone(ctx);
  return {
    conv: { flow: 'jobs', step: 'results', data: d.q ? { q: d.q, page: 0 } : {} },
    replies: [
      text(t('jobs.applied', { employer: job.employer, contact: job.contact ?? t('jobs.noContact') }), [
        ...callButton(t, job.contact),
        ...(d.q ? [{ label: t('jobs.backToResults'), action: 'jobs:page' }] : []),
        ...backToMenu(t),
      ]),
    ],
    effects: [
      {
        type: 'apply',
        jobId,
        shared: { phone: user.phone, city: user.city, desiredJob: user.desiredJob },
        locale: user.locale,
      },
    ],
  };
}

const applyEffect: EffectHandler = async (tx, userId, effect) => {
  const [job] = await tx
    .select()
    .from(jobs)
    .where(eq(jobs.id, Number(effect.jobId)))
    .limit(1);
  const [user] = await tx.select({ channel: users.channel }).from(users).where(eq(users.id, userId)).limit(1);
  if (!job || !user) return;
  await tx
    .insert(applications)
    .values({
      userId,
      jobId: job.id,
      jobExternalId: job.externalId,
      jobTitle: job.title,
      employer: job.employer,
      channel: user.channel,
      locale: String(effect.locale),
      shared: effect.shared as { phone: string; city: string | null; desiredJob: string | null },
    })
    .onConflictDoNothing();
};

export const applyEffects = { apply: applyEffect };
