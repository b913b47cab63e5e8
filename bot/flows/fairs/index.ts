// Job fairs: the coming ones, one fair in full (with its place on a map), and `/start fair_<id>` deep links.
import { idle, type Capability, type CapabilityContext, type FlowResult } from '../../flow.js';
import type { Reply } from '../../types.js';
import { backToMenu, text } from '../common.js';
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

/** One fair in full: its card, where it is on a map, and the way to the others. */
async function openFair(ctx: CapabilityContext, externalId: string): Promise<FlowResult> {
  const { t, user } = ctx;
  const fair = await ctx.services.catalog.fair(externalId);
  if (!fair) return { conv: idle, replies: [text(t('fairs.notFound'), backToMenu(t))] };
  const replies: Reply[] = [{ type: 'cards', cards: [fairCard(t, user.locale, user.timeZone, fair, true)] }];
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

export const fairs: Capability = {
  name: 'fairs',
  menu: { order: 2, label: 'menu.fairs', words: 'commands.fairs', tile: true },
  open: upcoming,
  deepLinks: { fair_: openFair },
  actions: {
    fairs: (ctx, value) => {
      const [verb, ...rest] = value.split(':');
      return verb === 'show' ? openFair(ctx, rest.join(':')) : upcoming(ctx);
    },
  },
};
