// npm run bench:webhooks — for each webhook route on a real Postgres: (a) acknowledged updates per second and the
// p99 time to acknowledge (one durable insert each), (b) end to end, updates per second until every reply has reached
// the platform test double; beside the web chat figure measured in the same run.
import { startLocalCluster } from '../db/local-cluster.js';
import { startFakeLine, lineEvent, lineSignature, webhook, type FakeLine } from '../test/support/fake-line.js';
import { startFakeTelegram, TOKEN, type FakeTelegram } from '../test/support/fake-telegram.js';
import { startBotProcess } from '../test/support/process.js';
import { chatLoad, fmt, load, post, type Figures } from './support.js';

const UPDATES = Number(process.env.BENCH_UPDATES ?? 10_000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 64);
const TG_SECRET = 'bench-secret';
const LINE_SECRET = 'bench-line-secret';

const report = (label: string, f: Figures) => console.log(`${label.padEnd(46)} ${fmt(f)}`);

/** Posts `UPDATES` first-contact updates (each answered by exactly one API call) and times ack and delivery. */
async function run(label: string, send: (i: number) => Promise<{ status: number; text: string }>, delivered: () => number) {
  const before = delivered();
  const t0 = performance.now();
  const ack = await load(UPDATES, CONCURRENCY, async (i) => {
    const r = await send(i);
    if (r.status !== 200) throw new Error(`${label} webhook → ${r.status}: ${r.text}`);
  });
  report(`${label}: acknowledged`, ack);
  const deadline = Date.now() + 600_000;
  while (delivered() - before < UPDATES && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  const seconds = (performance.now() - t0) / 1000;
  const done = delivered() - before;
  console.log(`${`${label}: end to end (until every reply reached the API)`.padEnd(46)} ${(done / seconds).toFixed(0).padStart(6)}/s  (${done}/${UPDATES} replies in ${seconds.toFixed(1)} s)`);
}

const cluster = await startLocalCluster();
let tg: FakeTelegram | undefined;
let line: FakeLine | undefined;
try {
  tg = await startFakeTelegram();
  line = await startFakeLine();
  const bot = await startBotProcess({
    DATABASE_URL: cluster.url, LOG_LEVEL: 'error',
    TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_WEBHOOK_SECRET: TG_SECRET, TELEGRAM_API_ROOT: tg.root,
    LINE_CHANNEL_SECRET: LINE_SECRET, LINE_CHANNEL_ACCESS_TOKEN: 'bench-line-token', LINE_API_BASE_URL: line.base,
  });
  try {
    const now = Math.floor(Date.now() / 1000);
    const tgSends = () => tg!.calls.filter((c) => c.method === 'sendMessage' && c.status === 200).length;
    await run('telegram', (i) => post(`${bot.url}/webhooks/telegram`, JSON.stringify({
        update_id: 500_000_000 + i,
        message: { message_id: i + 1, date: now, text: '/start', entities: [{ offset: 0, length: 6, type: 'bot_command' }],
          from: { id: 6_000_000_000 + i, is_bot: false, first_name: 'Bench', language_code: i % 2 ? 'zh-hans' : 'id' },
          chat: { id: 6_000_000_000 + i, first_name: 'Bench', type: 'private' } },
    }), { 'x-telegram-bot-api-secret-token': TG_SECRET }), tgSends);

    const lineSends = () => line!.sends().length;
    await run('line', (i) => {
      const body = JSON.stringify(webhook(lineEvent(`U${(0xbe000000 + i).toString(16).padStart(32, '0')}`, { type: 'text', text: 'hello' })));
      return post(`${bot.url}/webhooks/line`, body, { 'x-line-signature': lineSignature(LINE_SECRET, body) });
    }, lineSends);

    report(`web chat: POST /api/chat (same run)`, await chatLoad(bot.url, UPDATES, 400, CONCURRENCY));
  } finally {
    await bot.kill();
  }
} finally {
  await tg?.close();
  await line?.close();
  cluster.stop();
}
console.log(`\nmachine: ${(await import('node:os')).cpus().length} cores, node ${process.version}`);
