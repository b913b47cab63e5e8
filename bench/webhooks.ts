// npm run bench:webhooks — for each webhook route on a real Postgres:
//   (a) acknowledged updates per second and p99 time to acknowledge (one durable insert each), measured on a process
//       with only the web role, so that handling and sending don't share its CPU;
//   (b) end to end: updates per second until every reply has reached the platform test double, all in one process
//       (acknowledging, handling and sending at once), and the rate at which a worker-only process drains (a)'s backlog;
//   (c) a fan-out through a worker that is killed (SIGKILL) halfway and restarted: messages sent twice, and lost;
// beside the web chat figure measured in the same run. The platforms' send rates (Telegram 30/s, LINE 100/s) are
// lifted in (a) and (b), which measure the bot, not the platform's limit.
import { startLocalCluster } from '../test/support/local-cluster.js';
import { lineEvent, lineSignature, startFakeLine, webhook, type FakeLine } from '../test/support/fake-line.js';
import { startFakeTelegram, TOKEN, type FakeTelegram } from '../test/support/fake-telegram.js';
import { startBotProcess, type BotProcess } from '../test/support/process.js';
import { killMidFanout } from './kill-fanout.js';
import { chatLoad, fmt, load, post, type Figures } from './support.js';

const UPDATES = Number(process.env.BENCH_UPDATES ?? 10_000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 64);
const TG_SECRET = 'bench-secret';
const LINE_SECRET = 'bench-line-secret';
const label = (s: string) => s.padEnd(50);
const report = (what: string, f: Figures) => console.log(`${label(what)} ${fmt(f)}`);
const rate = (what: string, n: number, seconds: number) =>
  console.log(`${label(what)} ${(n / seconds).toFixed(0).padStart(6)}/s  (${n} in ${seconds.toFixed(1)} s)`);

interface Route {
  name: string;
  /** A first contact from user `i` (answered with exactly one API call), as the platform would post it. */
  send(url: string, i: number): Promise<{ status: number; text: string }>;
  delivered(): number;
}

const now = Math.floor(Date.now() / 1000);
const routes = (tg: FakeTelegram, line: FakeLine, round: number): Route[] => [
  {
    name: 'telegram',
    send: (url, i) =>
      post(
        `${url}/webhooks/telegram`,
        JSON.stringify({
          update_id: round * 1_000_000 + i,
          message: {
            message_id: i + 1,
            date: now,
            text: '/start',
            entities: [{ offset: 0, length: 6, type: 'bot_command' }],
            from: {
              id: 6_000_000_000 + round * 1_000_000 + i,
              is_bot: false,
              first_name: 'Bench',
              language_code: i % 2 ? 'zh-hans' : 'id',
            },
            chat: { id: 6_000_000_000 + round * 1_000_000 + i, first_name: 'Bench', type: 'private' },
          },
        }),
        { 'x-telegram-bot-api-secret-token': TG_SECRET },
      ),
    delivered: () => tg.calls.filter((c) => c.method === 'sendMessage' && c.status === 200).length,
  },
  {
    name: 'line',
    send: (url, i) => {
      const body = JSON.stringify(
        webhook(
          lineEvent(`U${(round * 1_000_000 + i).toString(16).padStart(32, '0')}`, { type: 'text', text: 'hello' }),
        ),
      );
      return post(`${url}/webhooks/line`, body, { 'x-line-signature': lineSignature(LINE_SECRET, body) });
    },
    delivered: () => line.sends().length,
  },
];

async function postAll(route: Route, url: string): Promise<Figures> {
  return load(UPDATES, CONCURRENCY, async (i) => {
    const r = await route.send(url, i);
    if (r.status !== 200) throw new Error(`${route.name} webhook → ${r.status}: ${r.text}`);
  });
}

async function untilDelivered(route: Route, target: number): Promise<void> {
  const deadline = Date.now() + 600_000;
  while (route.delivered() < target && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  if (route.delivered() < target)
    throw new Error(`${route.name}: only ${route.delivered()} of ${target} replies arrived`);
}

const cluster = await startLocalCluster();
const tg = await startFakeTelegram();
const line = await startFakeLine();
const env = {
  DATABASE_URL: cluster.url,
  LOG_LEVEL: 'error',
  TELEGRAM_BOT_TOKEN: TOKEN,
  TELEGRAM_WEBHOOK_SECRET: TG_SECRET,
  TELEGRAM_API_ROOT: tg.root,
  LINE_CHANNEL_SECRET: LINE_SECRET,
  LINE_CHANNEL_ACCESS_TOKEN: 'bench-line-token',
  LINE_API_BASE_URL: line.base,
  TELEGRAM_SEND_RATE: '1000000',
  LINE_SEND_RATE: '1000000',
};
const processes: BotProcess[] = [];
const start = async (extra: Record<string, string>, ready?: (out: string) => boolean) => {
  const p = await startBotProcess({ ...env, ...extra }, ready ? { ready } : {});
  processes.push(p);
  return p;
};
try {
  // (a) acknowledging alone, then a worker draining the backlog
  const web = await start({ ROLES: 'web' });
  for (const route of routes(tg, line, 1)) {
    report(`${route.name}: acknowledged (web-only process)`, await postAll(route, web.url));
  }
  const t0 = performance.now();
  const worker = await start({ ROLES: 'worker', LOG_LEVEL: 'info' }, (out) => out.includes('handling the inbox'));
  for (const route of routes(tg, line, 1)) await untilDelivered(route, UPDATES);
  rate('both: backlog drained by a worker-only process', 2 * UPDATES, (performance.now() - t0) / 1000);
  await Promise.all([web.kill(), worker.kill()]);

  // (b) one process doing everything at once
  const all = await start({});
  for (const route of routes(tg, line, 2)) {
    const before = route.delivered();
    const t1 = performance.now();
    report(`${route.name}: acknowledged (while handling and sending)`, await postAll(route, all.url));
    await untilDelivered(route, before + UPDATES);
    rate(`${route.name}: end to end, one process`, UPDATES, (performance.now() - t1) / 1000);
  }
  report('web chat: POST /api/chat (same run)', await chatLoad(all.url, UPDATES, 400, CONCURRENCY));
  await all.kill();

  // (c) SIGKILL in the middle of a fan-out, then a restart
  const k = await killMidFanout(cluster.url, { chats: 200, perChat: 10, sendRate: 400, delayMs: 5 });
  console.log(
    `${label('telegram: fan-out killed halfway and restarted')} ${k.messages} messages to ${k.chats} chats ` +
      `at 400/s, double answering in 5 ms; at the kill ${k.atKill.received} received, ${k.atKill.marked} marked sent`,
  );
  console.log(
    `${label('')} sent twice: ${k.duplicates} (in ${k.chatsWithDuplicate} chats), lost: ${k.lost}  ` +
      `(${k.seconds.toFixed(1)} s)`,
  );
} finally {
  await Promise.all(processes.map((p) => p.kill()));
  await tg.close();
  await line.close();
  cluster.stop();
}
console.log(`\nmachine: ${(await import('node:os')).cpus().length} cores, node ${process.version}`);
