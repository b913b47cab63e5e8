// GET /tickets/<code>.png: a ticket's QR code, for the web page and for channels that fetch images by address (LINE).
// Only a code that was issued has an image: the route draws nothing else.
import type { FastifyInstance } from 'fastify';
import { ticketExists } from '../../bot/fairs/checkin.js';
import { normaliseTicketCode, ticketPng } from '../../bot/fairs/ticket.js';
import type { Db } from '../../db/client.js';

export function registerTicketImages(app: FastifyInstance, db: Db) {
  app.get<{ Params: { file: string } }>('/tickets/:file', async (req, reply) => {
    const name = /^(.+)\.png$/.exec(req.params.file)?.[1];
    const code = name ? normaliseTicketCode(name) : null;
    if (!code || code !== name || !(await ticketExists(db, code)))
      return reply.code(404).send({ error: 'no such ticket' });
    return reply
      .type('image/png')
      .header('cache-control', 'private, max-age=86400')
      .send(await ticketPng(code));
  });
}
