// Fairs import (DESIGN.md section 3), like the jobs import: idempotent by external_id, every bad row reported, one
// transaction. A fair may list its stops (roving and multi-day fairs: each with its own place and time) and the
// employers attending; its time zone must be a real IANA zone, else the row is rejected rather than failing later.
import { inArray, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Executor } from '../../db/client.js';
import { FAIR_KINDS, FAIR_STATUSES, fairStops, fairs, SUITABLE_FOR } from '../../db/schema.js';
import { detectLanguage } from '../language.js';
import { isSafeUrl } from '../links.js';
import { place, placeMatcher, recognise } from '../search/vocab.js';
import {
  type ImportReport,
  list,
  optionalInt,
  optionalNumber,
  optionalText,
  optionalZone,
  checkRows,
  fromExcluded,
  requiredText,
  requiredTime,
  type Row,
} from './records.js';

const where = {
  city: optionalText(200),
  venue: optionalText(300),
  address: optionalText(500),
  lat: optionalNumber.pipe(z.number().min(-90).max(90).optional()),
  lon: optionalNumber.pipe(z.number().min(-180).max(180).optional()),
  timezone: optionalZone,
};
const inOrder = (s: { starts_at?: Date; ends_at?: Date }) => !s.starts_at || !s.ends_at || s.ends_at >= s.starts_at;
const together = (s: { lat?: number; lon?: number }) => (s.lat === undefined) === (s.lon === undefined);

const stopRow = z
  .object({ starts_at: requiredTime, ends_at: requiredTime, ...where })
  .refine(inOrder, { message: 'ends before it starts', path: ['ends_at'] })
  .refine(together, { message: 'lat and lon go together', path: ['lon'] });

/** Stops: a JSON array, or in CSV a cell holding one. */
const stops = z.preprocess((v) => {
  if (typeof v !== 'string') return v ?? [];
  if (!v.trim()) return [];
  try {
    return JSON.parse(v);
  } catch {
    return v; // reported as "expected array"
  }
}, z.array(stopRow).max(100));

const fairRow = z
  .object({
    external_id: requiredText(200),
    title: requiredText(300),
    kind: z.preprocess(
      (v) => (typeof v === 'string' ? v.trim().toLowerCase() : v),
      z.enum(FAIR_KINDS, { message: `expected one of ${FAIR_KINDS.join(', ')}` }),
    ),
    starts_at: requiredTime,
    ends_at: requiredTime,
    ...where,
    organizer: optionalText(300),
    url: optionalText(2000).pipe(
      z
        .string()
        .refine((u) => /^https?:/i.test(u) && isSafeUrl(u), { message: 'expected an http or https link' })
        .optional(),
    ),
    target_groups: list(z.enum(SUITABLE_FOR, { message: `expected items of ${SUITABLE_FOR.join(', ')}` })),
    industries: list(z.string().max(100)),
    employers: list(z.string().max(300)),
    employers_count: optionalInt,
    jobs_count: optionalInt,
    description: optionalText(10_000),
    // `cancelled` tells everyone who follows the fair, once.
    status: z.preprocess(
      (v) => (typeof v === 'string' && v.trim() ? v.trim().toLowerCase() : undefined),
      z.enum(FAIR_STATUSES, { message: `expected one of ${FAIR_STATUSES.join(', ')}` }).default('scheduled'),
    ),
    stops,
  })
  .refine(inOrder, { message: 'ends before it starts', path: ['ends_at'] })
  .refine(together, { message: 'lat and lon go together', path: ['lon'] });
type FairRow = z.infer<typeof fairRow>;

/** When and where a fair is on, as one comparable text: a change to it is a move its subscribers hear about. */
function scheduleOf(f: FairRow): string {
  const one = (s: z.infer<typeof stopRow> | FairRow) =>
    [s.starts_at?.toISOString(), s.ends_at?.toISOString(), s.city, s.venue, s.address].map((x) => x ?? '').join('|');
  return [one(f), ...f.stops.map(one)].join('\n');
}

/** A place's fields: recognised from its city, its zone given or the place's. */
function located(s: z.infer<typeof stopRow> | FairRow) {
  const placeId = recognise(placeMatcher, s.city);
  const p = place(placeId);
  return {
    city: s.city ?? null,
    venue: s.venue ?? null,
    address: s.address ?? null,
    lat: s.lat ?? p?.lat ?? null,
    lon: s.lon ?? p?.lon ?? null,
    placeId,
    timezone: s.timezone ?? p?.tz ?? null,
  };
}

const moved = sql`(${fairs.schedule} <> '' and ${fairs.schedule} <> excluded.schedule)`;

export async function importFairs(db: Executor, rows: Row[], opts: { now: Date }): Promise<ImportReport> {
  const { good, rejected } = checkRows(rows, fairRow);
  const report: ImportReport = { inserted: 0, updated: 0, rejected };
  const values = await Promise.all(
    good.map(async (f) => {
      const { placeId, ...at } = located(f);
      const lang = await detectLanguage([f.title, f.description].filter(Boolean).join('. '));
      return {
        externalId: f.external_id,
        title: f.title,
        kind: f.kind,
        startsAt: f.starts_at,
        endsAt: f.ends_at,
        ...at,
        placeId,
        country: place(placeId)?.country ?? null,
        lang: lang?.locale ?? null,
        organizer: f.organizer ?? null,
        url: f.url ?? null,
        targetGroups: f.target_groups,
        industries: f.industries,
        employers: f.employers,
        employersCount: f.employers_count ?? (f.employers.length || null),
        jobsCount: f.jobs_count ?? null,
        description: f.description ?? null,
        status: f.status,
        schedule: scheduleOf(f),
        createdAt: opts.now,
        updatedAt: opts.now,
      };
    }),
  );
  if (!values.length) return report;
  await db.transaction(async (tx) => {
    const written = await tx
      .insert(fairs)
      .values(values)
      .onConflictDoUpdate({
        target: fairs.externalId,
        set: {
          ...fromExcluded(fairs, values[0]!),
          // Moved or cancelled: a new revision, which its followers are told about once (bot/fairs/notices.ts). A fair
          // stored before schedules were kept ('') has nothing to compare with.
          revision: sql`case when ${moved} then ${fairs.revision} + 1 else ${fairs.revision} end`,
          changedAt: sql`case when ${moved} or ${fairs.status} <> excluded.status
            then excluded.updated_at else ${fairs.changedAt} end`,
        },
      })
      // xmax is 0 on a row this statement inserted, set on one it updated.
      .returning({ id: fairs.id, externalId: fairs.externalId, inserted: sql<boolean>`(xmax = 0)` });
    for (const w of written) w.inserted ? report.inserted++ : report.updated++;
    // A fair's stops are what the file says now: numbered in the file's order.
    const ids = new Map(written.map((w) => [w.externalId, w.id]));
    await tx.delete(fairStops).where(inArray(fairStops.fairId, [...ids.values()]));
    const stopValues = good.flatMap((f) =>
      f.stops.map((s, i) => ({
        fairId: ids.get(f.external_id)!,
        seq: i + 1,
        startsAt: s.starts_at,
        endsAt: s.ends_at,
        ...located(s),
      })),
    );
    if (stopValues.length) await tx.insert(fairStops).values(stopValues);
  });
  return report;
}
