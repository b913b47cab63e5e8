// Reply builders that several capabilities share.
import { LOCALES, tFor, type T } from '../i18n.js';
import type { Button, Reply } from '../types.js';

export const text = (t: string, buttons?: Button[]): Reply =>
  buttons?.length ? { type: 'text', text: t, buttons } : { type: 'text', text: t };

export const backToMenu = (t: T): Button[] => [{ label: t('menu.back'), action: 'cmd:menu' }];

/** Each language named in itself, the user's current one first. */
export const languagePicker = (t: T, current: string, prompt = t('language.choose')): Reply =>
  text(
    prompt,
    [current, ...LOCALES.filter((l) => l !== current)].map((l) => ({
      label: tFor(l)('language.name'),
      action: `lang:${l}`,
    })),
  );

export const consentPrompt = (t: T, prompt = t('onboarding.consent')): Reply =>
  text(prompt, [
    { label: t('onboarding.agree'), action: 'consent:yes' },
    { label: t('onboarding.decline'), action: 'consent:no' },
  ]);
