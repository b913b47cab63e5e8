// The language: chosen with a button or the `language` command, or heard in what people write. A brand-new user's
// first message sets the welcome language, whatever the phone says; later, a run of messages in another of our
// languages earns a one-tap offer to switch, never a silent switch (people quote, copy and mix languages).
import { idle, type Capability, type CapabilityContext, type FlowResult, type Step } from '../../flow.js';
import { LOCALES, tFor } from '../../i18n.js';
import { detectLanguage, sameFamily, type Detected } from '../../language.js';
import type { Reply } from '../../types.js';
import { languagePicker, text } from '../common.js';
import type { Envelope, LanguageRun } from '../conversation.js';
import { askConsent, start } from '../onboarding/index.js';

/** Messages in a row in another language before the switch is offered. */
const RUN_FOR_OFFER = 2;

/** What a typed message says about its language; buttons, commands and /slashes say nothing. */
async function heard(ctx: CapabilityContext, isCommand: boolean): Promise<Detected | null> {
  const b = ctx.event.body;
  if (b.type !== 'text' || b.text.trim().startsWith('/') || isCommand) return null;
  return detectLanguage(b.text);
}

/** Is this detection strong enough to prefer over `current`? Close relatives (id/ms, zh-CN/zh-TW) need more. */
function outweighs(d: Detected | null, current: string): boolean {
  if (!d || d.locale === current) return false;
  return d.confidence >= (sameFamily(d.locale, current) ? 0.85 : 0.6);
}

const offer = (current: string, target: string): Reply =>
  text(tFor(target)('language.offer'), [
    { label: tFor(target)('language.name'), action: `lang:${target}` },
    { label: tFor(current)('language.name'), action: `lang:${current}` },
  ]);

/**
 * Around every event: counts the messages in another language and, at RUN_FOR_OFFER, adds the offer. The run lives
 * in the conversation's envelope, so it survives flows that replace their data; a language change clears it.
 */
export async function listen(
  ctx: CapabilityContext,
  envelope: Envelope,
  isCommand: boolean,
  result: FlowResult,
): Promise<[FlowResult, Envelope]> {
  const { conv, user } = ctx;
  const previous = envelope.lang;
  const changed = result.user?.locale !== undefined && result.user.locale !== user.locale;
  // Profile answers are names (a city, a job title), and the language picker is already on screen in onboarding.
  const listening = !changed && conv.flow !== 'profile' && !(conv.flow === 'onboarding' && conv.step === 'language');
  const d = listening ? await heard(ctx, isCommand) : null;

  let run: LanguageRun | null = changed ? null : previous;
  const replies = [...result.replies];
  if (d && outweighs(d, user.locale)) {
    run =
      previous?.locale === d.locale
        ? { ...previous, count: previous.count + 1 }
        : { locale: d.locale, count: 1, offered: false };
    if (run.count >= RUN_FOR_OFFER && !run.offered) {
      replies.push(offer(user.locale, d.locale));
      run = { ...run, offered: true };
    }
  } else if (d && d.locale === user.locale && d.confidence >= 0.6) {
    run = null; // back in their own language: the run is over
  }
  return [
    { ...result, replies },
    { ...envelope, lang: run },
  ];
}

/** A new user's first message, when it is clearly in one of our languages, decides the welcome language. */
export async function firstContact(ctx: CapabilityContext, args: string, isCommand: boolean): Promise<FlowResult> {
  const d = await heard(ctx, isCommand);
  if (!d || !outweighs(d, ctx.user.locale)) return start(ctx, args);
  const { locale } = d;
  const result = await start({ ...ctx, user: { ...ctx.user, locale }, t: tFor(locale) }, args);
  return { ...result, user: { locale, ...result.user } };
}

function choose(ctx: CapabilityContext, locale: string): Step {
  if (!LOCALES.includes(locale)) return start(ctx);
  if (ctx.user.consent !== 'given') return askConsent(ctx, locale);
  const t = tFor(locale);
  return { user: { locale }, conv: idle, replies: [text(t('language.changed')), ctx.mainMenu(t)] };
}

export const language: Capability = {
  name: 'language',
  needsConsent: false,
  commands: {
    language: {
      words: 'commands.language',
      aliases: ['lang'],
      describe: 'telegram.commands.language',
      button: { label: 'menu.language', tile: true },
      run: (ctx) => ({ conv: ctx.conv, replies: [languagePicker(ctx.t, ctx.user.locale)] }),
    },
  },
  actions: { lang: choose },
};
