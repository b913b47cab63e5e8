// Collects city, desired job and phone number, re-asking in the user's language when an answer won't do.
import { isSkip } from '../commands.js';
import { idle, type FlowContext, type FlowResult, type Profile } from '../flow.js';
import type { T } from '../i18n.js';
import type { Button } from '../types.js';
import { text } from './common.js';

// Characters and shapes that belong to code, markup or links, never to a city or a job title.
const MARKUP = /[<>{}[\]\\=`|^~#$%*@;]|--|https?:|www\./i;
const LETTER = /\p{L}/u;

const clean = (s: string) => s.normalize('NFKC').replace(/\s+/g, ' ').trim();

export function validCity(input: string): string | null {
  const s = clean(input);
  return s.length >= 1 && s.length <= 60 && LETTER.test(s) && !MARKUP.test(s) && !/\d{3,}/.test(s) ? s : null;
}

export function validJob(input: string): string | null {
  const s = clean(input);
  return s.length >= 1 && s.length <= 80 && LETTER.test(s) && !MARKUP.test(s) ? s : null;
}

/** Accepts 7–15 digits with an optional leading +, ignoring the spaces, dashes, dots and brackets people type. */
export function validPhone(input: string): string | null {
  const s = clean(input).replace(/[\s\-.()]/g, '');
  return /^\+?\d{7,15}$/.test(s) ? s : null;
}

const skip = (t: T): Button => ({ label: t('profile.skip'), action: 'profile:skip' });

const ask = {
  city: (t: T) => text(t('profile.askCity'), [{ label: t('profile.shareLocation'), request: 'location' }, skip(t)]),
  job: (t: T) => text(t('profile.askJob'), [skip(t)]),
  phone: (t: T) => text(t('profile.askPhone'), [{ label: t('profile.sharePhone'), request: 'contact' }, skip(t)]),
};

const summary = (t: T, u: Profile) =>
  text(t('profile.summary', {
    city: u.city ?? (u.lat !== null ? '📍' : t('profile.notSet')),
    job: u.desiredJob ?? t('profile.notSet'),
    phone: u.phone ?? t('profile.notSet'),
  }), [{ label: t('profile.edit'), action: 'profile:edit' }, { label: t('menu.back'), action: 'cmd:menu' }]);

export const begin = (ctx: FlowContext): FlowResult => ({
  conv: { flow: 'profile', step: 'city', data: {} },
  replies: [text(ctx.t('profile.intro')), ask.city(ctx.t)],
});

export function show(ctx: FlowContext): FlowResult {
  const u = ctx.user;
  if (!u.city && !u.desiredJob && !u.phone && u.lat === null) return begin(ctx);
  return { conv: idle, replies: [summary(ctx.t, u)] };
}

export function handle(ctx: FlowContext): FlowResult {
  const { t, event, conv, user } = ctx;
  const b = event.body;
  if (b.type === 'action' && b.action === 'profile:edit') return begin(ctx);
  const skipped = (b.type === 'action' && b.action === 'profile:skip') || (b.type === 'text' && isSkip(b.text));
  const input = b.type === 'text' ? b.text : '';

  if (conv.step === 'city') {
    const next: FlowResult = { conv: { flow: 'profile', step: 'job', data: {} }, replies: [ask.job(t)] };
    if (skipped) return next;
    if (b.type === 'location') return { ...next, user: { lat: b.lat, lon: b.lon }, replies: [text(t('profile.locationSaved')), ask.job(t)] };
    const city = validCity(input);
    return city ? { ...next, user: { city } } : { conv, replies: [text(t('profile.badCity')), ask.city(t)] };
  }
  if (conv.step === 'job') {
    const next: FlowResult = { conv: { flow: 'profile', step: 'phone', data: {} }, replies: [ask.phone(t)] };
    if (skipped) return next;
    const desiredJob = validJob(input);
    return desiredJob ? { ...next, user: { desiredJob } } : { conv, replies: [text(t('profile.badJob')), ask.job(t)] };
  }
  // step 'phone' (also reached when a contact is shared from the menu)
  const phone = b.type === 'contact' ? validPhone(b.phone) : validPhone(input);
  if (!skipped && !phone) return { conv, replies: [text(t('profile.badPhone')), ask.phone(t)] };
  const updated = { ...user, ...(phone ? { phone } : {}) };
  return { user: phone ? { phone } : {}, conv: idle, replies: [text(t('profile.saved')), summary(t, updated)] };
}
