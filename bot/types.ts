// The engine's vocabulary: what adapters hand in (InboundEvent) and what flows hand out (Reply).

export type Channel = 'web' | 'console' | 'telegram' | 'line';

export type EventBody =
  | { type: 'text'; text: string }
  | { type: 'action'; action: string }
  | { type: 'command'; command: string; args: string }
  | { type: 'location'; lat: number; lon: number; title?: string }
  | { type: 'contact'; phone: string }
  | { type: 'follow' }
  | { type: 'unfollow' }
  /** Not from the user: a timer, an operator or the system addresses the capability that handles `kind`. */
  | { type: 'system'; capability: string; kind: string; data?: Record<string, unknown> };

/** Who an event comes from. Whatever its origin, it goes through the user's lock, in order with their messages. */
export type Origin = 'user' | 'timer' | 'operator' | 'system';

export interface InboundEvent {
  channel: Channel;
  /** Platform event id (Telegram update_id, LINE webhookEventId, web client message id): the dedup key. */
  eventId: string;
  userId: string;
  chatId: string;
  /** The platform's idea of the user's language (BCP 47-ish: "zh-hans", "en-US"), if any. */
  localeHint?: string;
  /** The platform's idea of the user's IANA time zone (a browser's), if any: a newcomer's zone until they say where. */
  timeZoneHint?: string;
  body: EventBody;
  /** The user when absent. */
  origin?: Origin;
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
  | { type: 'file'; name: string; mime: string; content: string; caption?: string }
  /**
   * A QR code holding `code` (a fair ticket): an image where the channel can show one, the code as text always. `url`
   * is where the image is served from outside (PUBLIC_URL), for channels that fetch images by address.
   */
  | { type: 'qr'; code: string; caption: string; url?: string };
