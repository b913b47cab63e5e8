// Read access to jobs and fairs for flows; flows get it as a service so they stay free of the database.
import { and, asc, desc, eq, gt, isNull, or } from 'drizzle-orm';
import type { Executor } from '../db/client.js';
import { fairs, jobs } from '../db/schema.js';

export type Job = typeof jobs.$inferSelect;
export type Fair = typeof fairs.$inferSelect;

export interface Catalog {
  latestJobs(now: Date, limit: number): Promise<Job[]>;
  upcomingFairs(now: Date, limit: number): Promise<Fair[]>;
  fair(externalId: string): Promise<Fair | null>;
}

export const dbCatalog = (db: Executor): Catalog => ({
  latestJobs: (now, limit) => db.select().from(jobs)
    .where(or(isNull(jobs.expiresAt), gt(jobs.expiresAt, now)))
    .orderBy(desc(jobs.postedAt), asc(jobs.id)).limit(limit),
  upcomingFairs: (now, limit) => db.select().from(fairs).where(gt(fairs.endsAt, now)).orderBy(asc(fairs.startsAt), asc(fairs.id)).limit(limit),
  fair: async (externalId) => (await db.select().from(fairs).where(and(eq(fairs.externalId, externalId))).limit(1))[0] ?? null,
});
