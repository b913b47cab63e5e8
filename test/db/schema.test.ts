// The database keeps its own rules: a value the code would never write (an unknown channel or status, a coordinate
// off the globe, a salary range upside down, a fair that ends before it starts) is refused by the database itself,
// on both backends, whoever writes it.
import { is, sql } from 'drizzle-orm';
import { getTableConfig, type PgColumn, PgTable } from 'drizzle-orm/pg-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows, type Database } from '../../db/client.js';
import * as schema from '../../db/schema.js';
import {
  CHANNELS,
  channelLimits,
  EMPLOYMENT_TYPES,
  FAIR_KINDS,
  fairs,
  inboundEvents,
  jobs,
  outbox,
  SALARY_PERIODS,
  SUITABLE_FOR,
  users,
} from '../../db/schema.js';
import { BACKENDS, freshDatabase } from '../support/databases.js';

const CHECK_VIOLATION = '23514';

/** The SQLSTATE and constraint of a refused write (drizzle wraps the driver's error; the drivers name it apart). */
async function refusal(write: Promise<unknown>): Promise<{ code?: string; constraint?: string }> {
  try {
    await write;
  } catch (err) {
    type DriverError = { code?: string; constraint?: string; constraint_name?: string };
    const cause = ((err as { cause?: unknown }).cause ?? err) as DriverError;
    return { code: cause.code, constraint: cause.constraint_name ?? cause.constraint };
  }
  throw new Error('the database accepted the write');
}

const refused = (constraint: string) => ({ code: CHECK_VIOLATION, constraint });

