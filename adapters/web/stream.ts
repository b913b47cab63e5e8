// Live pushes over server-sent events. An open stream runs no query until something wakes it: a notification for
// its own chat (relayed on outboxSignal as "web:<chatId>", from any process), or the safety sweep, which asks once
// for all of this process's open streams together, so idle streams cost the database the same however many there are.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { and, eq, inArray } from 'drizzle-orm';
import type { Logger } from '../../bot/log.js';
import { chatWake, OUTBOX_RESYNC, outboxSignal, requeue, takePendingRows } from '../../bot/outbox.js';
import type { Db } from '../../db/client.js';
import { outbox } from '../../db/schema.js';
import { toWebMessage } from './render.js';

export interface StreamTiming {
  /** A comment line keeps proxies from closing a quiet stream; it needs no query. */
  keepAliveMs: number;
  /** How often the sweep looks for pushes whose notification was lost (a listener that reconnected, a requeue). */
  sweepMs: number;
  /** After a failed read, when the stream tries again. */
  retryMs: number;
}
export const STREAM_TIMING: StreamTiming = { keepAliveMs: 15_000, sweepMs: 30_000, retryMs: 1_000 };

export interface WebStreams {
  serve(req: FastifyRequest, reply: FastifyReply, user: string): Promise<void>;
  close(): void;
}

export function webStreams(db: Db, log: Logger, timing: StreamTiming = STREAM_TIMING): WebStreams {
  const open = new Map<string, number>(); // chat id → streams open on it here

  /** One query for every open stream: wakes those whose chat has pushes waiting. */
  async function sweep() {
    if (!open.size) return;
    try {
      const waiting = await db
        .selectDistinct({ chatId: outbox.chatId })
        .from(outbox)
        .where(and(eq(outbox.status, 'pending'), eq(outbox.channel, 'web'), inArray(outbox.chatId, [...open.keys()])));
      for (const { chatId } of waiting) outboxSignal.emit(chatWake('web', chatId));
    } catch (err) {
      log.error({ err }, 'stream sweep failed');
    }
  }
  const sweeper = setInterval(() => void sweep(), timing.sweepMs).unref();
  const onResync = () => void sweep();
  outboxSignal.on(OUTBOX_RESYNC, onResync);

  async function serve(req: FastifyRequest, reply: FastifyReply, user: string) {
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    res.write('retry: 3000\n\n');
    let live = true;
    let due = true; // at first, whatever was pushed while no stream was open
    let wake = () => {};
    const poke = () => {
      due = true;
      wake();
    };
    const key = chatWake('web', user);
    outboxSignal.on(key, poke);
    open.set(user, (open.get(user) ?? 0) + 1);
    const keepAlive = setInterval(() => res.write(': keep-alive\n\n'), timing.keepAliveMs);
    req.raw.on('close', () => {
      live = false;
      wake();
    });
    while (live) {
      if (due) {
        due = false;
        try {
          const pushed = await takePendingRows(db, 'web', user);
          if (pushed.length) {
            const frame = `data: ${JSON.stringify({ messages: pushed.map((p) => toWebMessage(p.reply)) })}\n\n`;
            // A connection that closed meanwhile must not swallow them: they wait for the next stream or inbox call.
            const written = live && (await new Promise<boolean>((resolve) => res.write(frame, (err) => resolve(!err))));
            if (!written)
              await requeue(
                db,
                pushed.map((p) => p.id),
              );
          }
        } catch (err) {
          log.error({ err }, 'stream read failed');
          setTimeout(poke, timing.retryMs).unref();
        }
      }
      if (live && !due)
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
    }
    clearInterval(keepAlive);
    outboxSignal.off(key, poke);
    const left = (open.get(user) ?? 1) - 1;
    if (left) open.set(user, left);
    else open.delete(user);
    res.end();
  }

  return {
    serve,
    close() {
      clearInterval(sweeper);
      outboxSignal.off(OUTBOX_RESYNC, onResync);
    },
  };
}
