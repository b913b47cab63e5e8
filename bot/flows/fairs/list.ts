// Which coming fairs a person sees: all, near them, this week, online, or for a group; and the buttons to narrow down.
import { z } from 'zod';
import type { FairFilter } from '../../catalog.js';
import { type CapabilityContext, type FlowResult, idle } from '../../flow.js';
import type { T } from '../../i18n.js';
import { place, placeMatcher, recognise } from '../../search/vocab.js';
import type { Button } from '../../types.js';
import { backToMenu, text } from '../common.js';
import { fairCard } from './cards.js';

const MAX_CARDS = 10;

/** The groups a fair can be for that people ask about by name. */
export const FAIR_GROUPS = ['disability', 'migrant_workers', 'graduates', 'older_workers'] as const;

/** A list as its button names it: `all`, `near`, `week`, `online`, `group:<group>`. */
export const listName = z.union([
  z.enum(['all', 'near', 'week', 'online']),
  z.templateLiteral(['group:', z.enum(FAIR_GROUPS)]),
]);
export type ListName = z.infer<typeof listName>;

/** Where "near me" is: a shared location, else the profile's city if the gazetteer knows it. */
export function whereIs(user: CapabilityContext['user']): { lat: number; lon: number } | null {
  if (user.lat !== null && user.lon !== null) return { lat: user.lat, lon: user.lon };
  const p = place(recognise(placeMatcher, user.city));
  return p ? { lat: p.lat, lon: p.lon } : null;
}

const filterOf = (name: ListName, near: { lat: number; lon: number } | null): FairFilter => {
  if (name === 'week') return { withinDays: 7 };
  if (name === 'online') return { online: true };
  if (name === 'near') return near ? { near } : {};
  if (name.startsWith('group:')) return { group: name.slice('group:'.length) };
  return {};
};

const heading = (t: T, name: ListName): string =>
  name === 'all'
    ? t('fairs.upcoming')
    : name.startsWith('group:')
      ? t('fairs.list.group', { group: t(`fairs.group.${name.slice(6)}`) })
      : t(`fairs.list.${name}`);

/** The ways to narrow the list down, the one on screen left out. */
export function narrowButtons(t: T, shown?: ListName): Button[] {
  const all: [ListName | 'groups', string][] = [
    ['near', 'fairs.filter.near'],
    ['week', 'fairs.filter.week'],
    ['online', 'fairs.filter.online'],
    ['groups', 'fairs.filter.group'],
    ['all', 'fairs.filter.all'],
  ];
  return [
    ...all
      .filter(([n]) => n !== shown && !(n === 'all' && shown === undefined))
      .map(([n, label]) => ({ label: t(label), action: n === 'groups' ? 'fairs:groups' : `fairs:list:${n}` })),
    { label: t('fairs.follow.new'), action: 'fairs:alerts' },
    ...backToMenu(t),
  ];
}

export async function showList(
  ctx: CapabilityContext,
  name: ListName,
  at?: { lat: number; lon: number },
): Promise<FlowResult> {
  const { t, user } = ctx;
  const near = at ?? whereIs(user);
  if (name === 'near' && !near) {
    return {
      conv: { flow: 'fairs', step: 'near', data: {} },
      replies: [
        text(t('fairs.askLocation'), [
          { label: t('profile.shareLocation'), request: 'location' },
          { label: t('fairs.filter.all'), action: 'fairs:list:all' },
          ...backToMenu(t),
        ]),
      ],
    };
  }
  const found = await ctx.services.catalog.upcomingFairs(ctx.now, MAX_CARDS, filterOf(name, near));
  const shown = name === 'all' ? undefined : name;
  if (!found.length) {
    const none = name === 'all' ? t('fairs.none') : t('fairs.noneFor');
    return { conv: idle, replies: [text(none, narrowButtons(t, shown))] };
  }
  return {
    conv: idle,
    replies: [
      {
        type: 'cards',
        text: heading(t, name),
        cards: found.map((f) => fairCard(t, user.locale, user.timeZone, f)),
      },
      text(t('fairs.pick'), narrowButtons(t, shown)),
    ],
  };
}

export const groupPicker = (ctx: CapabilityContext): FlowResult => ({
  conv: idle,
  replies: [
    text(ctx.t('fairs.pickGroup'), [
      ...FAIR_GROUPS.map((g) => ({ label: ctx.t(`fairs.group.${g}`), action: `fairs:list:group:${g}` })),
      ...backToMenu(ctx.t),
    ]),
  ],
});
