// First contact: welcome, language (the platform's hint first), consent; then the main menu.
import { LOCALES, tFor } from '../i18n.js';
import { idle, type FlowContext, type FlowResult } from '../flow.js';
import { consentPrompt, languagePicker, mainMenu, text } from './common.js';
import { openFair } from './listings.js';

// `/start fair_<id>` (a Telegram deep link, or typed): that fair, at once or right after onboarding.
const FAIR_LINK = /^fair_([\w-]{1,60})$/;

export function start(ctx: FlowContext, args = ''): FlowResult | Promise<FlowResult> {
  const { t, user } = ctx;
  const fair = FAIR_LINK.exec(args)?.[1];
  if (user.consent === 'given') return fair ? openFair(ctx, fair) : { conv: idle, replies: [text(t('onboarding.welcomeBack')), mainMenu(t)] };
  const data = fair ? { fair } : typeof ctx.conv.data.fair === 'string' ? { fair: ctx.conv.data.fair } : {};
  return { conv: { flow: 'onboarding', step: 'language', data }, replies: [languagePicker(t, user.locale, t('onboarding.welcome'))] };
}

export function chooseLanguage(ctx: FlowContext, locale: string): FlowResult | Promise<FlowResult> {
  if (!LOCALES.includes(locale)) return start(ctx);
  const t = tFor(locale);
  if (ctx.user.consent === 'given') {
    return { user: { locale }, conv: idle, replies: [text(t('language.changed')), mainMenu(t)] };
  }
  return { user: { locale }, conv: { flow: 'onboarding', step: 'consent', data: ctx.conv.data }, replies: [consentPrompt(t)] };
}

export async function handle(ctx: FlowContext): Promise<FlowResult> {
  const { t, event, conv } = ctx;
  const action = event.body.type === 'action' ? event.body.action : '';
  const data = conv.flow === 'onboarding' ? conv.data : {};
  if (action === 'consent:yes') {
    const given = { ...ctx, user: { ...ctx.user, consent: 'given' as const } };
    const next = typeof data.fair === 'string' ? await openFair(given, data.fair) : { conv: idle, replies: [mainMenu(t)] };
    return { user: { consent: 'given' }, conv: next.conv, replies: [text(t('onboarding.done')), ...next.replies] };
  }
  if (action === 'consent:no') {
    return { user: { consent: 'declined' }, conv: { flow: 'onboarding', step: 'consent', data }, replies: [text(t('onboarding.declined'))] };
  }
  if (conv.flow === 'onboarding' && conv.step === 'language') return start(ctx);
  return { conv: { flow: 'onboarding', step: 'consent', data }, replies: [consentPrompt(t, t('onboarding.needConsent'))] };
}
