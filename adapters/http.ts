// The HTTP server every channel mounts on: bounded bodies, clear 4xx errors, security headers, a deadline on every
// request, 503 while the database is out of reach, /healthz.
import { once } from 'node:events';
import helmet from '@fastify/helmet';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { isDatabaseUnavailable, ping, type Db } from '../db/client.js';

/** A request still unanswered after this gets 503: a database that hangs must not hang the platform or the page. */
export const REQUEST_DEADLINE_MS = 5000;
const RETRY_AFTER_S = '5';
const BODY_LIMIT = 1024 * 1024;
/** A declared body over the limit but under this is read to its end before the 413 (see the hook); beyond, cut off. */
const DRAIN_LIMIT = 16 * 1024 * 1024;
const TOO_LARGE = { error: 'request body is too large' };
const UNAVAILABLE = { error: 'the service is temporarily unavailable; please try again in a few seconds' };

export function createHttpServer(db: Db, log: Logger): FastifyInstance {
  const app = Fastify({ bodyLimit: BODY_LIMIT, logger: false, return503OnClosing: true, forceCloseConnections: true });

  void app.register(helmet, {
    global: true,
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        frameAncestors: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        objectSrc: ["'none'"],
      },
    },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
  });

  app.addHook('onRequest', async (req, reply) => {
    // A route may allow itself longer (an operator's import of a season's jobs) in its config.
    const deadline =
      (req.routeOptions.config as { deadlineMs?: number } | undefined)?.deadlineMs ?? REQUEST_DEADLINE_MS;
    const timer = setTimeout(() => {
      if (reply.sent) return; // answered, or a live stream that took the socket over
      log.warn({ route: req.routeOptions.url ?? 'unmatched' }, 'request passed its deadline; answered 503');
      void reply.code(503).header('retry-after', RETRY_AFTER_S).send(UNAVAILABLE);
    }, deadline);
    reply.raw.once('close', () => clearTimeout(timer));
    reply.raw.once('finish', () => clearTimeout(timer));
  });

  // A 413 sent while the client is still writing its body reaches many clients as a broken pipe, not as a 413. A body
  // declared too large (Content-Length) is therefore read and dropped first, up to DRAIN_LIMIT.
  app.addHook('onRequest', async (req, reply) => {
    const declared = Number(req.headers['content-length']);
    if (!(declared > (req.routeOptions.bodyLimit ?? BODY_LIMIT))) return;
    if (declared <= DRAIN_LIMIT) {
      req.raw.resume();
      await once(req.raw, 'end').catch(() => {});
    }
    return reply.code(413).header('connection', 'close').send(TOO_LARGE);
  });

  app.setErrorHandler((err: Error & { statusCode?: number; code?: string }, req, reply) => {
    if (isDatabaseUnavailable(err)) {
      log.warn({ route: req.routeOptions.url, code: err.code }, 'database unavailable; answered 503');
      return reply.code(503).header('retry-after', RETRY_AFTER_S).send(UNAVAILABLE);
    }
    const status = err.statusCode && err.statusCode >= 400 && err.statusCode < 600 ? err.statusCode : 500;
    if (status >= 500) log.error({ err, route: req.routeOptions.url }, 'request failed');
    const message =
      status === 413
        ? TOO_LARGE.error
        : err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE'
          ? 'unsupported content type'
          : status < 500
            ? err.message
            : 'internal error';
    return reply.code(status).send({ error: message });
  });
  app.setNotFoundHandler((_req, reply) => reply.code(404).send({ error: 'not found' }));

  // Route pattern, never the URL itself: query strings may carry user ids.
  app.addHook('onResponse', async (req, reply) => {
    log.debug(
      {
        method: req.method,
        route: req.routeOptions.url ?? 'unmatched',
        status: reply.statusCode,
        ms: Math.round(reply.elapsedTime),
      },
      'http',
    );
  });

  app.get('/healthz', async (_req, reply) =>
    (await ping(db, 1000)) ? { ok: true } : reply.code(503).header('retry-after', RETRY_AFTER_S).send({ ok: false }),
  );
  return app;
}
