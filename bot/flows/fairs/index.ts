// Job fairs: the coming ones (near me, this week, online, for a group), one fair in full with its place on a map,
// registering for a ticket, reminders, alerts for new fairs, and `/start fair_<id>` deep links.
import { z } from 'zod';
import type { Fair } from '../../catalog.js';
import { type Capability, type CapabilityContext, type FlowResult, idle } from '../../flow.js';
import { span } from '../../format.js';
import type { Button, Reply } from '../../types.js';
import { backToMenu, text } from '../common.js';
import { fairCalendar } from './calendar.js';
import { fairCard } from './cards.js';
import { alertChoices, follow, followEffects, followNew, FOLLOW, register, showTicket } from './follow.js';
import { groupPicker, listName, narrowButtons, showList } from './list.js';

/** The fair's own buttons: a ticket (or the one they have), reminders on or off, its jobs, a calendar file. */
async function fairButtons(ctx: CapabilityContext, f: Fair): Promise<Button[]> {
  const { t } = ctx;
  if (f.status === 'cancelled' || f.endsAt <= ctx.now)
    return [{ label: t('fairs.jobs'), action: `jobs:fair:${f.externalId}` }];
  const [ticket, follows] = await Promise.all([
    ctx.services.mine?.ticket(f.id),
    ctx.services.mine?.follows(FOLLOW.fair, String(f.id)),
  ]);
  return [
    ticket
      ? { label: t('fairs.myTicket'), action: `fairs:ticket:${f.externalId}` }
      : { label: t('fairs.register'), action: `fairs:register:${f.externalId}` },
    follows
      ? { label: t('fairs.unfollow'), action: `fairs:unfollow:${f.externalId}` }
      : { label: t('fairs.follow.fair'), action: `fairs:follow:${f.externalId}` },
    { label: t('fairs.jobs'), action: `jobs:fair:${f.externalId}` },
    { label: t('fairs.calendar'), action: `fairs:ics:${f.externalId}` },
  ];
}

/** One fair in full: its card with stops and employers, where it is on a map, and what can be done with it. */
async function openFair(ctx: CapabilityContext, f: Fair): Promise<FlowResult> {
  const { t, user } = ctx;
  const stops = await ctx.services.catalog.fairStops(f.id);
  const card = fairCard(t, user.locale, user.timeZone, f, true);
  const replies: Reply[] = [
    {
      type: 'cards',
      cards: [
        {
          ...card,
          lines: [
            ...(f.status === 'cancelled' ? [t('fairs.cancelledLine')] : []),
            ...card.lines,
            ...stops.map((s) =>
              t('fairs.stop', {
                n: s.seq,
                when: span(user.locale, s.timezone ?? f.timezone ?? user.timeZone, s.startsAt, s.endsAt),
                where: [s.venue, s.city].filter(Boolean).join(', '),
              }),
            ),
            ...(f.employers.length ? [t('fairs.employerNames', { names: f.employers.slice(0, 12).join(', ') })] : []),
          ],
          buttons: [...(await fairButtons(ctx, f)), ...card.buttons],
        },
      ],
    },
  ];
  if (f.lat !== null && f.lon !== null && f.kind !== 'online' && f.kind !== 'livestream') {
    replies.push({
      type: 'location',
      title: f.venue ?? f.title,
      ...(f.address ? { address: f.address } : {}),
      lat: f.lat,
      lon: f.lon,
    });
  }
  replies.push(text(t('fairs.seeAll'), narrowButtons(t)));
  return { conv: idle, replies };
}

/** The fair as an .ics file to add to a phone's calendar. */
async function calendarFile(ctx: CapabilityContext, f: Fair): Promise<FlowResult> {
  const { t } = ctx;
  const ics = fairCalendar(f, await ctx.services.catalog.fairStops(f.id));
  if (!ics) return notFound(ctx);
  return {
    conv: ctx.conv,
    replies: [
      {
        type: 'file',
        name: `${f.externalId.replace(/[^\w-]/g, '_')}.ics`,
        mime: 'text/calendar',
        content: ics,
        caption: t('fairs.calendarCaption', { title: f.title }),
      },
    ],
  };
}

const notFound = (ctx: CapabilityContext): FlowResult => ({
  conv: idle,
  replies: [
    text(ctx.t('fairs.notFound'), [{ label: ctx.t('menu.fairs'), action: 'menu:fairs' }, ...backToMenu(ctx.t)]),
  ],
});

/** What a button does with one fair. */
const withFair: Record<string, (ctx: CapabilityContext, f: Fair) => FlowResult | Promise<FlowResult>> = {
  show: openFair,
  ics: calendarFile,
  register,
  ticket: showTicket,
  follow: (ctx, f) => follow(ctx, f, true),
  unfollow: (ctx, f) => follow(ctx, f, false),
};

async function act(ctx: CapabilityContext, value: string): Promise<FlowResult> {
  const [verb = '', ...rest] = value.split(':');
  const arg = rest.join(':');
  if (verb === 'list') {
    const name = listName.safeParse(arg);
    return showList(ctx, name.success ? name.data : 'all');
  }
  if (verb === 'groups') return groupPicker(ctx);
  if (verb === 'alerts') return alertChoices(ctx);
  if (verb === 'alert') {
    const [kind, target = ''] = [rest[0], rest.slice(1).join(':')];
    return kind === 'city' || kind === 'group' ? followNew(ctx, kind, target) : alertChoices(ctx);
  }
  const run = withFair[verb];
  if (!run) return showList(ctx, 'all');
  const f = await ctx.services.catalog.fair(arg);
  return f ? run(ctx, f) : notFound(ctx);
}

export const fairs: Capability = {
  name: 'fairs',
  steps: ['near'],
  data: z.looseObject({}),
  menu: { order: 2, label: 'menu.fairs', words: 'commands.fairs', tile: true },
  open: (ctx) => showList(ctx, 'all'),
  deepLinks: {
    fair_: async (ctx, id) => {
      const f = await ctx.services.catalog.fair(id);
      return f ? openFair(ctx, f) : notFound(ctx);
    },
  },
  actions: { fairs: act },
  // Asked where "near me" is: a shared location answers; anything else shows every coming fair.
  onInput: (ctx) => {
    const b = ctx.event.body;
    return b.type === 'location' ? showList(ctx, 'near', { lat: b.lat, lon: b.lon }) : showList(ctx, 'all');
  },
  effects: followEffects,
};
