// Jobs written before search existed (or by hand) are made searchable at start-up, once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reindexJobs } from '../../../bot/import/jobs.js';
import { searchJobs } from '../../../bot/search/jobs.js';
import { parseQuery } from '../../../bot/search/query.js';
import type { Database } from '../../../db/client.js';
import { jobs } from '../../../db/schema.js';
import { BACKENDS, freshDatabase } from '../../support/databases.js';

describe.each(BACKENDS)('reindexing old jobs on %s', (backend) => {
  let database: Database;
  beforeAll(async () => {
    database = await freshDatabase(backend);
  });
  afterAll(async () => {
    await database?.close();
  });

  it('gives a job stored without terms its occupation, place and terms, and leaves it alone afterwards', async () => {
    const now = new Date();
    await database.db
      .insert(jobs)
      .values({ externalId: 'legacy-1', title: '货车司机', employer: '老物流', city: '重庆市' });
    const find = () => searchJobs(database.db, parseQuery('重庆 司机').query, { now, limit: 5 });
    expect(await find()).toEqual([]);
    expect(await reindexJobs(database.db, now)).toEqual({ inserted: 0, updated: 1, rejected: [] });
    const [found] = await find();
    expect(found).toMatchObject({
      externalId: 'legacy-1',
      occupation: 'truck-driver',
      placeId: 'cn-500000',
      currency: 'CNY',
    });
    expect(await reindexJobs(database.db, now)).toEqual({ inserted: 0, updated: 0, rejected: [] });
  });
});
