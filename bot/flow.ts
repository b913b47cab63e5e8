// What a capability sees and returns. Flows are plain functions: no database, no platform, time injected.
import type { z } from 'zod';
import type { Catalog } from './catalog.js';
import type { Mine } from './mine.js';
import type { T } from './i18n.js';
import type { Tx } from '../db/client.js';
import type { Surface } from './surface.js';
import type { InboundEvent, Reply } from './types.js';

export interface Profile {
  locale: string;
  timeZone: string;
  consent: 'pending' | 'given' | 'declined';
  city: string | null;
  desiredJob: string | null;
  phone: string | null;
  lat: number | null;
  lon: number | null;
}

/** Where a conversation is: the capability that holds it, its step, and that capability's own data. */
export interface Conversation {
  flow: string;
  step: string;
  data: Record<string, unknown>;
}

export interface FlowContext {
  user: Profile;
  conv: Conversation;
  event: InboundEvent;
  isNew: boolean;
  now: Date;
  t: T;
  services: Services;
  /** What the user's channel can show; the full set when absent. */
  surface?: Surface;
}

/** What flows may read beyond the user's own state. */
export interface Services {
  catalog: Catalog;
  /** Where the web chat is reachable from outside (PUBLIC_URL), for links people share; null when unknown. */
  publicUrl: string | null;
  /** The person's own records; nothing when absent. */
  mine?: Mine;
}

/**
 * A change beyond the user's own row, applied in the same transaction by the capability that declares its type.
 * `delete_user` is the engine's own: it ends the user.
 */
export type Effect = { type: string } & Record<string, unknown>;
export const DELETE_USER: Effect = { type: 'delete_user' };

export interface FlowResult {
  user?: Partial<Profile>;
  conv: Conversation;
  replies: Reply[];
  effects?: Effect[];
}

export type Step = FlowResult | Promise<FlowResult>;

/** The main menu: the conversation rests here between tasks. */
export const idle: Conversation = { flow: 'menu', step: 'idle', data: {} };

/** A capability's context: the core adds what it derives from every capability's declaration. */
export interface CapabilityContext extends FlowContext {
  /** The main menu, in the user's language or in `t`'s (just after a language change). */
  mainMenu(t?: T): Reply;
  /** The commands understood at any time, in the user's language. */
  help(): Reply;
  /** Opens a deep link (`/start <prefix><arg>`) through the capability that declares it; null when none does. */
  openLink(link: string): FlowResult | Promise<FlowResult> | null;
}

export type Handler<A extends unknown[] = []> = (ctx: CapabilityContext, ...args: A) => Step;

export interface CommandSpec {
  /** i18n key of the words that call it when typed, in any locale ("menu|main menu"). */
  words: string;
  /** The /slash name (Telegram's command menu); words in `aliases` are accepted as slashes too. */
  slash?: string;
  aliases?: string[];
  /** i18n key describing it in `help` and in Telegram's command menu; left out of both without one. */
  describe?: string;
  /** Whether it works before the user agreed to how data is kept; its capability's setting otherwise. */
  needsConsent?: boolean;
  /** A button for it at the end of the main menu (i18n key), and whether that button is also a rich-menu tile. */
  button?: { label: string; tile?: boolean };
  run: Handler<[args: string]>;
}

/** Applies an effect inside the engine's transaction. */
export type EffectHandler = (tx: Tx, userId: number, effect: Effect) => Promise<unknown>;

/**
 * A capability declares what it owns; the router, the main menu, `help`, Telegram's commands and LINE's rich menu
 * are derived from these declarations (bot/flows/registry.ts).
 */
export interface Capability {
  /** Its name: the `flow` of its conversations and its menu entry's payload (`menu:<name>`). */
  name: string;
  /** Whether it may act before the user agreed to how data is kept. Fail closed: yes unless it says no. */
  needsConsent?: boolean;
  /** The steps its conversations may be in and the shape of their data; anything else resets to the menu. */
  steps?: readonly string[];
  data?: z.ZodType;
  /** Its main-menu entry (`menu:<name>`), ordered; the label is an i18n key and also works typed. */
  menu?: { order: number; label: string; words?: string; tile?: boolean };
  commands?: Record<string, CommandSpec>;
  /** `/start <prefix><arg>` deep links it opens. */
  deepLinks?: Record<string, Handler<[arg: string]>>;
  /** Opened from the menu or by its typed words. */
  open?: Handler;
  /** Its buttons by payload prefix: `<prefix>:<value>` is handed to `actions[prefix]` with the value. */
  actions?: Record<string, Handler<[value: string]>>;
  /** Free input while the conversation is in this capability. */
  onInput?: Handler;
  /** A sentence typed at the main menu that may be for it ("driver in Jakarta"); null when it is not. */
  understands?: (ctx: CapabilityContext, text: string) => Step | null | Promise<FlowResult | null>;
  /** An event for it from a timer, an operator or the system (`{ type: 'system', capability: name, kind }`). */
  onSystem?: Handler<[kind: string, data: Record<string, unknown>]>;
  effects?: Record<string, EffectHandler>;
}
