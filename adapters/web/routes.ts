// The web chat channel: POST /api/chat answers in the response; pushes wait in the outbox for inbox/stream.
import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Engine } from '../../bot/engine.js';
import type { Logger } from '../../bot/log.js';
import { takePending } from '../../bot/outbox.js';
import type { EventBody, InboundEvent } from '../../bot/types.js';
import type { Db } from '../../db/client.js';
import { readCookie, USER_COOKIE, userCookie } from './cookie.js';
import { webEventId, webIdentity } from './identity.js';
import { toWebMessage } from './render.js';
import { STREAM_TIMING, webStreams, type StreamTiming } from './stream.js';

const MAX_TEXT = 20_000;
// Checked exactly as sent: cleaning first could turn two different ids ("a\u0000" and "a") into one.
const exact = z
  .string()
  .min(1, 'must not be empty')
  .max(128, 'is at most 128 characters')
  .refine((s) => !s.includes('\u0000'), 'must not contain NUL characters')
  .refine((s) => s.isWellFormed(), 'must not contain unpaired surrogates')
  .refine((s) => s.trim() === s, 'must not start or end with spaces');

const chatBody = z
  .object({
    user: exact.optional(),
    text: z.string().max(MAX_TEXT, `text is at most ${MAX_TEXT} characters`).optional(),
    action: z.string().min(1).max(512).optional(),
    location: z.object({ lat: z.number().min(-90).max(90), lon: z.number().min(-180).max(180) }).optional(),
    locale: z.string().max(35).optional(),
    /** The browser's IANA zone: a newcomer's until they share where they are. */
    timeZone: z.string().max(64).optional(),
    id: exact.optional(),
  })
  .refine((b) => [b.text, b.action, b.location].filter((x) => x !== undefined).length === 1, {
    message: 'send exactly one of text, action or location',
  });

const userQuery = z.object({ user: exact.optional() });

const problem = (error: z.ZodError) => ({
  error: error.issues.map((i) => (i.path.length ? `${i.path.join('.')}: ` : '') + i.message).join('; '),
});

export interface WebChatDeps {
  engine: Engine;
  db: Db;
  log: Logger;
  sessionSecret?: string;
  /** Live stream timings; tests shorten them. */
  stream?: Partial<StreamTiming>;
}

export function registerWebChat(app: FastifyInstance, deps: WebChatDeps) {
  const identity = webIdentity(deps.db, deps.sessionSecret);
  /** The user id in a minted token from the body or query, or else from the page's cookie. */
  async function userOf(req: FastifyRequest, given: string | undefined): Promise<string> {
    const token = given ?? readCookie(req.headers.cookie, USER_COOKIE);
    const id = token ? await identity.verify(token) : undefined;
    if (!id) throw Object.assign(new Error('unknown user: get one from POST /api/chat/session'), { statusCode: 401 });
    return id;
  }

  app.register(async (scope) => {
    // A session needs no body: an empty one is fine even when labelled JSON.
    const json = scope.getDefaultJsonParser('error', 'error');
    scope.addContentTypeParser('application/json', { parseAs: 'string' }, (req, body, done) =>
      body === '' ? done(null, {}) : json(req, body as string, done),
    );
    scope.post('/api/chat/session', { bodyLimit: 1024 }, async (req, reply) => {
      const user = await identity.mint();
      return reply.header('set-cookie', userCookie(req, user)).header('cache-control', 'no-store').send({ user });
    });
  });

  app.post('/api/chat', { bodyLimit: 256 * 1024 }, async (req, reply) => {
    const parsed = chatBody.safeParse(req.body);
    if (!parsed.success) return reply.code(400).send(problem(parsed.error));
    const b = parsed.data;
    const user = await userOf(req, b.user);
    const body: EventBody = b.location
      ? { type: 'location', lat: b.location.lat, lon: b.location.lon }
      : b.action !== undefined
        ? { type: 'action', action: b.action }
        : { type: 'text', text: b.text ?? '' };
    const event: InboundEvent = {
      channel: 'web',
      eventId: b.id === undefined ? randomUUID() : webEventId(user, b.id),
      userId: user,
      chatId: user,
      body,
      ...(b.locale ? { localeHint: b.locale } : {}),
      ...(b.timeZone ? { timeZoneHint: b.timeZone } : {}),
    };
    const handled = await deps.engine.handle(event);
    const erased = handled.erased === true;
    if (erased && b.user === undefined) reply.header('set-cookie', userCookie(req, null));
    const messages = handled.replies.map(toWebMessage);
    return { messages, ...(handled.duplicate ? { duplicate: true } : {}), ...(erased ? { erased: true } : {}) };
  });

  app.get('/api/chat/inbox', async (req, reply) => {
    const q = userQuery.safeParse(req.query);
    if (!q.success) return reply.code(400).send(problem(q.error));
    const user = await userOf(req, q.data.user);
    return { messages: (await takePending(deps.db, 'web', user)).map(toWebMessage) };
  });

  const streams = webStreams(deps.db, deps.log, { ...STREAM_TIMING, ...deps.stream });
  app.addHook('onClose', async () => streams.close());
  app.get('/api/chat/stream', async (req, reply) => {
    const q = userQuery.safeParse(req.query);
    if (!q.success) return reply.code(400).send(problem(q.error));
    await streams.serve(req, reply, await userOf(req, q.data.user));
  });
}
