// The web chat channel: POST /api/chat answers in the response; pushes wait in the outbox for inbox/stream.
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Engine } from '../../bot/engine.js';
import type { Logger } from '../../bot/log.js';
import { outboxSignal, requeue, takePending, takePendingRows } from '../../bot/outbox.js';
import type { EventBody, InboundEvent } from '../../bot/types.js';
import type { Db } from '../../db/client.js';
import { toWebMessage } from './render.js';

const MAX_TEXT = 20_000;
const userId = z.string().trim().min(1, 'user must not be empty').max(128, 'user is at most 128 characters');

const chatBody = z.object({
  user: userId,
  text: z.string().max(MAX_TEXT, `text is at most ${MAX_TEXT} characters`).optional(),
  action: z.string().min(1).max(512).optional(),
  location: z.object({ lat: z.number().min(-90).max(90), lon: z.number().min(-180).max(180) }).optional(),
  locale: z.string().max(35).optional(),
  id: z.string().min(1).max(128).optional(),
}).refine((b) => [b.text, b.action, b.location].filter((x) => x !== undefined).length === 1, {
  message: 'send exactly one of text, action or location',
});

const userQuery = z.object({ user: userId });

const problem = (error: z.ZodError) => ({ error: error.issues.map((i) => (i.path.length ? `${i.path.join('.')}: ` : '') + i.message).join('; ') });

export function registerWebChat(app: FastifyInstance, deps: { engine: Engine; db: Db; log: Logger; pollMs?: number }) {
  app.post('/api/chat', { bodyLimit: 256 * 1024 }, async (req, reply) => {
    const parsed = chatBody.safeParse(req.body);
    if (!parsed.success) return reply.code(400).send(problem(parsed.error));
    const b = parsed.data;
    const body: EventBody = b.location ? { type: 'location', lat: b.location.lat, lon: b.location.lon }
      : b.action !== undefined ? { type: 'action', action: b.action }
        : { type: 'text', text: b.text ?? '' };
    const event: InboundEvent = {
      channel: 'web', eventId: b.id ?? randomUUID(), userId: b.user, chatId: b.user, body, ...(b.locale ? { localeHint: b.locale } : {}),
    };
    const handled = await deps.engine.handle(event);
    return { messages: handled.replies.map(toWebMessage), ...(handled.duplicate ? { duplicate: true } : {}) };
  });

  app.get('/api/chat/inbox', async (req, reply) => {
    const q = userQuery.safeParse(req.query);
    if (!q.success) return reply.code(400).send(problem(q.error));
    return { messages: (await takePending(deps.db, 'web', q.data.user)).map(toWebMessage) };
  });

  app.get('/api/chat/stream', async (req, reply) => {
    const q = userQuery.safeParse(req.query);
    if (!q.success) return reply.code(400).send(problem(q.error));
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', connection: 'keep-alive', 'x-accel-buffering': 'no' });
    res.write('retry: 3000\n\n');
    let open = true;
    let wake: () => void = () => {};
    const onPush = () => wake();
    outboxSignal.on('web', onPush);
    req.raw.on('close', () => { open = false; wake(); });
    let idle = 0;
    while (open) {
      try {
        const pushed = open ? await takePendingRows(deps.db, 'web', q.data.user) : [];
        if (pushed.length) {
          const frame = `data: ${JSON.stringify({ messages: pushed.map((p) => toWebMessage(p.reply)) })}\n\n`;
          // A connection that closed meanwhile must not swallow them: they wait for the next stream or inbox call.
          const written = open && await new Promise<boolean>((resolve) => res.write(frame, (err) => resolve(!err)));
          if (!written) await requeue(deps.db, pushed.map((p) => p.id));
        } else if (++idle % 15 === 0) res.write(': keep-alive\n\n');
      } catch (err) {
        deps.log.error({ err }, 'stream poll failed');
      }
      // Wake at once for pushes made in this process; poll for those made by other processes.
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, deps.pollMs ?? 1000);
        wake = () => { clearTimeout(timer); resolve(); };
      });
    }
    outboxSignal.off('web', onPush);
    res.end();
  });
}
