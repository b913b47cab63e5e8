// Read access to jobs and fairs for flows; flows get it as a service so they stay free of the database.
import { and, asc, eq, gt, inArray } from 'drizzle-orm';
import type { Executor } from '../db/client.js';
import { fairStops, fairs, jobs } from '../db/schema.js';
import { type Job, openAt, searchJobs } from './search/jobs.js';
import type { JobQuery } from './search/query.js';

export type { Job };
export type Fair = typeof fairs.$inferSelect;
export type FairStop = typeof fairStops.$inferSelect;

export interface Catalog {
  /** A page of the best open jobs for a query. */
  searchJobs(q: JobQuery, now: Date, page: { limit: number; offset?: number }): Promise<Job[]>;
  job(id: number, now: Date): Promise<Job | null>;
  jobByExternalId(externalId: string, now: Date): Promise<Job | null>;
  /** These jobs that are still open, in the order asked. */
  jobsByIds(ids: number[], now: Date): Promise<Job[]>;
  upcomingFairs(now: Date, limit: number): Promise<Fair[]>;
  fair(externalId: string): Promise<Fair | null>;
  /** A roving or multi-day fair's stops, in order. */
  fairStops(fairId: number): Promise<FairStop[]>;
}

export const dbCatalog = (db: Executor): Catalog => ({
  searchJobs: (q, now, page) => searchJobs(db, q, { now, ...page }),
  job: async (id, now) =>
    (
      await db
        .select()
        .from(jobs)
        .where(and(eq(jobs.id, id), openAt(now)))
        .limit(1)
    )[0] ?? null,
  jobByExternalId: async (externalId, now) =>
    (
      await db
        .select()
        .from(jobs)
        .where(and(eq(jobs.externalId, externalId), openAt(now)))
        .limit(1)
    )[0] ?? null,
  jobsByIds: async (ids, now) => {
    if (!ids.length) return [];
    const found = await db
      .select()
      .from(jobs)
      .where(and(inArray(jobs.id, ids), openAt(now)));
    return ids.flatMap((id) => found.filter((j) => j.id === id));
  },
  upcomingFairs: (now, limit) =>
    db.select().from(fairs).where(gt(fairs.endsAt, now)).orderBy(asc(fairs.startsAt), asc(fairs.id)).limit(limit),
  fair: async (externalId) =>
    (await db.select().from(fairs).where(eq(fairs.externalId, externalId)).limit(1))[0] ?? null,
  fairStops: (fairId) => db.select().from(fairStops).where(eq(fairStops.fairId, fairId)).orderBy(asc(fairStops.seq)),
});
