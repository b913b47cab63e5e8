// `npm run bench:fanout`: one fair's day-before reminder to 100,000 subscribers across Telegram, LINE and the web
// chat, delivered by real worker processes (`npm start` with ROLES=worker) through local doubles of the Bot API and
// the Messaging API that enforce their rate limits with 429s. Printed for one worker, three workers, and one worker
// killed with SIGKILL halfway and started again: the delivery rate as a fraction of the allowed rate, and how many
// people got the reminder twice or never. The allowed rates are scaled up from the real ones (Telegram ~30/s) so a
// run takes minutes, not an hour; the ratio is what counts. Prints figures, asserts nothing.
import { performance } from 'node:perf_hooks';
import { sql } from 'drizzle-orm';
import { type Database, openDatabase, queryRows } from '../db/client.js';
import { fairs } from '../db/schema.js';
import { startFakeLine } from '../test/support/fake-line.js';
import { startFakeTelegram, TOKEN } from '../test/support/fake-telegram.js';
import { startLocalCluster } from '../test/support/local-cluster.js';
import { type BotProcess, startBotProcess } from '../test/support/process.js';
import { until } from './kill-fanout.js';

const SUBSCRIBERS = Number(process.env.BENCH_FANOUT_SUBSCRIBERS ?? 100_000);
/** Share of subscribers per channel; LINE's are split over three languages (three multicast groups). */
const SHARE = { telegram: 0.2, line: 0.6, web: 0.2 };
const LINE_LOCALES = ['id', 'vi', 'zh-TW'];
/** Allowed rates the doubles enforce, and the senders are told. */
const TELEGRAM_PER_SECOND = Number(process.env.BENCH_FANOUT_TELEGRAM_RATE ?? 200);
const LINE_PER_SECOND = Number(process.env.BENCH_FANOUT_LINE_RATE ?? 20);
const DOUBLE_DELAY_MS = 5;
const HOUR = 3_600_000;

interface Figures {
  label: string;
  seconds: number;
  telegram: { delivered: number; rate: number; limited: number };
  line: { recipients: number; calls: number; limited: number };
  web: number;
  duplicates: number;
  lost: number;
  /** At the kill: Telegram calls the double had answered, and rows marked sent (the gap is what may go twice). */
  atKill?: { answered: number; marked: number; rateAfter: number };
}

/** A fair 23 hours ahead (its day-before reminder is due) and its subscribers, written straight into the database. */
export async function seed(database: Database, run: string): Promise<{ fairId: number }> {
  const { db } = database;
  await db.execute(sql`truncate users, fairs, outbox, inbound_events, channel_limits cascade`);
  const startsAt = new Date(Date.now() + 23 * HOUR);
  const [fair] = await db
    .insert(fairs)
    .values({
      externalId: run,
      title: 'Bench job fair',
      kind: 'offline',
      startsAt,
      endsAt: new Date(startsAt.getTime() + 6 * HOUR),
      city: '台北',
      venue: 'Taipei Main Station',
      timezone: 'Asia/Taipei',
    })
    .returning({ id: fairs.id });
  const tg = Math.round(SUBSCRIBERS * SHARE.telegram);
  const line = Math.round(SUBSCRIBERS * SHARE.line);
  const created = new Date(Date.now() - 48 * HOUR).toISOString();
  // Telegram chats are numbers, LINE users "U" + 32 hex digits, web users opaque ids.
  await db.execute(sql`
    insert into users (channel, platform_user_id, chat_id, locale, time_zone, consent, created_at)
    select c.channel, c.id, c.id, c.locale, 'Asia/Jakarta', 'given', ${created}::timestamptz
    from (
      select i,
        case when i <= ${tg} then 'telegram' when i <= ${tg + line} then 'line' else 'web' end as channel,
        case when i <= ${tg} then (7200000000 + i)::text
             when i <= ${tg + line} then 'U' || lpad(to_hex(i), 32, '0')
             else 'bench-web-' || i end as id,
        case when i <= ${tg} then 'id' when i <= ${tg + line} then (array[${sql.join(
          LINE_LOCALES.map((l) => sql`${l}`),
          sql`, `,
        )}])[1 + i % ${LINE_LOCALES.length}] else 'en' end as locale
      from generate_series(1, ${SUBSCRIBERS}) i) c`);
  await db.execute(sql`
    insert into subscriptions (user_id, kind, target, created_at)
    select id, 'fair', ${String(fair!.id)}, ${created}::timestamptz from users`);
  await db.execute(sql`analyze`);
  return { fairId: fair!.id };
}

