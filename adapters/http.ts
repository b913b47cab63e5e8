// The HTTP server every channel mounts on: bounded bodies, clear 4xx errors, /healthz.
import Fastify, { type FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { ping, type Db } from '../db/client.js';

export function createHttpServer(db: Db, log: Logger): FastifyInstance {
  const app = Fastify({ bodyLimit: 1024 * 1024, logger: false, return503OnClosing: true, forceCloseConnections: true });

  app.setErrorHandler((err: Error & { statusCode?: number; code?: string }, req, reply) => {
    const status = err.statusCode && err.statusCode >= 400 && err.statusCode < 600 ? err.statusCode : 500;
    if (status >= 500) log.error({ err, route: req.routeOptions.url }, 'request failed');
    const message = status === 413 ? 'request body is too large'
      : err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' ? 'unsupported content type'
        : status < 500 ? err.message : 'internal error';
    return reply.code(status).send({ error: message });
  });
  app.setNotFoundHandler((_req, reply) => reply.code(404).send({ error: 'not found' }));

  // Route pattern, never the URL itself: query strings may carry user ids.
  app.addHook('onResponse', async (req, reply) => {
    log.debug({ method: req.method, route: req.routeOptions.url ?? 'unmatched', status: reply.statusCode, ms: Math.round(reply.elapsedTime) }, 'http');
  });

  app.get('/healthz', async (_req, reply) => ((await ping(db)) ? { ok: true } : reply.code(503).send({ ok: false })));
  return app;
}
