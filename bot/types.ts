// The engine's vocabulary: what adapters hand in (InboundEvent) and what flows hand out (Reply).

export type Channel = 'web' | 'console' | 'telegram' | 'line';

export type EventBody =
  | { type: 'text'; text: string }
  | { type: 'action'; action: string }
  | { type: 'command'; command: string; args: string }
  | { type: 'location'; lat: number; lon: number; title?: string }
  | { type: 'contact'; phone: string }
  | { type: 'follow' }
  | { type: 'unfollow' };

export interface InboundEvent {
  channel: Channel;
  /** Platform event id (Telegram update_id, LINE webhookEventId, web client message id): the dedup key. */
  eventId: string;
  userId: string;
  chatId: string;
  /** The platform's idea of the user's language (BCP 47-ish: "zh-hans", "en-US"), if any. */
  localeHint?: string;
  body: EventBody;
  /** Platform context the sender may need later (LINE reply token), never seen by flows. */
  meta?: Record<string, unknown>;
}

export type Button =
  | { label: string; action: string }
  | { label: string; url: string }
  | { label: string; request: 'location' | 'contact' };

export interface Card {
  title: string;
  lines: string[];
  buttons: Button[];
}

export type Reply =
  | { type: 'text'; text: string; buttons?: Button[] }
  | { type: 'cards'; text?: string; cards: Card[] }
  | { type: 'location'; title: string; address?: string; lat: number; lon: number }
  | { type: 'link'; text: string; label: string; url: string }
  | { type: 'file'; name: string; mime: string; content: string; caption?: string };
