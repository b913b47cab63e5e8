// The timer side of fairs: reminders the day before and two hours before each fair (or each stop of a roving one),
// one notice when a followed fair moves or is cancelled, and new fairs for people who follow a city or a group.
//
// Each notice is claimed by inserting its key into fair_notices (user, fair, stop, kind) in the same transaction
// that writes its outbox rows: a key is there for good, so a notice goes out at most once however often this runs,
// in however many workers (the insert's conflict decides), and a crash before commit leaves it to the next run.
// Texts are built here, at sending time, from the fair as it is now.
import { inArray, type SQL, sql } from 'drizzle-orm';
import { queryRows, type Db, type Tx } from '../../db/client.js';
import { fairNotices, fairStops, fairs, subscriptions, users } from '../../db/schema.js';
import type { Fair, FairStop } from '../catalog.js';
import {
  changedReply,
  newFairsReply,
  REMINDERS,
  reminderReply,
  atStop,
  type ReminderKind,
} from '../flows/fairs/notices.js';
import { FOLLOW } from '../flows/fairs/follow.js';
import { LOCALE_ZONE, WAKING } from '../flows/jobs/alerts.js';
import { tFor } from '../i18n.js';
import { enqueue, type OutboxItem } from '../outbox.js';
import type { Channel, Reply } from '../types.js';

/** Notices claimed per transaction. */
const BATCH = 500;
/** New-fair alerts: at most one message a day per person, listing what is new. */
const NEW_EVERY_HOURS = 20;
const NEW_CARDS = 5;

interface Recipient {
  user_id: number;
  fair_id: number;
  stop: number;
  kind: string;
  channel: Channel;
  chat_id: string;
  locale: string;
  time_zone: string;
}

const at = (d: Date) => sql`${d.toISOString()}::timestamptz`;

/** People who can still be reached, on a channel that delivers by itself. */
const reachable = sql`u.unreachable_at is null and u.channel <> 'console'`;

/** Runs every kind once; returns how many notices it claimed (a full batch means: run again at once). */
export async function runFairNotices(db: Db, now: Date, limit = BATCH): Promise<number> {
  let claimed = 0;
  for (const run of [reminders, changes, newFairs]) claimed += await db.transaction((tx) => run(tx, now, limit));
  return claimed;
}

/** Reminders whose time has come, for those who followed the fair before that time. */
async function reminders(tx: Tx, now: Date, limit: number): Promise<number> {
  const kinds = sql.join(
    Object.entries(REMINDERS).map(
      ([kind, lead], i, all) =>
        sql`(${kind}, make_interval(secs => ${lead / 1000}), make_interval(secs => ${(all[i + 1]?.[1] ?? 0) / 1000}))`,
    ),
    sql`, `,
  );
  const rows = await claim(
    tx,
    now,
    sql`
    select s.user_id, f.id as fair_id, w.seq as stop, k.kind
    from ${fairs} f
    cross join lateral (
      select st.seq, st.starts_at from ${fairStops} st where st.fair_id = f.id
      union all
      select 0, f.starts_at where not exists (select 1 from ${fairStops} st where st.fair_id = f.id)) w
    cross join (values ${kinds}) k(kind, lead, next_lead)
    join ${subscriptions} s on s.kind = ${FOLLOW.fair} and s.target = f.id::text
    join ${users} u on u.id = s.user_id
    where f.status = 'scheduled' and f.ends_at > ${at(now)}
      and f.starts_at <= ${at(now)} + interval '60 days'
      -- each kind in its own window, so a late run never sends the day-before one after the two-hour one
      and w.starts_at - k.lead <= ${at(now)} and w.starts_at - k.next_lead > ${at(now)}
      and s.created_at <= w.starts_at - k.lead
      and ${reachable}
      and not exists (select 1 from ${fairNotices} n
                      where n.user_id = s.user_id and n.fair_id = f.id and n.stop = w.seq and n.kind = k.kind)
    limit ${limit}`,
  );
  await send(tx, rows, now, (t, r, f, s) =>
    reminderReply(t, r.locale, r.time_zone, atStop(f, s), r.kind as ReminderKind),
  );
  return rows.length;
}

/** A followed fair that moved or was cancelled after the person followed it: told once per change. */
async function changes(tx: Tx, now: Date, limit: number): Promise<number> {
  const rows = await claim(
    tx,
    now,
    sql`
    select s.user_id, f.id as fair_id, 0 as stop,
      case when f.status = 'cancelled' then 'cancelled' else 'changed:' || f.revision end as kind
    from ${fairs} f
    join ${subscriptions} s on s.kind = ${FOLLOW.fair} and s.target = f.id::text
    join ${users} u on u.id = s.user_id
    where f.changed_at is not null and f.changed_at > s.created_at and f.ends_at > ${at(now)}
      and ${reachable}
      and not exists (select 1 from ${fairNotices} n where n.user_id = s.user_id and n.fair_id = f.id and n.stop = 0
                      and (n.kind = 'cancelled' or n.kind = case when f.status = 'cancelled' then 'cancelled'
                                                                    else 'changed:' || f.revision end))
    limit ${limit}`,
  );
  await send(tx, rows, now, (t, r, f) => changedReply(t, r.locale, r.time_zone, f));
  return rows.length;
}

