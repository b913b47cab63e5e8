// Collects city, desired job and phone number, re-asking in the user's language when an answer won't do.
import { z } from 'zod';
import { idle, type Capability, type CapabilityContext, type FlowResult, type Profile } from '../../flow.js';
import type { T } from '../../i18n.js';
import type { Button } from '../../types.js';
import { backToMenu, text } from '../common.js';
import { labelKey } from '../words.js';
import { countryOf, examplePhone, groupedPhone, validCity, validJob, validPhone } from './validate.js';
import { synonyms } from '../../i18n.js';
import { place, placeMatcher, placesNear, recognise } from '../../search/vocab.js';

/** The time zone of a city the gazetteer knows: alerts and reminders keep to the person's own hours. */
const zoneOf = (city: string): { timeZone?: string } => {
  const p = place(recognise(placeMatcher, city));
  return p ? { timeZone: p.tz } : {};
};
/** The time zone of the nearest known place within a day's travel of a shared location. */
export const zoneAt = (at: { lat: number; lon: number }): { timeZone?: string } => {
  const nearest = placesNear(at.lat, at.lon, 300)[0];
  return nearest ? { timeZone: nearest.place.tz } : {};
};

const skipWords = new Set(synonyms('commands.skip').map(labelKey));
const isSkip = (s: string) => skipWords.has(labelKey(s));

const skip = (t: T): Button => ({ label: t('profile.skip'), action: 'profile:skip' });

const ask = {
  city: (t: T) => text(t('profile.askCity'), [{ label: t('profile.shareLocation'), request: 'location' }, skip(t)]),
  job: (t: T) => text(t('profile.askJob'), [skip(t)]),
  phone: (t: T, locale: string) =>
    text(t('profile.askPhone', { example: examplePhone(locale) }), [
      { label: t('profile.sharePhone'), request: 'contact' },
      skip(t),
    ]),
};

const whereLabel = (t: T, u: Profile) =>
  u.city ?? (u.lat !== null && u.lon !== null ? `📍 ${u.lat.toFixed(4)}, ${u.lon.toFixed(4)}` : t('profile.notSet'));

const summary = (t: T, u: Profile) =>
  text(
    t('profile.summary', {
      city: whereLabel(t, u),
      job: u.desiredJob ?? t('profile.notSet'),
      phone: u.phone ? groupedPhone(u.phone) : t('profile.notSet'),
    }),
    [{ label: t('profile.edit'), action: 'profile:edit' }, ...backToMenu(t)],
  );

const begin = (ctx: CapabilityContext): FlowResult => ({
  conv: { flow: 'profile', step: 'city', data: {} },
  replies: [text(ctx.t('profile.intro')), ask.city(ctx.t)],
});

function show(ctx: CapabilityContext): FlowResult {
  const u = ctx.user;
  if (!u.city && !u.desiredJob && !u.phone && u.lat === null) return begin(ctx);
  return { conv: idle, replies: [summary(ctx.t, u)] };
}

/** The phone step's answer: typed, or the user's own contact shared (also from the menu). */
export function answerPhone(ctx: CapabilityContext, skipped = false): FlowResult {
  const { t, event, user } = ctx;
  const b = event.body;
  const phone =
    b.type === 'contact'
      ? validPhone(b.phone, countryOf(user.locale))
      : b.type === 'text'
        ? validPhone(b.text, countryOf(user.locale))
        : null;
  if (!skipped && !phone) {
    return {
      conv: { flow: 'profile', step: 'phone', data: {} },
      replies: [text(t('profile.badPhone', { example: examplePhone(user.locale) })), ask.phone(t, user.locale)],
    };
  }
  const updated = { ...user, ...(phone ? { phone } : {}) };
  return { user: phone ? { phone } : {}, conv: idle, replies: [text(t('profile.saved')), summary(t, updated)] };
}

function answer(ctx: CapabilityContext, skipped: boolean): FlowResult {
  const { t, event, conv, user } = ctx;
  const b = event.body;
  const input = b.type === 'text' ? b.text : '';
  if (conv.step === 'city') {
    const next: FlowResult = { conv: { flow: 'profile', step: 'job', data: {} }, replies: [ask.job(t)] };
    if (skipped) return next;
    if (b.type === 'location')
      return {
        ...next,
        user: { lat: b.lat, lon: b.lon, ...zoneAt(b) },
        replies: [text(t('profile.locationSaved')), ask.job(t)],
      };
    const city = validCity(input);
    return city
      ? { ...next, user: { city, ...zoneOf(city) } }
      : { conv, replies: [text(t('profile.badCity')), ask.city(t)] };
  }
  if (conv.step === 'job') {
    const next: FlowResult = {
      conv: { flow: 'profile', step: 'phone', data: {} },
      replies: [ask.phone(t, user.locale)],
    };
    if (skipped) return next;
    const desiredJob = validJob(input);
    return desiredJob ? { ...next, user: { desiredJob } } : { conv, replies: [text(t('profile.badJob')), ask.job(t)] };
  }
  return answerPhone(ctx, skipped);
}

export const profile: Capability = {
  name: 'profile',
  steps: ['city', 'job', 'phone'],
  data: z.looseObject({}),
  menu: { order: 4, label: 'menu.profile', words: 'commands.profile' },
  open: show,
  actions: {
    profile: (ctx, value) => {
      if (value === 'edit') return begin(ctx);
      // "Skip" counts only for the question on screen; pressed later, it shows the profile.
      return ctx.conv.flow === 'profile' ? answer(ctx, value === 'skip') : show(ctx);
    },
  },
  onInput: (ctx) => answer(ctx, ctx.event.body.type === 'text' && isSkip(ctx.event.body.text)),
};
