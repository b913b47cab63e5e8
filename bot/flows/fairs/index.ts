// Job fairs: the coming ones, one fair in full (with its place on a map), and `/start fair_<id>` deep links.
import { idle, type Capability, type CapabilityContext, type FlowResult } from '../../flow.js';
import type { Reply } from '../../types.js';
import { backToMenu, text } from '../common.js';
import { span } from '../../format.js';
import { fairCalendar } from './calendar.js';
import { fairCard } from './cards.js';

const MAX_CARDS = 10;

async function upcoming(ctx: CapabilityContext): Promise<FlowResult> {
  const { t, user } = ctx;
  const found = await ctx.services.catalog.upcomingFairs(ctx.now, MAX_CARDS);
  if (!found.length) return { conv: idle, replies: [text(t('fairs.none'), backToMenu(t))] };
  return {
    conv: idle,
    replies: [
      { type: 'cards', text: t('fairs.upcoming'), cards: found.map((f) => fairCard(t, user.locale, user.timeZone, f)) },
      text(t('fairs.pick'), backToMenu(t)),
    ],
  };
}

/** One fair in full: its card with stops and employers, where it is on a map, its jobs, a calendar file. */
async function openFair(ctx: CapabilityContext, externalId: string): Promise<FlowResult> {
  const { t, user } = ctx;
  const fair = await ctx.services.catalog.fair(externalId);
  if (!fair) return { conv: idle, replies: [text(t('fairs.notFound'), backToMenu(t))] };
  const stops = await ctx.services.catalog.fairStops(fair.id);
  const card = fairCard(t, user.locale, user.timeZone, fair, true);
  const replies: Reply[] = [
    {
      type: 'cards',
      cards: [
        {
          ...card,
          lines: [
            ...card.lines,
            ...stops.map((s) =>
              t('fairs.stop', {
                n: s.seq,
                when: span(user.locale, s.timezone ?? fair.timezone ?? user.timeZone, s.startsAt, s.endsAt),
                where: [s.venue, s.city].filter(Boolean).join(', '),
              }),
            ),
            ...(fair.employers.length
              ? [t('fairs.employerNames', { names: fair.employers.slice(0, 12).join(', ') })]
              : []),
          ],
          buttons: [
            { label: t('fairs.jobs'), action: `jobs:fair:${fair.externalId}` },
            { label: t('fairs.calendar'), action: `fairs:ics:${fair.externalId}` },
            ...card.buttons,
          ],
        },
      ],
    },
  ];
  if (fair.lat !== null && fair.lon !== null && fair.kind !== 'online' && fair.kind !== 'livestream') {
    replies.push({
      type: 'location',
      title: fair.venue ?? fair.title,
      ...(fair.address ? { address: fair.address } : {}),
      lat: fair.lat,
      lon: fair.lon,
    });
  }
  replies.push(text(t('fairs.seeAll'), [{ label: t('menu.fairs'), action: 'menu:fairs' }, ...backToMenu(t)]));
  return { conv: idle, replies };
}

/** The fair as an .ics file to add to a phone's calendar. */
async function calendarFile(ctx: CapabilityContext, externalId: string): Promise<FlowResult> {
  const { t } = ctx;
  const fair = await ctx.services.catalog.fair(externalId);
  const ics = fair ? fairCalendar(fair, await ctx.services.catalog.fairStops(fair.id)) : null;
  if (!fair || !ics) return { conv: ctx.conv, replies: [text(t('fairs.notFound'), backToMenu(t))] };
  const name = `${fair.externalId.replace(/[^\w-]/g, '_')}.ics`;
  return {
    conv: ctx.conv,
    replies: [
      {
        type: 'file',
        name,
        mime: 'text/calendar',
        content: ics,
        caption: t('fairs.calendarCaption', { title: fair.title }),
      },
    ],
  };
}

export const fairs: Capability = {
  name: 'fairs',
  menu: { order: 2, label: 'menu.fairs', words: 'commands.fairs', tile: true },
  open: upcoming,
  deepLinks: { fair_: openFair },
  actions: {
    fairs: (ctx, value) => {
      const [verb, ...rest] = value.split(':');
      if (verb === 'show') return openFair(ctx, rest.join(':'));
      if (verb === 'ics') return calendarFile(ctx, rest.join(':'));
      return upcoming(ctx);
    },
  },
};