async function scenario(
  label: string,
  url: string,
  database: Database,
  opts: { workers: number; killHalfway?: boolean },
): Promise<Figures> {
  const tg = await startFakeTelegram({ delayMs: DOUBLE_DELAY_MS, limit: { perSecond: TELEGRAM_PER_SECOND } });
  const line = await startFakeLine({ limit: { perSecond: LINE_PER_SECOND } });
  const run = `fanout-${Date.now()}`;
  await seed(database, run);
  const env = {
    DATABASE_URL: url,
    ROLES: 'worker',
    TELEGRAM_BOT_TOKEN: TOKEN,
    TELEGRAM_WEBHOOK_SECRET: 'bench-secret',
    TELEGRAM_API_ROOT: tg.root,
    TELEGRAM_SEND_RATE: String(TELEGRAM_PER_SECOND),
    LINE_CHANNEL_SECRET: 'bench-line-secret',
    LINE_CHANNEL_ACCESS_TOKEN: 'bench-line-token',
    LINE_API_BASE_URL: line.base,
    LINE_SEND_RATE: String(LINE_PER_SECOND),
  };
  const start = () => startBotProcess(env, { ready: (out) => out.includes('handling the inbox') });
  const tgSent = () => tg.calls.filter((c) => c.method === 'sendMessage' && c.status === 200);
  const lineSent = () => line.sends().filter((c) => c.path.endsWith('/multicast') || c.path.endsWith('/push'));
  const recipients = () => lineSent().reduce((n, c) => n + (Array.isArray(c.params.to) ? c.params.to.length : 1), 0);
  const tgTotal = Math.round(SUBSCRIBERS * SHARE.telegram);
  const pending = async () =>
    Number(
      (
        await queryRows<{ n: string }>(
          database.db,
          sql`select count(*) as n from outbox where status = 'pending' and channel <> 'web'`,
        )
      )[0]!.n,
    );
  const notices = async () =>
    Number((await queryRows<{ n: string }>(database.db, sql`select count(*) as n from fair_notices`))[0]!.n);
  const t0 = performance.now();
  let workers: BotProcess[] = [];
  let atKill: Figures['atKill'];
  try {
    workers = await Promise.all(Array.from({ length: opts.workers }, start));
    if (opts.killHalfway) {
      await until('half the Telegram reminders', () => tgSent().length >= tgTotal / 2, 600_000, 5);
      await workers[0]!.kill('SIGKILL');
      atKill = {
        rateAfter: 0,
        answered: tgSent().length,
        marked: Number(
          (
            await queryRows<{ n: string }>(
              database.db,
              sql`select count(*) as n from outbox where channel = 'telegram' and status = 'sent'`,
            )
          )[0]!.n,
        ),
      };
      // The dead worker's leases would run out after a minute; the bench skips the wait.
      await database.db.execute(sql`update outbox set lease_until = null where status = 'pending'`);
      workers = [await start()];
    }
    await until(
      'every reminder delivered',
      async () => (await notices()) >= SUBSCRIBERS && (await pending()) === 0 && tgSent().length >= tgTotal,
      900_000,
      200,
    );
    const seconds = (performance.now() - t0) / 1000;

    // Who got it how often: Telegram by chat, LINE by recipient, web by its outbox rows.
    const times = new Map<string, number>();
    const count = (k: string) => times.set(k, (times.get(k) ?? 0) + 1);
    for (const c of tgSent()) count(`t:${c.params.chat_id}`);
    for (const c of lineSent())
      for (const to of Array.isArray(c.params.to) ? c.params.to : [c.params.to]) count(`l:${to}`);
    const web = await queryRows<{ chat_id: string; n: string }>(
      database.db,
      sql`select chat_id, count(*) as n from outbox where channel = 'web' group by chat_id`,
    );
    for (const w of web) times.set(`w:${w.chat_id}`, Number(w.n));
    const people = await queryRows<{ channel: string; chat_id: string }>(
      database.db,
      sql`select channel, chat_id from users`,
    );
    let duplicates = 0;
    let lost = 0;
    for (const p of people) {
      const n = times.get(`${p.channel[0]}:${p.chat_id}`) ?? 0;
      if (n === 0) lost++;
      if (n > 1) duplicates += n - 1;
    }
    const span = (ats: number[]) => (Math.max(...ats) - Math.min(...ats)) / 1000 || 1;
    const tgCalls = tgSent();
    const lineCalls = lineSent();
    // After a kill, the restarted worker's own rate (the span above includes the seconds a new process takes to start).
    if (atKill) {
      const after = tgCalls.slice(atKill.answered);
      atKill.rateAfter = after.length / span(after.map((c) => c.at));
    }
    return {
      label,
      seconds,
      telegram: {
        delivered: tgCalls.length,
        rate: tgCalls.length / span(tgCalls.map((c) => c.at)),
        limited: tg.calls.filter((c) => c.status === 429).length,
      },
      line: {
        recipients: recipients(),
        calls: lineCalls.length,
        limited: line.calls.filter((c) => c.status === 429).length,
      },
      web: web.reduce((n, w) => n + Number(w.n), 0),
      duplicates,
      lost,
      ...(atKill ? { atKill } : {}),
    };
  } finally {
    await Promise.all(workers.map((w) => w.kill('SIGKILL')));
    await tg.close();
    await line.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await main();

async function main() {
  const cluster = await startLocalCluster();
  const database = await openDatabase({ url: cluster.url, poolSize: 4 });
  try {
    console.log(
      `fan-out of one reminder to ${SUBSCRIBERS.toLocaleString('en')} subscribers ` +
        `(Telegram ${SHARE.telegram * 100}%, LINE ${SHARE.line * 100}% in ${LINE_LOCALES.length} languages, web ${SHARE.web * 100}%)`,
    );
    console.log(
      `allowed: Telegram ${TELEGRAM_PER_SECOND} messages/s and 1/s per chat; LINE ${LINE_PER_SECOND} calls/s of up to 500 ` +
        `recipients; both doubles answer 429 above that, in ${DOUBLE_DELAY_MS} ms otherwise\n`,
    );
    const rows: Figures[] = [];
    rows.push(await scenario('1 worker', cluster.url, database, { workers: 1 }));
    rows.push(await scenario('3 workers', cluster.url, database, { workers: 3 }));
    rows.push(
      await scenario('1 worker, SIGKILL halfway, restarted', cluster.url, database, { workers: 1, killHalfway: true }),
    );
    const pad = (s: string, n: number) => s.padEnd(n);
    console.log(
      `${pad('', 40)}${pad('seconds', 9)}${pad('telegram/s', 12)}${pad('of allowed', 12)}${pad('429s', 6)}` +
        `${pad('line calls', 12)}${pad('recipients', 12)}${pad('web', 8)}${pad('twice', 7)}lost`,
    );
    for (const f of rows) {
      console.log(
        `${pad(f.label, 40)}${pad(f.seconds.toFixed(1), 9)}${pad(f.telegram.rate.toFixed(0), 12)}` +
          `${pad((f.telegram.rate / TELEGRAM_PER_SECOND).toFixed(2), 12)}${pad(String(f.telegram.limited + f.line.limited), 6)}` +
          `${pad(String(f.line.calls), 12)}${pad(String(f.line.recipients), 12)}${pad(String(f.web), 8)}` +
          `${pad(String(f.duplicates), 7)}${f.lost}`,
      );
    }
    for (const f of rows.filter((r) => r.atKill))
      console.log(
        `\n${f.label}: at the kill the double had answered ${f.atKill!.answered} Telegram calls and ` +
          `${f.atKill!.marked} rows were marked sent; the ${f.atKill!.answered - f.atKill!.marked} between ` +
          `(calls in flight, or answered and not yet marked) are all that can go twice; the restarted worker sent ` +
          `${f.atKill!.rateAfter.toFixed(0)} Telegram messages/s (${(f.atKill!.rateAfter / TELEGRAM_PER_SECOND).toFixed(2)} of allowed)`,
      );
  } finally {
    await database.close();
    cluster.stop();
  }
  console.log(`\nmachine: ${(await import('node:os')).cpus().length} cores, node ${process.version}`);
}
