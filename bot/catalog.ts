// Read access to jobs and fairs for flows; flows get it as a service so they stay free of the database.
import { and, asc, eq, exists, gt, inArray, lt, or, type SQL, sql } from 'drizzle-orm';
import type { Executor } from '../db/client.js';
import { fairStops, fairs, jobs } from '../db/schema.js';
import { distanceSql, type Job, NEAR_KM, openAt, searchJobs } from './search/jobs.js';
import type { JobQuery } from './search/query.js';

export type { Job };
export type Fair = typeof fairs.$inferSelect;
export type FairStop = typeof fairStops.$inferSelect;

/** Which coming fairs: near a point (the fair or one of its stops), starting within some days, online, for a group. */
export interface FairFilter {
  near?: { lat: number; lon: number };
  withinDays?: number;
  online?: boolean;
  group?: string;
}

export interface Catalog {
  /** A page of the best open jobs for a query. */
  searchJobs(q: JobQuery, now: Date, page: { limit: number; offset?: number }): Promise<Job[]>;
  job(id: number, now: Date): Promise<Job | null>;
  jobByExternalId(externalId: string, now: Date): Promise<Job | null>;
  /** These jobs that are still open, in the order asked. */
  jobsByIds(ids: number[], now: Date): Promise<Job[]>;
  /** Fairs not over yet and not cancelled, soonest first. */
  upcomingFairs(now: Date, limit: number, filter?: FairFilter): Promise<Fair[]>;
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
  upcomingFairs: (now, limit, filter = {}) =>
    db
      .select()
      .from(fairs)
      .where(and(gt(fairs.endsAt, now), eq(fairs.status, 'scheduled'), ...fairConditions(db, now, filter)))
      .orderBy(asc(fairs.startsAt), asc(fairs.id))
      .limit(limit),
  fair: async (externalId) =>
    (await db.select().from(fairs).where(eq(fairs.externalId, externalId)).limit(1))[0] ?? null,
  fairStops: (fairId) => db.select().from(fairStops).where(eq(fairStops.fairId, fairId)).orderBy(asc(fairStops.seq)),
});

function fairConditions(db: Executor, now: Date, f: FairFilter): SQL[] {
  const out: SQL[] = [];
  if (f.withinDays !== undefined) out.push(lt(fairs.startsAt, new Date(now.getTime() + f.withinDays * 86_400_000)));
  if (f.online) out.push(inArray(fairs.kind, ['online', 'livestream']));
  if (f.group) out.push(sql`${fairs.targetGroups} @> array[${f.group}]::text[]`);
  if (f.near) {
    const at = f.near;
    const stopNear = db
      .select({ one: sql`1` })
      .from(fairStops)
      .where(
        and(
          eq(fairStops.fairId, fairs.id),
          gt(fairStops.endsAt, now),
          sql`${distanceSql(fairStops.lat, fairStops.lon, at)} <= ${NEAR_KM}`,
        ),
      );
    out.push(or(sql`${distanceSql(fairs.lat, fairs.lon, at)} <= ${NEAR_KM}`, exists(stopNear))!);
  }
  return out;
}
