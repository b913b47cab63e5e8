// POST /webhooks/telegram: check the secret header, store the update, answer 200 at once.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { Intake } from './intake.js';
import { updateEnvelope } from './parse.js';

export const WEBHOOK_PATH = '/webhooks/telegram';
const SECRET_HEADER = 'x-telegram-bot-api-secret-token';

// Hashing first gives equal lengths, so the comparison takes the same time whatever was sent.
const digest = (s: string) => createHash('sha256').update(s).digest();
const secretMatches = (sent: unknown, secret: string) =>
  typeof sent === 'string' && timingSafeEqual(digest(sent), digest(secret));

export function registerWebhook(
  app: FastifyInstance,
  opts: { secret?: string; ingest: (update: unknown) => Promise<Intake> },
) {
  const { secret } = opts;
  if (!secret) {
    app.post(WEBHOOK_PATH, async (_req, reply) =>
      reply.code(403).send({
        error: 'the Telegram webhook is off: this bot uses long polling because TELEGRAM_WEBHOOK_SECRET is not set',
      }),
    );
    return;
  }
  app.post(
    WEBHOOK_PATH,
    {
      bodyLimit: 256 * 1024,
      // Checked before the body is read: a caller without the secret learns nothing about our parsing.
      onRequest: async (req, reply) => {
        if (!secretMatches(req.headers[SECRET_HEADER], secret))
          return reply.code(401).send({ error: 'missing or wrong X-Telegram-Bot-Api-Secret-Token' });
      },
    },
    async (req, reply) => {
      const envelope = updateEnvelope.safeParse(req.body);
      if (!envelope.success)
        return reply
          .code(400)
          .send({ error: 'not a Telegram update: expected a JSON object with an integer update_id' });
      // Updates we don't act on are acknowledged too, or Telegram would send them again and again.
      await opts.ingest(req.body);
      return { ok: true };
    },
  );
}
