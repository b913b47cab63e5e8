// First contact: welcome, language (the platform's hint first), consent; then the main menu.
import { LOCALES, tFor } from '../i18n.js';
import { idle, type FlowContext, type FlowResult } from '../flow.js';
import { consentPrompt, languagePicker, mainMenu, text } from './common.js';

export function start(ctx: FlowContext): FlowResult {
  const { t, user } = ctx;
  if (user.consent === 'given') return { conv: idle, replies: [text(t('onboarding.welcomeBack')), mainMenu(t)] };
  return { conv: { flow: 'onboarding', step: 'language', data: {} }, replies: [languagePicker(t, user.locale, t('onboarding.welcome'))] };
}

export function chooseLanguage(ctx: FlowContext, locale: string): FlowResult {
  if (!LOCALES.includes(locale)) return start(ctx);
  const t = tFor(locale);
  if (ctx.user.consent === 'given') {
    return { user: { locale }, conv: idle, replies: [text(t('language.changed')), mainMenu(t)] };
  }
  return { user: { locale }, conv: { flow: 'onboarding', step: 'consent', data: {} }, replies: [consentPrompt(t)] };
}

export function handle(ctx: FlowContext): FlowResult {
  const { t, event, conv } = ctx;
  const action = event.body.type === 'action' ? event.body.action : '';
  if (action === 'consent:yes') {
    return { user: { consent: 'given' }, conv: idle, replies: [text(t('onboarding.done')), mainMenu(t)] };
  }
  if (action === 'consent:no') {
    return { user: { consent: 'declined' }, conv: { flow: 'onboarding', step: 'consent', data: {} }, replies: [text(t('onboarding.declined'))] };
  }
  if (conv.flow === 'onboarding' && conv.step === 'language') return start(ctx);
  return { conv: { flow: 'onboarding', step: 'consent', data: {} }, replies: [consentPrompt(t, t('onboarding.needConsent'))] };
}
