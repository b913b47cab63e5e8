// First contact: welcome, language (the platform's hint first), consent; then the main menu, or the deep link that
// brought the person here. Also the answer to anything asked before consent, and consent withdrawn.
import { z } from 'zod';
import { idle, type Capability, type CapabilityContext, type FlowResult, type Profile, type Step } from '../../flow.js';
import { tFor } from '../../i18n.js';
import { consentPrompt, languagePicker, text } from '../common.js';

/** Deep-link arguments look like "<prefix>_<id>" (`/start fair_spring-2026`). */
const LINK = /^[a-z]+_[\w-]{1,60}$/;
const data = z.looseObject({ link: z.string().regex(LINK).optional() });

const linkOf = (ctx: CapabilityContext, args: string): string | undefined => {
  if (LINK.test(args)) return args;
  const kept = ctx.conv.flow === 'onboarding' ? data.safeParse(ctx.conv.data) : null;
  return kept?.success ? kept.data.link : undefined;
};

export function start(ctx: CapabilityContext, args = ''): Step {
  const { t, user } = ctx;
  const link = linkOf(ctx, args);
  if (user.consent === 'given') {
    return (link && ctx.openLink(link)) || { conv: idle, replies: [text(t('onboarding.welcomeBack')), ctx.mainMenu()] };
  }
  return {
    conv: { flow: 'onboarding', step: 'language', data: link ? { link } : {} },
    replies: [languagePicker(t, user.locale, t('onboarding.welcome'))],
  };
}

/** After the language is chosen, before consent: the consent question in that language. */
export const askConsent = (ctx: CapabilityContext, locale: string): FlowResult => ({
  user: { locale },
  conv: { flow: 'onboarding', step: 'consent', data: ctx.conv.flow === 'onboarding' ? ctx.conv.data : {} },
  replies: [consentPrompt(tFor(locale))],
});

/** Anything asked before consent: the question again (the language picker if that is where we were). */
export function needConsent(ctx: CapabilityContext): Step {
  const { t, conv } = ctx;
  if (conv.flow === 'onboarding' && conv.step === 'language') return start(ctx);
  const data = conv.flow === 'onboarding' ? conv.data : {};
  return {
    conv: { flow: 'onboarding', step: 'consent', data },
    replies: [consentPrompt(t, t('onboarding.needConsent'))],
  };
}

const FORGET: Partial<Profile> = { city: null, desiredJob: null, phone: null, lat: null, lon: null };

async function answer(ctx: CapabilityContext, value: string): Promise<FlowResult> {
  const { t, user, conv } = ctx;
  const asked = conv.flow === 'onboarding' && conv.step === 'consent';
  if (value === 'yes') {
    if (user.consent === 'given') return { conv: idle, replies: [ctx.mainMenu()] }; // an old button: nothing to do
    const given: CapabilityContext = { ...ctx, user: { ...user, consent: 'given' } };
    const link = linkOf(ctx, '');
    const next = (link && (await given.openLink(link))) || { conv: idle, replies: [ctx.mainMenu()] };
    return { user: { consent: 'given' }, conv: next.conv, replies: [text(t('onboarding.done')), ...next.replies] };
  }
  // "No, thanks" counts only as the answer to the question on screen; an old one asks again.
  if (user.consent === 'given' && !asked) {
    return {
      conv: { flow: 'onboarding', step: 'consent', data: {} },
      replies: [consentPrompt(t, t('onboarding.confirmWithdraw'))],
    };
  }
  // Declining keeps only the language: what the profile held is forgotten, and no alert is sent any more.
  return {
    user: { consent: 'declined', ...FORGET },
    conv: { flow: 'onboarding', step: 'consent', data: asked ? conv.data : {} },
    replies: [text(t('onboarding.declined'))],
    effects: [{ type: 'unsubscribe_all' }],
  };
}

export const onboarding: Capability = {
  name: 'onboarding',
  needsConsent: false,
  steps: ['language', 'consent'],
  data,
  commands: {
    start: { words: 'commands.start', describe: 'telegram.commands.start', run: start },
  },
  actions: { consent: answer },
  // Typing instead of answering: before consent, the question again; after (a withdrawal not confirmed), the menu.
  onInput: (ctx) => (ctx.user.consent === 'given' ? { conv: idle, replies: [ctx.mainMenu()] } : needConsent(ctx)),
};
