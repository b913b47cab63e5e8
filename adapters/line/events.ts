// LINE webhook bodies → what the bot does with each event: hand it to the engine, answer a group, or ignore it.
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { MAX_DEPTH } from '../../bot/sanitize.js';
import type { EventBody, InboundEvent } from '../../bot/types.js';

// Loose on purpose: LINE adds fields without notice, and one odd event must not reject the whole body.
export const webhookBody = z.object({
  destination: z.string().optional(),
  events: z.array(z.looseObject({ type: z.string() })),
});

const source = z.object({
  type: z.enum(['user', 'group', 'room']),
  userId: z.string().min(1).max(128).optional(),
  groupId: z.string().min(1).max(128).optional(),
  roomId: z.string().min(1).max(128).optional(),
});

const lineEvent = z
  .object({
    type: z.string(),
    mode: z.string().optional(),
    webhookEventId: z.string().min(1).max(128).optional(),
    replyToken: z.string().min(1).max(256).optional(),
    source,
    message: z
      .object({
        id: z.string().optional(),
        type: z.string(),
        text: z.string().max(20_000).optional(),
        title: z.string().max(1000).nullish(),
        address: z.string().max(1000).nullish(),
        latitude: z.number().min(-90).max(90).optional(),
        longitude: z.number().min(-180).max(180).optional(),
        mention: z.object({ mentionees: z.array(z.object({ isSelf: z.boolean().optional() }).loose()) }).optional(),
      })
      .loose()
      .optional(),
    postback: z
      .object({ data: z.string().min(1).max(1000) })
      .loose()
      .optional(),
  })
  .loose();
type LineEvent = z.infer<typeof lineEvent>;

/**
 * Reply tokens are documented as usable for about a minute, but replies past ~30 s have been reported to fail
 * ("Invalid reply token", cofacts/rumors-line-bot#154): after 25 s we push instead.
 */
const REPLY_TOKEN_TTL_MS = 25_000;

export type Outcome =
  | { kind: 'event'; event: InboundEvent }
  /** The bot was addressed in a group or added to one: it explains that it works in 1:1 chats. */
  | { kind: 'groupNotice'; key: string; chatId: string; meta: Record<string, unknown> }
  | { kind: 'ignore'; reason: string };

// Sorted keys, deliveryContext left out: a redelivery of the same event hashes to the same key. Like storable(),
// it stops at MAX_DEPTH, so no event can exhaust the stack.
const canonical = (v: unknown, depth = 0): string => {
  if (!v || typeof v !== 'object') return JSON.stringify(v) ?? 'null';
  if (depth >= MAX_DEPTH) return 'null';
  if (Array.isArray(v)) return `[${v.map((x) => canonical(x, depth + 1)).join(',')}]`;
  const o = v as Record<string, unknown>;
  const keys = Object.keys(o)
    .filter((k) => k !== 'deliveryContext')
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical(o[k], depth + 1)}`).join(',')}}`;
};
const hashOf = (raw: unknown) => createHash('sha256').update(canonical(raw)).digest('base64url').slice(0, 32);

/**
 * The dedup key of each event of a body, in order. Normally LINE's webhookEventId (a ULID, unique per event, the
 * same on redelivery). Older payloads have none: a hash of the event stands in. LINE redelivers in a new request,
 * so events sharing one webhookEventId inside ONE body are different events (SDK test bodies do that): the
 * repeats get the id plus their hash, which stays the same when that body is redelivered.
 */
export function eventKeyer(): (raw: Record<string, unknown>) => string {
  const seen = new Set<string>();
  return (raw) => {
    const id = typeof raw.webhookEventId === 'string' && raw.webhookEventId ? raw.webhookEventId : null;
    if (!id) return `h:${hashOf(raw)}`;
    if (!seen.has(id)) {
      seen.add(id);
      return id;
    }
    return `${id}#${hashOf(raw)}`;
  };
}

function bodyOf(e: LineEvent): EventBody | null {
  switch (e.type) {
    case 'follow':
      return { type: 'follow' };
    case 'unfollow':
      return { type: 'unfollow' };
    case 'postback':
      return e.postback ? { type: 'action', action: e.postback.data } : null;
    case 'message': {
      const m = e.message;
      if (!m) return null;
      if (m.type === 'text') return { type: 'text', text: m.text ?? '' };
      if (m.type === 'location') {
        if (m.latitude === undefined || m.longitude === undefined) return null;
        return { type: 'location', lat: m.latitude, lon: m.longitude, ...(m.title ? { title: m.title } : {}) };
      }
      // Stickers, photos, voice, files: the flows cannot read them, so they answer as to text they don't understand.
      return { type: 'text', text: '' };
    }
    default:
      return null;
  }
}

const mentionsBot = (e: LineEvent) => e.message?.mention?.mentionees.some((m) => m.isSelf === true) ?? false;

export function toOutcome(raw: Record<string, unknown>, key: string, receivedAt: number): Outcome {
  const parsed = lineEvent.safeParse(raw);
  if (!parsed.success) return { kind: 'ignore', reason: 'unexpected shape' };
  const e = parsed.data;
  // In standby mode another channel (a module) holds the chat; we only note that the user left.
  if (e.mode === 'standby' && e.type !== 'unfollow') return { kind: 'ignore', reason: 'standby' };
  const meta = e.replyToken ? { replyToken: e.replyToken, replyTokenExpiresAt: receivedAt + REPLY_TOKEN_TTL_MS } : {};

  if (e.source.type !== 'user') {
    const chatId = e.source.type === 'group' ? e.source.groupId : e.source.roomId;
    if (chatId && (e.type === 'join' || (e.type === 'message' && mentionsBot(e))))
      return { kind: 'groupNotice', key, chatId, meta };
    return { kind: 'ignore', reason: 'group' };
  }
  const userId = e.source.userId;
  const body = bodyOf(e);
  if (!userId || !body) return { kind: 'ignore', reason: e.type };
  return { kind: 'event', event: { channel: 'line', eventId: key, userId, chatId: userId, body, meta } };
}