describe.each(BACKENDS)('database rules on %s', (backend) => {
  let database: Database;
  let n = 0;
  beforeAll(async () => {
    database = await freshDatabase(backend);
  });
  afterAll(async () => {
    await database?.close();
  });

  // Each row gets its own keys, so the cases share no data and run in any order.
  const unique = () => `t${++n}`;
  const user = (over: Record<string, unknown> = {}) =>
    database.db.insert(users).values({ channel: 'web', platformUserId: unique(), chatId: 'c', ...over } as never);
  const payload = { channel: 'web', eventId: 'e', userId: 'u', chatId: 'u', body: { type: 'follow' } };
  const inbound = (over: Record<string, unknown> = {}) =>
    database.db
      .insert(inboundEvents)
      .values({ channel: 'web', eventId: unique(), userKey: 'web:u', payload, ...over } as never);
  const out = (over: Record<string, unknown> = {}) =>
    database.db
      .insert(outbox)
      .values({ channel: 'web', chatId: unique(), reply: { type: 'text', text: 'hi' }, ...over } as never);
  const job = (over: Record<string, unknown> = {}) =>
    database.db
      .insert(jobs)
      .values({ externalId: unique(), title: 'Cook', employer: 'Canteen', city: 'Jakarta', ...over } as never);
  const start = new Date('2030-05-01T09:00:00Z');
  const hourLater = new Date(start.getTime() + 3_600_000);
  const fair = (over: Record<string, unknown> = {}) =>
    database.db.insert(fairs).values({
      externalId: unique(),
      title: 'Fair',
      kind: 'offline',
      startsAt: start,
      endsAt: hourLater,
      ...over,
    } as never);

  it('accepts every channel the code knows, and refuses any other on every table that has a channel', async () => {
    for (const channel of CHANNELS) {
      await user({ channel });
      await inbound({ channel });
      await out({ channel });
      await database.db.insert(channelLimits).values({ channel });
    }
    expect(await refusal(user({ channel: 'sms' }))).toEqual(refused('users_channel_known'));
    expect(await refusal(inbound({ channel: 'Telegram' }))).toEqual(refused('inbound_events_channel_known'));
    expect(await refusal(out({ channel: '' }))).toEqual(refused('outbox_channel_known'));
    const limit = database.db.insert(channelLimits).values({ channel: 'fax' });
    expect(await refusal(limit)).toEqual(refused('channel_limits_channel_known'));
  });

  it('refuses an unknown consent, status or negative attempt count', async () => {
    expect(await refusal(user({ consent: 'maybe' }))).toEqual(refused('users_consent_known'));
    expect(await refusal(inbound({ status: 'lost' }))).toEqual(refused('inbound_events_status_known'));
    expect(await refusal(inbound({ attempts: -1 }))).toEqual(refused('inbound_events_attempts_not_negative'));
    expect(await refusal(out({ status: 'queued' }))).toEqual(refused('outbox_status_known'));
    expect(await refusal(out({ attempts: -1 }))).toEqual(refused('outbox_attempts_not_negative'));
    expect(await refusal(out({ partsSent: -2 }))).toEqual(refused('outbox_parts_sent_not_negative'));
  });

  it('refuses coordinates off the globe (and NaN), keeps the edges and a missing place', async () => {
    await user({ lat: 90, lon: -180 });
    await user({ lat: null, lon: null });
    await job({ lat: -90, lon: 180 });
    await fair({ lat: 0, lon: 0 });
    expect(await refusal(user({ lat: 91, lon: 0 }))).toEqual(refused('users_lat_range'));
    expect(await refusal(user({ lat: 0, lon: -180.5 }))).toEqual(refused('users_lon_range'));
    expect(await refusal(user({ lat: Number.NaN, lon: 0 }))).toEqual(refused('users_lat_range'));
    expect(await refusal(job({ lat: -91 }))).toEqual(refused('jobs_lat_range'));
    expect(await refusal(job({ lon: 181 }))).toEqual(refused('jobs_lon_range'));
    expect(await refusal(fair({ lat: 1000 }))).toEqual(refused('fairs_lat_range'));
    expect(await refusal(fair({ lon: -1000 }))).toEqual(refused('fairs_lon_range'));
  });

  it('refuses a job with an unknown period, type or group, or a salary range upside down', async () => {
    for (const salaryPeriod of SALARY_PERIODS) await job({ salaryPeriod });
    for (const employmentType of EMPLOYMENT_TYPES) await job({ employmentType });
    await job({ suitableFor: [...SUITABLE_FOR] });
    await job({ suitableFor: [] });
    await job({ salaryMin: 5000, salaryMax: 5000 });
    await job({ salaryMin: 5000 }); // either bound alone is fine
    await job({ salaryMax: 5000 });
    expect(await refusal(job({ salaryPeriod: 'week' }))).toEqual(refused('jobs_salary_period_known'));
    expect(await refusal(job({ employmentType: 'gig' }))).toEqual(refused('jobs_employment_type_known'));
    expect(await refusal(job({ suitableFor: ['graduates', 'robots'] }))).toEqual(refused('jobs_suitable_for_known'));
    expect(await refusal(job({ salaryMin: 9000, salaryMax: 7000 }))).toEqual(refused('jobs_salary_range_ordered'));
    expect(await refusal(job({ salaryMin: -1 }))).toEqual(refused('jobs_salary_min_not_negative'));
    expect(await refusal(job({ headcount: -3 }))).toEqual(refused('jobs_headcount_not_negative'));
  });

  it('refuses a fair of an unknown kind or one that ends before it starts', async () => {
    for (const kind of FAIR_KINDS) await fair({ kind });
    await fair({ endsAt: start }); // a fair may end the moment it starts
    expect(await refusal(fair({ kind: 'party' }))).toEqual(refused('fairs_kind_known'));
    const early = new Date(start.getTime() - 1000);
    expect(await refusal(fair({ endsAt: early }))).toEqual(refused('fairs_ends_after_start'));
    expect(await refusal(fair({ employersCount: -1 }))).toEqual(refused('fairs_employers_count_not_negative'));
    expect(await refusal(fair({ jobsCount: -1 }))).toEqual(refused('fairs_jobs_count_not_negative'));
  });

  it('every column declared with a list of values has a CHECK naming each of them', async () => {
    // A new enum-like column without a CHECK fails here, not in production.
    const tables = Object.values(schema as Record<string, unknown>).filter((v): v is PgTable => is(v, PgTable));
    expect(tables.length).toBeGreaterThanOrEqual(10);
    const checks = await queryRows<{ table: string; def: string }>(
      database.db,
      sql`
      select c.conrelid::regclass::text as "table", pg_get_constraintdef(c.oid) as def
      from pg_constraint c where c.contype = 'c' and c.connamespace = 'public'::regnamespace`,
    );
    let columns = 0;
    for (const table of tables) {
      const { name, columns: cols } = getTableConfig(table);
      for (const col of cols as PgColumn[]) {
        // An array column keeps its element's values on its base column.
        const values = col.enumValues ?? (col as { baseColumn?: PgColumn }).baseColumn?.enumValues;
        if (!values?.length) continue;
        columns++;
        const defs = checks.filter((c) => c.table === name && c.def.includes(col.name)).map((c) => c.def);
        expect(
          defs.some((d) => values.every((v) => d.includes(`'${v}'`))),
          `${name}.${col.name}`,
        ).toBe(true);
      }
    }
    expect(columns).toBeGreaterThanOrEqual(7); // consent, two statuses, period, type, suitable_for, kind
  });
});
