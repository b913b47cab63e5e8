// POST /webhooks/line: verify the signature over the raw bytes, store each event on its own, answer 200.
import { validateSignature } from '@line/bot-sdk';
import type { FastifyInstance } from 'fastify';
import { actionFor } from '../../bot/payloads.js';
import type { InboundEvent } from '../../bot/types.js';
import { systemClock, type Clock } from '../../bot/clock.js';
import type { Engine } from '../../bot/engine.js';
import { LOCALES, tFor } from '../../bot/i18n.js';
import type { Logger } from '../../bot/log.js';
import { enqueue } from '../../bot/outbox.js';
import { storable } from '../../bot/sanitize.js';
import type { Db } from '../../db/client.js';
import { eventKeyer, toOutcome, webhookBody, type Outcome } from './events.js';

export interface WebhookDeps {
  /** Reply tokens age by this clock (tests drive it). */
  clock?: Clock;
  engine: Engine;
  db: Db;
  log: Logger;
  channelSecret: string;
}

const BODY_LIMIT = 1024 * 1024;

// A group has no language of its own: the notice is given in every language we speak.
const groupNotice = () => LOCALES.map((l) => tFor(l)('line.groupOnly')).join('\n\n');

export function registerLineWebhook(app: FastifyInstance, deps: WebhookDeps): void {
  // A postback too long for LINE came as a key to the stored payload (bot/payloads.ts).
  const withAction = async (event: InboundEvent): Promise<InboundEvent> =>
    event.body.type === 'action'
      ? { ...event, body: { type: 'action', action: await actionFor(deps.db, event.body.action) } }
      : event;
  const store = async (o: Exclude<Outcome, { kind: 'ignore' }>) =>
    o.kind === 'event'
      ? deps.engine.accept(await withAction(o.event))
      : enqueue(deps.db, [
          {
            channel: 'line',
            chatId: o.chatId,
            reply: { type: 'text', text: groupNotice() },
            meta: o.meta,
            dedupKey: `line:group-notice:${o.key}`,
          },
        ]);

  // Its own plugin scope: only this route keeps the body as the exact bytes LINE signed.
  void app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: BODY_LIMIT }, (_req, body, done) =>
      done(null, body),
    );

    scope.post('/webhooks/line', { bodyLimit: BODY_LIMIT }, async (req, reply) => {
      const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      const signature = req.headers['x-line-signature'];
      if (typeof signature !== 'string' || !validateSignature(raw, deps.channelSecret, signature)) {
        return reply.code(401).send({ error: 'missing or invalid X-Line-Signature' });
      }
      let json: unknown;
      try {
        json = JSON.parse(raw.toString('utf8'));
      } catch {
        return reply.code(400).send({ error: 'body is not JSON' });
      }
      const parsed = webhookBody.safeParse(json);
      if (!parsed.success)
        return reply.code(400).send({ error: 'not a LINE webhook body: expected {"events": [{"type": ...}, ...]}' });

      const receivedAt = (deps.clock ?? systemClock).now();
      const keyOf = eventKeyer();
      // Chats with an event that could not be stored: their later events wait for the redelivery, in order.
      const held = new Set<string>();
      // One at a time: a user's events enter the inbox in the order LINE sent them.
      for (const sent of parsed.data.events) {
        // Cleaned first: a NUL or a 10,000-level nest in one event must not cost the events beside it.
        const event = storable(sent);
        const outcome = toOutcome(event, keyOf(event), receivedAt);
        if (outcome.kind === 'ignore') {
          deps.log.debug({ type: event.type, reason: outcome.reason }, 'LINE event ignored');
          continue;
        }
        const chat = outcome.kind === 'event' ? outcome.event.chatId : outcome.chatId;
        if (held.has(chat)) continue;
        try {
          await store(outcome);
        } catch (err) {
          deps.log.error({ err }, 'LINE event not stored');
          held.add(chat);
        }
      }
      // LINE then redelivers the whole body; the events stored meanwhile are no-ops.
      if (held.size) return reply.code(500).send({ error: 'some events could not be stored' });
      return { ok: true };
    });
  });
}