/** The person's zone for quiet hours: their own, else their language's usual one. */
const zoneOfUser = sql`case when u.time_zone <> 'UTC' then u.time_zone else case u.locale ${sql.join(
  Object.entries(LOCALE_ZONE).map(([l, z]) => sql`when ${l} then ${z}`),
  sql` `,
)} else 'UTC' end end`;

/** Fairs added after someone began following their city or group: one message, inside waking hours. */
async function newFairs(tx: Tx, now: Date, limit: number): Promise<number> {
  const rows = await claim(
    tx,
    now,
    sql`
    select distinct s.user_id, f.id as fair_id, 0 as stop, 'new' as kind
    from ${subscriptions} s
    join ${users} u on u.id = s.user_id
    join ${fairs} f on f.created_at > s.created_at and f.status = 'scheduled' and f.starts_at > ${at(now)}
      and ((s.kind = ${FOLLOW.city} and (f.place_id = s.target
             or exists (select 1 from ${fairStops} st where st.fair_id = f.id and st.place_id = s.target)))
        or (s.kind = ${FOLLOW.group} and f.target_groups @> array[s.target]))
    where s.kind in (${FOLLOW.city}, ${FOLLOW.group}) and ${reachable}
      and extract(hour from ${at(now)} at time zone ${zoneOfUser}) between ${WAKING.from} and ${WAKING.to - 1}
      and not exists (select 1 from ${fairNotices} n where n.user_id = s.user_id and n.fair_id = f.id
                      and n.stop = 0 and n.kind = 'new')
      and not exists (select 1 from ${fairNotices} n where n.user_id = s.user_id and n.kind = 'new'
                      and n.sent_at > ${at(now)} - make_interval(hours => ${NEW_EVERY_HOURS}))
    limit ${limit}`,
  );
  if (!rows.length) return 0;
  const fairsById = await loadFairs(tx, rows);
  const byUser = new Map<number, Recipient[]>();
  for (const r of rows) byUser.set(r.user_id, [...(byUser.get(r.user_id) ?? []), r]);
  await enqueueShared(
    tx,
    now,
    [...byUser.values()].map((list) => {
      const r = list[0]!;
      const found = list
        .map((x) => fairsById.get(x.fair_id)!.fair)
        .sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime())
        .slice(0, NEW_CARDS);
      return {
        to: r,
        key: `new:${found.map((f) => f.id).join(',')}:${r.locale}:${r.time_zone}`,
        build: () => newFairsReply(tFor(r.locale), r.locale, r.time_zone, found),
      };
    }),
  );
  return rows.length;
}

/** Inserts the notices the query selects and returns those this transaction claimed, with their recipients. */
async function claim(tx: Tx, now: Date, select: SQL): Promise<Recipient[]> {
  return queryRows<Recipient>(
    tx,
    sql`
    with due as (${select}),
    claimed as (
      insert into ${fairNotices} (user_id, fair_id, stop, kind, sent_at)
      select user_id, fair_id, stop, kind, ${at(now)} from due
      on conflict do nothing
      returning user_id, fair_id, stop, kind)
    select c.user_id::int as user_id, c.fair_id::int as fair_id, c.stop, c.kind,
      u.channel, u.chat_id, u.locale, u.time_zone
    from claimed c join ${users} u on u.id = c.user_id
    order by c.fair_id, c.stop, c.kind, u.locale, u.time_zone, u.channel, c.user_id`,
  );
}

async function loadFairs(tx: Tx, rows: Recipient[]): Promise<Map<number, { fair: Fair; stops: FairStop[] }>> {
  const ids = [...new Set(rows.map((r) => r.fair_id))];
  const list = await tx.select().from(fairs).where(inArray(fairs.id, ids));
  const stops = await tx.select().from(fairStops).where(inArray(fairStops.fairId, ids));
  return new Map(list.map((f) => [f.id, { fair: f, stops: stops.filter((s) => s.fairId === f.id) }]));
}

/** One notice per claimed row, about its fair (or stop), built once per notice, language and zone. */
async function send(
  tx: Tx,
  rows: Recipient[],
  now: Date,
  build: (t: ReturnType<typeof tFor>, r: Recipient, f: Fair, s: FairStop | null) => Reply,
): Promise<void> {
  if (!rows.length) return;
  const fairsById = await loadFairs(tx, rows);
  await enqueueShared(
    tx,
    now,
    rows.map((r) => ({
      to: r,
      key: `${r.fair_id}:${r.stop}:${r.kind}:${r.locale}:${r.time_zone}`,
      build: () => {
        const { fair, stops } = fairsById.get(r.fair_id)!;
        return build(tFor(r.locale), r, fair, stops.find((s) => s.seq === r.stop) ?? null);
      },
    })),
  );
}

/**
 * One outbox row per message; messages with the same key are the very same text (same notice, language and zone),
 * built once, and the key lets a channel that sends one message to many (LINE multicast) send them together.
 */
async function enqueueShared(
  tx: Tx,
  now: Date,
  messages: { to: Recipient; key: string; build(): Reply }[],
): Promise<void> {
  const built = new Map<string, Reply>();
  const items = messages.map(({ to, key, build }): OutboxItem => {
    if (!built.has(key)) built.set(key, build());
    return {
      channel: to.channel,
      chatId: to.chat_id,
      userId: to.user_id,
      reply: built.get(key)!,
      meta: { locale: to.locale, same: key },
    };
  });
  await enqueue(tx, items, now);
}
