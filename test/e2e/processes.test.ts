// Real `npm start` processes: two serving one Postgres, and recovery after SIGKILL on both databases.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { and, count, eq } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { Engine } from '../../bot/engine.js';
import { tFor } from '../../bot/i18n.js';
import { openDatabase } from '../../db/client.js';
import { PAGE } from '../../bot/flows/jobs/index.js';
import { inboundEvents, jobs, outbox, users } from '../../db/schema.js';
import { postChat, sameUsers, waitFor, webUserId } from '../support/bot.js';
import { freshPostgresUrl } from '../support/databases.js';
import { fixture, startFakeTelegram, TOKEN } from '../support/fake-telegram.js';
import { startBotProcess, type BotProcess } from '../support/process.js';
import { replayMatches } from '../support/replay.js';

const running: BotProcess[] = [];
const start = async (env: Record<string, string>) => {
  const p = await startBotProcess(env);
  running.push(p);
  return p;
};
afterAll(async () => {
  await Promise.all(running.map((p) => p.kill('SIGKILL')));
});

const onboard = async (url: string, user: string) => {
  await postChat(url, { user, text: '/start', locale: 'en' });
  await postChat(url, { user, action: 'lang:en' });
  return postChat(url, { user, action: 'consent:yes' });
};

describe('two processes on one Postgres', () => {
  it('serve the same users consistently, one message at a time per user', async () => {
    const url = await freshPostgresUrl();
    const [a, b] = await Promise.all([start({ DATABASE_URL: url }), start({ DATABASE_URL: url })]);
    sameUsers(a.url, b.url); // a user minted by one process is known to the other
    await onboard(a.url, 'shared');
    // Each process sees what the other saved.
    await postChat(b.url, { user: 'shared', action: 'menu:profile' });
    const city = await postChat(a.url, { user: 'shared', text: 'Kaohsiung' });
    expect(JSON.stringify(city.messages)).toContain('What kind of job');

    const script = [
      'menu',
      'menu:profile',
      'Tainan',
      'cook',
      'not a phone',
      '+886 912 345 678',
      'help',
      'language',
      'lang:zh-TW',
      'menu',
    ];
    const burst = await Promise.all(
      Array.from({ length: 20 }, (_, i) => {
        const step = script[i % script.length]!;
        return postChat(i % 2 ? b.url : a.url, {
          user: 'shared',
          id: `two-${i}`,
          ...(/^[a-z]+:/.test(step) ? { action: step } : { text: step }),
        });
      }),
    );
    expect(burst.map((r) => r.status)).toEqual(Array(20).fill(200));
    const database = await openDatabase({ url });
    try {
      const key = `web:${await webUserId(a.url, 'shared')}`;
      expect(await replayMatches(database.db, key)).toEqual({ events: 25, mismatches: 0 });
    } finally {
      await database.close();
    }
  });
});

describe.each(['postgres', 'pglite'] as const)('SIGKILL on %s', (backend) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'jobbuddy-kill-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('loses no acknowledged message; the conversation and the inbox go on after a restart', async () => {
    const env: Record<string, string> =
      backend === 'postgres' ? { DATABASE_URL: await freshPostgresUrl() } : { DATA_DIR: dataDir, SEED: 'none' };
    const first = await start(env);
    await onboard(first.url, 'survivor');
    await postChat(first.url, { user: 'survivor', action: 'menu:profile' });
    const acked = await postChat(first.url, { user: 'survivor', text: 'Medan' });
    expect(acked.status).toBe(200);
    await first.kill('SIGKILL');

    if (backend === 'postgres') {
      // A webhook acknowledged these while no process was handling the inbox.
      const database = await openDatabase({ url: env.DATABASE_URL! });
      const engine = new Engine(database.db);
      await engine.accept({
        channel: 'telegram',
        eventId: '900001',
        userId: '42',
        chatId: '42',
        localeHint: 'id',
        body: { type: 'text', text: '/start' },
      });
      await database.close();
    }

    const second = await start(env);
    sameUsers(first.url, second.url); // and the user minted before the kill is still valid after it
    const next = await postChat(second.url, { user: 'survivor', text: 'tukang las' });
    expect(JSON.stringify(next.messages)).toContain('phone number'); // the job question was answered: city step survived
    await second.kill('SIGTERM');

    const database = await openDatabase(
      backend === 'postgres' ? { url: env.DATABASE_URL! } : { dataDir: resolve(dataDir, 'pglite') },
    );
    try {
      const survivor = await webUserId(first.url, 'survivor');
      const [u] = await database.db.select().from(users).where(eq(users.platformUserId, survivor));
      expect(u).toMatchObject({ city: 'Medan', desiredJob: 'tukang las', consent: 'given' });
      if (backend === 'postgres') {
        const engine = new Engine(database.db);
        await engine.processPending(); // no-op if the restarted process already handled it
        const [ev] = await database.db
          .select()
          .from(inboundEvents)
          .where(and(eq(inboundEvents.channel, 'telegram'), eq(inboundEvents.eventId, '900001')));
        expect(ev!.status).toBe('done');
        expect(
          await waitFor(
            async () => (await database.db.select().from(outbox).where(eq(outbox.chatId, '42'))).length === 1,
          ),
        ).toBe(true);
      }
    } finally {
      await database.close();
    }
  });
});

