// What a flow sees and returns. Flows are plain functions: no database, no platform, time injected.
import type { Catalog } from './catalog.js';
import type { T } from './i18n.js';
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

export type FlowName = 'onboarding' | 'menu' | 'profile' | 'privacy';

export interface Conversation {
  flow: FlowName;
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
}

/** What flows may read beyond the user's own state. */
export interface Services {
  catalog: Catalog;
}

/** Side effects beyond the user's own row, carried out by the engine in the same transaction. */
export type Effect = 'unsubscribe_all' | 'delete_user';

export interface FlowResult {
  user?: Partial<Profile>;
  conv: Conversation;
  replies: Reply[];
  effects?: Effect[];
}

export const idle: Conversation = { flow: 'menu', step: 'idle', data: {} };
