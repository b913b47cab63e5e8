// The live stream (GET /api/chat/stream) wakes on the database's notification for its own chat, from any process,
// and runs no query while nothing is pushed, however many streams are open.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { enqueue } from '../../../bot/outbox.js';
import { openDatabase, type Database } from '../../../db/client.js';
import { outbox } from '../../../db/schema.js';
import { startTestBotOn, waitFor, webToken, type TestBot } from '../../support/bot.js';
import { BACKENDS, freshDatabase } from '../../support/databases.js';
import { countQueries } from '../../support/query-counter.js';

const KEEP_ALIVE_MS = 100;

/** An open stream that counts its keep-alive comments (each one means KEEP_ALIVE_MS went by) and keeps its frames. */
async function openStream(url: string, token: string) {
  const ctrl = new AbortController();
  const res = await fetch(`${url}/api/chat/stream?user=${encodeURIComponent(token)}`, { signal: ctrl.signal });
  expect(res.status).toBe(200);
  const s = { keepAlives: 0, frames: [] as unknown[], close: () => ctrl.abort() };
  void (async () => {
    const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
    let buffered = '';
    for (;;) {
      const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true }));
      if (done) return;
      buffered += value;
      for (let end = buffered.indexOf('\n\n'); end >= 0; end = buffered.indexOf('\n\n')) {
        const block = buffered.slice(0, end);
        buffered = buffered.slice(end + 2);
        if (block === ': keep-alive') s.keepAlives++;
        else if (block.startsWith('data: ')) s.frames.push(JSON.parse(block.slice(6)));
      }
    }
  })();
  return s;
}
type Stream = Awaited<ReturnType<typeof openStream>>;

/** Waits until every stream has seen `n` more keep-alives: a stretch of time the streams' own timers measure. */
async function keepAlivesPass(streams: Stream[], n: number) {
  const targets = streams.map((s) => s.keepAlives + n);
  expect(await waitFor(() => streams.every((s, i) => s.keepAlives >= targets[i]!))).toBe(true);
}

const push = (db: Database['db'], chatId: string, text: string) =>
  enqueue(db, [{ channel: 'web', chatId, reply: { type: 'text', text } }]);

describe.each(BACKENDS)('live stream on %s', (backend) => {
  const cleanup: (() => Promise<unknown> | unknown)[] = [];
  afterEach(async () => {
    for (const c of cleanup.splice(0).reverse()) await c();
  });

  /** A web-only bot (no background loops, which poll by design) whose database calls are counted. */
  async function start(stream: { sweepMs?: number } = {}) {
    const database = await freshDatabase(backend);
    const counted = countQueries(database);
    const t: TestBot = await startTestBotOn(
      counted.database,
      {},
      {
        background: false,
        webStream: { keepAliveMs: KEEP_ALIVE_MS, ...stream },
      },
    );
    // Another process's connection to the same database: it writes rows and wakes no one in this process by itself.
    const other = database.url ? await openDatabase({ url: database.url }) : undefined;
    return {
      t,
      counted,
      otherDb: (other ?? database).db,
      close: async () => {
        await other?.close();
        await t.close();
      },
    };
  }
  let main: Awaited<ReturnType<typeof start>>;
  beforeAll(async () => {
    main = await start();
  });
  afterAll(async () => {
    await main?.close();
  });

  const userOf = async (url: string, label: string) => {
    const token = await webToken(url, label);
    return { token, chatId: token.split('.')[0]! };
  };

  it('a push written through another connection reaches an open stream at once, with no query while it waited', async () => {
    const { t, counted, otherDb } = main;
    const { token, chatId } = await userOf(t.url, 'live-other');
    const s = await openStream(t.url, token);
    cleanup.push(s.close);
    await keepAlivesPass([s], 2); // opened, and the look for what was waiting is done
    const idle = counted.count();
    await keepAlivesPass([s], 10);
    expect(counted.count()).toBe(idle);

    const sentAt = Date.now();
    await push(otherDb, chatId, 'Your counselor answered');
    expect(await waitFor(() => s.frames.length > 0, 5_000)).toBe(true);
    expect(Date.now() - sentAt).toBeLessThan(2_000); // the safety sweep is 30 s away: this was the notification
    expect(s.frames).toEqual([{ messages: [{ text: 'Your counselor answered' }] }]);
    expect(counted.count() - idle).toBe(1); // the one take
  });

  it('wakes only the stream of the chat that got the push', async () => {
    const { t, counted, otherDb } = main;
    const [a, b] = [await userOf(t.url, 'wake-a'), await userOf(t.url, 'wake-b')];
    const [sa, sb] = [await openStream(t.url, a.token), await openStream(t.url, b.token)];
    cleanup.push(sa.close, sb.close);
    await keepAlivesPass([sa, sb], 2);
    const idle = counted.count();
    await push(otherDb, a.chatId, 'For A only');
    expect(await waitFor(() => sa.frames.length > 0)).toBe(true);
    await keepAlivesPass([sa, sb], 3);
    expect(sb.frames).toEqual([]);
    expect(counted.count() - idle).toBe(1);
  });

  it('with 40 open streams and no pushes, the database sees no query for them', async () => {
    const { t, counted } = main;
    const streams: Stream[] = [];
    for (let i = 0; i < 40; i++) {
      const s = await openStream(t.url, (await userOf(t.url, `idle-${i}`)).token);
      cleanup.push(s.close);
      streams.push(s);
    }
    await keepAlivesPass(streams, 2);
    const idle = counted.count();
    await keepAlivesPass(streams, 15); // 1.5 s: a stream polling every second would have asked at least once
    expect(counted.count()).toBe(idle);
  });

  it('the safety sweep delivers a push whose notification was lost, in one query for all open streams', async () => {
    const own = await start({ sweepMs: 500 });
    cleanup.push(own.close);
    const { t, counted, otherDb } = own;
    const users = await Promise.all(['sweep-a', 'sweep-b', 'sweep-c'].map((l) => userOf(t.url, l)));
    const streams = await Promise.all(users.map((u) => openStream(t.url, u.token)));
    cleanup.push(...streams.map((s) => s.close));
    await keepAlivesPass(streams, 2);
    // Written without a notification, as by an older release or while this process's listener was reconnecting.
    const late = { channel: 'web', chatId: users[1]!.chatId, reply: { type: 'text' as const, text: 'Late' } };
    await otherDb.insert(outbox).values(late);
    const before = counted.count();
    expect(await waitFor(() => streams[1]!.frames.length > 0)).toBe(true);
    expect(streams[1]!.frames).toEqual([{ messages: [{ text: 'Late' }] }]);
    expect(counted.count() - before).toBeLessThanOrEqual(2); // one sweep for the three streams, then the one take
  });
});
