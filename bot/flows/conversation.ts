// What the core keeps with every conversation besides the capability's own data, stored under "$" keys in the same
// row: the buttons offered in the last reply (so that their labels, or their numbers where the channel showed
// numbered choices, work typed) and the language run counted by the language capability.
import type { Conversation, FlowResult } from '../flow.js';
import type { InboundEvent, Reply } from '../types.js';
import { labelKey } from './words.js';

export interface Choice {
  label: string;
  action: string;
}
export interface LanguageRun {
  locale: string;
  count: number;
  offered: boolean;
}

export interface Envelope {
  choices: Choice[];
  /** The last reply showed its choices as numbers (a channel without enough buttons): digits pick them. */
  numbered: boolean;
  lang: LanguageRun | null;
}

const EMPTY: Envelope = { choices: [], numbered: false, lang: null };
const isChoice = (c: unknown): c is Choice =>
  !!c && typeof (c as Choice).label === 'string' && typeof (c as Choice).action === 'string';
const isRun = (r: unknown): r is LanguageRun =>
  !!r && typeof (r as LanguageRun).locale === 'string' && typeof (r as LanguageRun).count === 'number';

/** Splits a stored conversation into the core's envelope and the capability's own conversation. */
export function envelopeOf(conv: Conversation): [Envelope, Conversation] {
  const { $choices, $numbered, $lang, ...data } = conv.data;
  return [
    {
      choices: Array.isArray($choices) ? $choices.filter(isChoice) : EMPTY.choices,
      numbered: $numbered === true,
      lang: isRun($lang) ? $lang : null,
    },
    { ...conv, data },
  ];
}

/** The action buttons of these replies, in the order a person sees them. */
function choicesOf(replies: Reply[]): Choice[] {
  return replies.flatMap((r) => {
    const buttons = r.type === 'text' ? (r.buttons ?? []) : r.type === 'cards' ? r.cards.flatMap((c) => c.buttons) : [];
    return buttons.flatMap((b) => ('action' in b ? [{ label: b.label, action: b.action }] : []));
  });
}

/**
 * The result with the envelope stored back into its conversation; the buttons of the replies as the capability wrote
 * them (before a channel's fallback numbered them) become the choices.
 */
export function withEnvelope(
  result: FlowResult,
  envelope: Envelope,
  numbered = false,
  offered = result.replies,
): FlowResult {
  const choices = choicesOf(offered);
  const data: Record<string, unknown> = { ...result.conv.data };
  if (choices.length) data.$choices = choices;
  if (numbered && choices.length) data.$numbered = true;
  if (envelope.lang) data.$lang = envelope.lang;
  return { ...result, conv: { ...result.conv, data } };
}

/** The action of the offered button this event names by its label (or number, where numbers were shown). */
export function choiceOf(event: InboundEvent, envelope: Envelope): string | null {
  if (event.body.type !== 'text' || !envelope.choices.length) return null;
  const typed = event.body.text.trim();
  if (envelope.numbered && /^\d{1,2}$/.test(typed)) return envelope.choices[Number(typed) - 1]?.action ?? null;
  const key = labelKey(typed);
  return key ? (envelope.choices.find((c) => labelKey(c.label) === key)?.action ?? null) : null;
}
