// Read access to jobs and fairs for flows; flows get it as a service so they stay free of the database.
import { and, asc, desc, eq, gt, isNull, or, sql } from 'drizzle-orm';
import type { Executor } from '../db/client.js';
import { fairs, jobs } from '../db/schema.js';

export type Job = typeof jobs.$inferSelect;
export type Fair = typeof fairs.$inferSelect;

/** What the profile says the person wants: jobs in that city and of that kind come first. */
export interface Preference {
  city: string | null;
  job: string | null;
}

export interface Catalog {
  latestJobs(now: Date, limit: number, prefer?: Preference): Promise<Job[]>;
  job(id: number, now: Date): Promise<Job | null>;
  upcomingFairs(now: Date, limit: number): Promise<Fair[]>;
  fair(externalId: string): Promise<Fair | null>;
}

const open = (now: Date) => or(isNull(jobs.expiresAt), gt(jobs.expiresAt, now));
const like = (s: string) => `%${s.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export const dbCatalog = (db: Executor): Catalog => ({
  latestJobs: (now, limit, prefer) =>
    db
      .select()
      .from(jobs)
      .where(open(now))
      .orderBy(
        ...[
          ...(prefer?.city
            ? [
                desc(
                  sql`(${jobs.city} ilike ${like(prefer.city)} or ${prefer.city} ilike ('%' || ${jobs.city} || '%'))`,
                ),
              ]
            : []),
          ...(prefer?.job
            ? [desc(sql`(${jobs.title} ilike ${like(prefer.job)} or ${jobs.occupation} ilike ${like(prefer.job)})`)]
            : []),
          desc(jobs.postedAt),
          asc(jobs.id),
        ],
      )
      .limit(limit),
  job: async (id, now) =>
    (
      await db
        .select()
        .from(jobs)
        .where(and(eq(jobs.id, id), open(now)))
        .limit(1)
    )[0] ?? null,
  upcomingFairs: (now, limit) =>
    db.select().from(fairs).where(gt(fairs.endsAt, now)).orderBy(asc(fairs.startsAt), asc(fairs.id)).limit(limit),
  fair: async (externalId) =>
    (await db.select().from(fairs).where(eq(fairs.externalId, externalId)).limit(1))[0] ?? null,
});
