// The language heard in what people write. A brand-new user's first message sets the welcome language, whatever
// the phone says; later, a run of messages in another of our languages earns a one-tap offer to switch, never a
// silent switch (people quote, copy and mix languages). The run is counted in the conversation data.
import { commandOf } from '../commands.js';
import type { FlowContext, FlowResult } from '../flow.js';
import { tFor } from '../i18n.js';
import { detectLanguage, sameFamily, type Detected } from '../language.js';
import type { Reply } from '../types.js';
import { text } from './common.js';

/** Messages in a row in another language before the switch is offered. */
export const RUN_FOR_OFFER = 2;

interface Run { locale: string; count: number; offered: boolean }

/** What a typed message says about its language; buttons, commands and too-short texts say nothing. */
export async function heard(ctx: FlowContext): Promise<Detected | null> {
  const b = ctx.event.body;
  if (b.type !== 'text' || b.text.trim().startsWith('/') || commandOf(ctx.event)) return null;
  return detectLanguage(b.text);
}

/** Is this detection strong enough to prefer over `current`? Close relatives (id/ms, zh-CN/zh-TW) need more. */
export function outweighs(d: Detected | null, current: string): boolean {
  if (!d || d.locale === current) return false;
  return d.confidence >= (sameFamily(d.locale, current) ? 0.85 : 0.6);
}

const readRun = (data: Record<string, unknown>): Run | null => {
  const r = data.lang as Run | undefined;
  return r && typeof r.locale === 'string' && typeof r.count === 'number' ? r : null;
};

const offer = (current: string, target: string): Reply => text(tFor(target)('language.offer'), [
  { label: tFor(target)('language.name'), action: `lang:${target}` },
  { label: tFor(current)('language.name'), action: `lang:${current}` },
]);

/**
 * Runs after the flow: counts the messages in another language and, at RUN_FOR_OFFER, adds the offer. Carries the
 * count across flows (which replace their conversation data freely); a language change clears it.
 */
export async function follow(ctx: FlowContext, result: FlowResult): Promise<FlowResult> {
  const { conv, user } = ctx;
  const previous = readRun(conv.data);
  const changed = result.user?.locale !== undefined && result.user.locale !== user.locale;
  // Profile answers are names (a city, a job title), and the language picker is already on screen in onboarding.
  const listening = !changed && conv.flow !== 'profile' && !(conv.flow === 'onboarding' && conv.step === 'language');
  const d = listening ? await heard(ctx) : null;

  let run: Run | null = changed ? null : previous;
  const replies = [...result.replies];
  if (d && outweighs(d, user.locale)) {
    run = previous?.locale === d.locale
      ? { ...previous, count: previous.count + 1 }
      : { locale: d.locale, count: 1, offered: false };
    if (run.count >= RUN_FOR_OFFER && !run.offered) {
      replies.push(offer(user.locale, d.locale));
      run = { ...run, offered: true };
    }
  } else if (d && d.locale === user.locale && d.confidence >= 0.6) {
    run = null; // back in their own language: the run is over
  }
  if (!run && !('lang' in result.conv.data) && replies.length === result.replies.length) return result;
  const { lang: _old, ...data } = result.conv.data;
  return { ...result, conv: { ...result.conv, data: run ? { ...data, lang: run } : data }, replies };
}

/** A new user's first message, when it is clearly in one of our languages, decides the welcome language. */
export async function firstContact(ctx: FlowContext, welcome: (ctx: FlowContext) => FlowResult | Promise<FlowResult>):
  Promise<FlowResult> {
  const d = await heard(ctx);
  if (!d || !outweighs(d, ctx.user.locale)) return welcome(ctx);
  const locale = d.locale;
  const result = await welcome({ ...ctx, user: { ...ctx.user, locale }, t: tFor(locale) });
  return { ...result, user: { locale, ...result.user } };
}