describe('first start on the embedded database', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'jobbuddy-seed-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('loads the demo jobs and fairs once, dated from today', async () => {
    const first = await start({ DATA_DIR: dataDir });
    await onboard(first.url, 'demo-viewer');
    const fairsShown = await postChat(first.url, { user: 'demo-viewer', action: 'menu:fairs' });
    expect(fairsShown.messages.flatMap((m) => (m as { cards?: unknown[] }).cards ?? [])).toHaveLength(4);
    await first.kill('SIGTERM');
    const second = await start({ DATA_DIR: dataDir });
    sameUsers(first.url, second.url);
    const jobsShown = await postChat(second.url, { user: 'demo-viewer', action: 'menu:jobs' });
    // One page of the 48 demo jobs, loaded once (a second seed would have failed on their external ids anyway).
    expect(jobsShown.messages.flatMap((m) => (m as { cards?: unknown[] }).cards ?? [])).toHaveLength(PAGE);
    await second.kill('SIGTERM');
    const database = await openDatabase({ dataDir: resolve(dataDir, 'pglite') });
    try {
      expect((await database.db.select({ n: count() }).from(jobs))[0]!.n).toBe(48);
    } finally {
      await database.close();
    }
  });
});

describe('a body over the limit, sent to the running process', () => {
  it('is answered 413 every time, never cut off mid-upload (which a client sees as a broken pipe)', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'jobbuddy-big-'));
    try {
      const bot = await start({ DATA_DIR: dataDir });
      const body = JSON.stringify({ user: 'big', text: 'x'.repeat(2_000_000) });
      const statuses: unknown[] = [];
      for (let i = 0; i < 20; i++) {
        const r = await fetch(`${bot.url}/api/chat`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body,
        });
        statuses.push(r.status);
      }
      expect(statuses).toEqual(Array(20).fill(413));
      await bot.kill('SIGTERM');
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('roles split across processes on one Postgres', () => {
  it('a web-only process acknowledges webhooks; a worker-only process handles them and sends the replies', async () => {
    const fake = await startFakeTelegram();
    try {
      const env = {
        DATABASE_URL: await freshPostgresUrl(),
        TELEGRAM_BOT_TOKEN: TOKEN,
        TELEGRAM_WEBHOOK_SECRET: 's',
        TELEGRAM_API_ROOT: fake.root,
      };
      const web = await start({ ...env, ROLES: 'web' });
      const update = fixture('message_start_zh-hans.xl');
      const post = () =>
        fetch(`${web.url}/webhooks/telegram`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': 's' },
          body: JSON.stringify(update),
        });
      expect((await post()).status).toBe(200);
      await new Promise((r) => setTimeout(r, 1500));
      expect(fake.sent(update.message.chat.id)).toHaveLength(0); // nobody handles the inbox yet
      const worker = await startBotProcess(
        { ...env, ROLES: 'worker', LOG_LEVEL: 'info' },
        { ready: (out) => out.includes('handling the inbox') },
      );
      running.push(worker);
      expect(await waitFor(() => fake.sent(update.message.chat.id).length === 1, 15_000)).toBe(true);
      expect(fake.sent(update.message.chat.id)[0]!.params.text).toContain(tFor('zh-CN')('onboarding.welcome'));
      expect((await post()).status).toBe(200); // redelivered to the web process: nothing more is sent
      await new Promise((r) => setTimeout(r, 1500));
      expect(fake.sent(update.message.chat.id)).toHaveLength(1);
    } finally {
      await fake.close();
    }
  });
});
