// POST /webhooks/line: verify the signature over the raw bytes, store each event in the inbox, answer 200.
import { validateSignature } from '@line/bot-sdk';
import type { FastifyInstance } from 'fastify';
import type { Engine } from '../../bot/engine.js';
import { LOCALES, tFor } from '../../bot/i18n.js';
import type { Logger } from '../../bot/log.js';
import { enqueue } from '../../bot/outbox.js';
import type { Db } from '../../db/client.js';
import { eventKeys, toOutcome, webhookBody } from './events.js';

export interface WebhookDeps {
  engine: Engine;
  db: Db;
  log: Logger;
  channelSecret: string;
}

const BODY_LIMIT = 1024 * 1024;

// A group has no language of its own: the notice is given in every language we speak.
const groupNotice = () => LOCALES.map((l) => tFor(l)('line.groupOnly')).join('\n\n');

export function registerLineWebhook(app: FastifyInstance, deps: WebhookDeps): void {
  // Its own plugin scope: only this route keeps the body as the exact bytes LINE signed.
  void app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: BODY_LIMIT }, (_req, body, done) => done(null, body));

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
      if (!parsed.success) return reply.code(400).send({ error: 'not a LINE webhook body: expected {"events": [{"type": ...}, ...]}' });

      const receivedAt = Date.now();
      const { events } = parsed.data;
      const keys = eventKeys(events);
      // One at a time: a user's events enter the inbox in the order LINE sent them.
      for (const [i, event] of events.entries()) {
        const outcome = toOutcome(event, keys[i]!, receivedAt);
        if (outcome.kind === 'event') {
          await deps.engine.accept(outcome.event);
        } else if (outcome.kind === 'groupNotice') {
          await enqueue(deps.db, [{
            channel: 'line', chatId: outcome.chatId, reply: { type: 'text', text: groupNotice() }, meta: outcome.meta,
            dedupKey: `line:group-notice:${outcome.key}`,
          }]);
        } else {
          deps.log.debug({ type: event.type, reason: outcome.reason }, 'LINE event ignored');
        }
      }
      return { ok: true };
    });
  });
}
