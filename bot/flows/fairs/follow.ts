// Registering (a ticket with a QR code, and reminders), following a fair's reminders, and alerts for new fairs in a
// city or for a group. The reminders and alerts themselves are sent by the timer side (bot/fairs/notices.ts).
import { and, eq, isNull } from 'drizzle-orm';
import { fairRegistrations, subscriptions } from '../../../db/schema.js';
import type { Fair } from '../../catalog.js';
import { newTicketCode, ticketPath } from '../../fairs/ticket.js';
import { type CapabilityContext, type EffectHandler, type FlowResult, idle } from '../../flow.js';
import { span } from '../../format.js';
import { nameIn, place, placeMatcher, recognise } from '../../search/vocab.js';
import type { Reply } from '../../types.js';
import { backToMenu, text } from '../common.js';
import { FAIR_GROUPS } from './list.js';

/** What a person follows: one fair's reminders, or new fairs in a place or for a group. */
export const FOLLOW = { fair: 'fair', city: 'fairs_city', group: 'fairs_group' } as const;

const open = (f: Fair, now: Date) => f.status === 'scheduled' && f.endsAt > now;

/** After acting on a fair: back to its details, or to the menu. */
const backTo = (ctx: CapabilityContext, f: Fair) => [
  { label: ctx.t('fairs.details'), action: `fairs:show:${f.externalId}` },
  ...backToMenu(ctx.t),
];

/** The ticket: the QR code with the code written out, and when and where to bring it. */
export function ticketReply(ctx: CapabilityContext, f: Fair, code: string): Reply {
  const { t, user } = ctx;
  return {
    type: 'qr',
    code,
    caption: t('fairs.ticket', {
      title: f.title,
      code,
      when: span(user.locale, f.timezone ?? user.timeZone, f.startsAt, f.endsAt),
    }),
    ...(ctx.services.publicUrl ? { url: `${ctx.services.publicUrl.replace(/\/$/, '')}${ticketPath(code)}` } : {}),
  };
}

export async function register(ctx: CapabilityContext, f: Fair): Promise<FlowResult> {
  const { t } = ctx;
  const mine = await ctx.services.mine?.ticket(f.id);
  if (mine)
    return { conv: idle, replies: [ticketReply(ctx, f, mine.code), text(t('fairs.haveTicket'), backTo(ctx, f))] };
  if (!open(f, ctx.now)) return { conv: idle, replies: [text(t('fairs.closed'), backTo(ctx, f))] };
  const code = newTicketCode();
  return {
    conv: idle,
    replies: [
      text(t('fairs.registered', { title: f.title })),
      ticketReply(ctx, f, code),
      text(t('fairs.remindersOn'), backTo(ctx, f)),
    ],
    effects: [{ type: 'fair_register', fairId: f.id, code, at: ctx.now.toISOString() }],
  };
}

export async function showTicket(ctx: CapabilityContext, f: Fair): Promise<FlowResult> {
  const mine = await ctx.services.mine?.ticket(f.id);
  if (!mine) return register(ctx, f);
  const used = mine.checkedInAt
    ? [
        text(
          ctx.t('fairs.ticketUsed', {
            at: span(ctx.user.locale, f.timezone ?? ctx.user.timeZone, mine.checkedInAt, mine.checkedInAt),
          }),
        ),
      ]
    : [];
  return {
    conv: idle,
    replies: [ticketReply(ctx, f, mine.code), ...used, text(ctx.t('fairs.haveTicket'), backTo(ctx, f))],
  };
}

export function follow(ctx: CapabilityContext, f: Fair, on: boolean): FlowResult {
  const { t } = ctx;
  if (on && !open(f, ctx.now)) return { conv: idle, replies: [text(t('fairs.closed'), backTo(ctx, f))] };
  return {
    conv: idle,
    replies: [text(t(on ? 'fairs.following' : 'fairs.unfollowed', { title: f.title }), backTo(ctx, f))],
    effects: [
      {
        type: on ? 'fair_follow' : 'fair_unfollow',
        kind: FOLLOW.fair,
        target: String(f.id),
        at: ctx.now.toISOString(),
      },
    ],
  };
}

/** Alerts for new fairs: in the person's city (when the gazetteer knows it) or for one of the groups. */
export function alertChoices(ctx: CapabilityContext): FlowResult {
  const { t, user } = ctx;
  const city = place(recognise(placeMatcher, user.city));
  return {
    conv: idle,
    replies: [
      text(t('fairs.follow.ask'), [
        ...(city
          ? [
              {
                label: t('fairs.follow.city', { city: nameIn(city, user.locale) }),
                action: `fairs:alert:city:${city.id}`,
              },
            ]
          : []),
        ...FAIR_GROUPS.map((g) => ({ label: t(`fairs.group.${g}`), action: `fairs:alert:group:${g}` })),
        ...backToMenu(t),
      ]),
    ],
  };
}

export function followNew(ctx: CapabilityContext, kind: 'city' | 'group', target: string): FlowResult {
  const { t, user } = ctx;
  const p = kind === 'city' ? place(target) : undefined;
  const known = kind === 'city' ? !!p : (FAIR_GROUPS as readonly string[]).includes(target);
  if (!known) return alertChoices(ctx);
  const what = p ? nameIn(p, user.locale) : t(`fairs.group.${target}`);
  return {
    conv: idle,
    replies: [text(t('fairs.follow.done', { what, from: '08:00', to: '21:00' }), backToMenu(t))],
    effects: [{ type: 'fair_follow', kind: FOLLOW[kind], target, at: ctx.now.toISOString() }],
  };
}

export const followEffects: Record<string, EffectHandler> = {
  // Registering follows the fair too. An old button finds the ticket and shows it (see `register`); only two taps
  // handled in one batch, before the first was written, both make a code: the code shown last is the one kept.
  fair_register: async (tx, userId, e) => {
    const at = new Date(String(e.at));
    await tx
      .insert(fairRegistrations)
      .values({ userId, fairId: Number(e.fairId), code: String(e.code), createdAt: at })
      .onConflictDoUpdate({
        target: [fairRegistrations.userId, fairRegistrations.fairId],
        set: { code: String(e.code) },
        setWhere: isNull(fairRegistrations.checkedInAt),
      });
    await tx
      .insert(subscriptions)
      .values({ userId, kind: FOLLOW.fair, target: String(e.fairId), createdAt: at })
      .onConflictDoNothing();
  },
  fair_follow: async (tx, userId, e) => {
    await tx
      .insert(subscriptions)
      .values({ userId, kind: String(e.kind), target: String(e.target), createdAt: new Date(String(e.at)) })
      .onConflictDoNothing();
  },
  fair_unfollow: async (tx, userId, e) => {
    await tx
      .delete(subscriptions)
      .where(
        and(
          eq(subscriptions.userId, userId),
          eq(subscriptions.kind, String(e.kind)),
          eq(subscriptions.target, String(e.target)),
        ),
      );
  },
};
