// The operators' API (DESIGN.md section 3): bearer ADMIN_TOKEN; without one configured, the routes do not exist.
// Imports take a JSON array or CSV and answer a per-row report; applications come as JSON or CSV.
import { createHash, timingSafeEqual } from 'node:crypto';
import { stringify } from 'csv-stringify/sync';
import { desc, eq } from 'drizzle-orm';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Clock } from '../../bot/clock.js';
import { z } from 'zod';
import { actOnCase, listCases } from '../../bot/cases.js';
import { checkIn, registrationsOf } from '../../bot/fairs/checkin.js';
import { importFairs } from '../../bot/import/fairs.js';
import { importJobs } from '../../bot/import/jobs.js';
import { importLegal } from '../../bot/import/legal.js';
import { type Format, ImportFormatError, readRecords } from '../../bot/import/records.js';
import type { Logger } from '../../bot/log.js';
import type { Db } from '../../db/client.js';
import { applications, jobs } from '../../db/schema.js';

/** A season's catalogue in one file: 13,000 jobs are ~10 MB of JSON. */
const IMPORT_BODY_LIMIT = 64 * 1024 * 1024;
const IMPORT_DEADLINE_MS = 10 * 60_000;

export interface AdminDeps {
  db: Db;
  log: Logger;
  adminToken: string;
  clock: Clock;
}

const digest = (s: string) => createHash('sha256').update(s).digest();

/** Whether the request carries the operators' bearer token (compared in constant time). */
export function hasAdminToken(req: FastifyRequest, token: string): boolean {
  const given = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '')?.[1]?.trim();
  return !!given && timingSafeEqual(digest(given), digest(token));
}

function formatOfRequest(req: FastifyRequest): Format | null {
  const type = (req.headers['content-type'] ?? '').toLowerCase();
  if (type.startsWith('application/json')) return 'json';
  if (type.startsWith('text/csv') || type.startsWith('text/plain')) return 'csv';
  return null;
}

export function registerAdmin(app: FastifyInstance, deps: AdminDeps) {
  const { db, log } = deps;
  void app.register(async (admin) => {
    admin.addContentTypeParser(
      ['text/csv', 'text/plain'],
      { parseAs: 'string', bodyLimit: IMPORT_BODY_LIMIT },
      (_r, body, done) => done(null, body),
    );
    admin.addHook('onRequest', async (req, reply) => {
      if (!hasAdminToken(req, deps.adminToken))
        return reply
          .code(401)
          .header('www-authenticate', 'Bearer')
          .send({ error: 'a valid admin bearer token is required' });
    });

    for (const [kind, run] of [
      ['jobs', importJobs],
      ['fairs', importFairs],
      ['legal', importLegal],
    ] as const) {
      admin.post(
        `/api/admin/${kind}/import`,
        { bodyLimit: IMPORT_BODY_LIMIT, config: { deadlineMs: IMPORT_DEADLINE_MS } },
        async (req, reply) => {
          const format = formatOfRequest(req);
          if (!format)
            return reply.code(415).send({ error: 'send application/json (an array) or text/csv (a header row)' });
          try {
            const report = await run(db, readRecords(req.body, format), { now: new Date(deps.clock.now()) });
            log.info(
              { kind, inserted: report.inserted, updated: report.updated, rejected: report.rejected.length },
              'imported',
            );
            return report;
          } catch (err) {
            if (err instanceof ImportFormatError) return reply.code(400).send({ error: err.message });
            throw err;
          }
        },
      );
    }

    admin.get('/api/admin/applications', async (req, reply) => listApplications(db, req, reply));

    // The entrance scans a ticket: 200 when it checks in now, 409 with the first time when it was used before.
    const checkInBody = z.object({ code: z.string().min(1).max(64), fair: z.string().min(1).max(200).optional() });
    admin.post('/api/admin/fairs/checkin', async (req, reply) => {
      const body = checkInBody.safeParse(req.body);
      if (!body.success) return reply.code(400).send({ error: 'send {"code": "<ticket code>"}, optionally "fair"' });
      const result = await checkIn(db, body.data.code, new Date(deps.clock.now()), body.data.fair);
      const code = { checked_in: 200, already_used: 409, unknown: 404, other_fair: 409 }[result.status];
      log.info({ status: result.status }, 'ticket scanned');
      return reply.code(code).send(result);
    });
    // Counselor cases (DESIGN.md section 3): the list with each conversation, an answer, closing.
    const caseList = z.object({ status: z.enum(['open', 'closed', 'all']).default('open') });
    admin.get('/api/admin/cases', async (req, reply) => {
      const q = caseList.safeParse(req.query);
      if (!q.success) return reply.code(400).send({ error: 'status is one of open, closed, all' });
      return { cases: await listCases(db, q.data.status) };
    });
    const caseId = z.object({ id: z.coerce.number().int().positive() });
    const answer = z.object({ text: z.string().trim().min(1).max(4000) });
    admin.post('/api/admin/cases/:id/reply', async (req, reply) => {
      const id = caseId.safeParse(req.params);
      const body = answer.safeParse(req.body);
      if (!id.success) return reply.code(404).send({ error: 'no such case' });
      if (!body.success) return reply.code(400).send({ error: 'send {"text": "..."} (1 to 4,000 characters)' });
      const done = await actOnCase(db, id.data.id, { reply: body.data.text }, new Date(deps.clock.now()));
      return done.ok ? { ok: true } : reply.code(done.status).send({ error: done.error });
    });
    admin.post('/api/admin/cases/:id/close', async (req, reply) => {
      const id = caseId.safeParse(req.params);
      if (!id.success) return reply.code(404).send({ error: 'no such case' });
      const done = await actOnCase(db, id.data.id, { close: true }, new Date(deps.clock.now()));
      return done.ok ? { ok: true } : reply.code(done.status).send({ error: done.error });
    });

    admin.get<{ Params: { id: string } }>('/api/admin/fairs/:id/registrations', async (req) => {
      const list = await registrationsOf(db, req.params.id);
      return {
        fair: req.params.id,
        registered: list.length,
        checked_in: list.filter((r) => r.checked_in_at).length,
        registrations: list,
      };
    });
  });
}

async function listApplications(db: Db, req: FastifyRequest, reply: FastifyReply) {
  const rows = await db
    .select({
      id: applications.id,
      created_at: applications.createdAt,
      job_external_id: applications.jobExternalId,
      job_title: applications.jobTitle,
      employer: applications.employer,
      job_open: jobs.id,
      channel: applications.channel,
      locale: applications.locale,
      shared: applications.shared,
    })
    .from(applications)
    .leftJoin(jobs, eq(jobs.id, applications.jobId))
    .orderBy(desc(applications.createdAt), desc(applications.id));
  const list = rows.map(({ shared, job_open, ...r }) => ({
    ...r,
    job_still_listed: job_open !== null,
    city: shared.city ?? null,
    desired_job: shared.desiredJob ?? null,
    phone: shared.phone ?? null,
  }));
  if ((req.headers.accept ?? '').includes('text/csv')) {
    const csv = stringify(
      list.map((a) => ({ ...a, created_at: a.created_at.toISOString() })),
      // A cell a spreadsheet would run as a formula is written as text (OWASP's CSV injection advice).
      { header: true, bom: true, cast: { string: (v) => (/^[=+\-@\t\r]/.test(v) ? `'${v}` : v) } },
    );
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', 'attachment; filename="applications.csv"')
      .send(csv);
  }
  return { applications: list };
}
