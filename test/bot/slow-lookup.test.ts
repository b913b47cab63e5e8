// One user's slow lookup (a search over a huge catalogue) never holds up other users' messages: on Postgres the
// batch writes the others and the slow flow finishes in the background, its answer coming with a later batch.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Services } from '../../bot/flow.js';
import type { InboundEvent } from '../../bot/types.js';
import { seedDemo } from '../../db/seed.js';
import { postChat, startTestBot, webUserId, type TestBot } from '../support/bot.js';

describe('a slow lookup on postgres', () => {
  let t: TestBot;
  let slowUser = '';
  let release: () => void = () => {};
  const gate = new Promise<void>((r) => {
    release = r;
  });
  // The slow user's job search waits until the test releases it: no sleeping, no guessing at timings.
  const services = (base: Services, event: InboundEvent): Services =>
    event.userId !== slowUser
      ? base
      : {
          ...base,
          catalog: {
            ...base.catalog,
            searchJobs: async (...args) => {
              await gate;
              return base.catalog.searchJobs(...args);
            },
          },
        };
  beforeAll(async () => {
    t = await startTestBot('postgres', {}, { services });
    await seedDemo(t.bot.database.db, new Date());
  });
  afterAll(async () => {
    release();
    await t?.close();
  });

  const onboard = async (user: string) => {
    await postChat(t.url, { user, text: '/start', locale: 'en' });
    await postChat(t.url, { user, action: 'lang:en' });
    await postChat(t.url, { user, action: 'consent:yes' });
  };

  it('answers everyone else while one search waits, then answers the search', async () => {
    await onboard('patient');
    await onboard('hurried');
    slowUser = await webUserId(t.url, 'patient');
    const slow = postChat(t.url, { user: 'patient', action: 'menu:jobs' });
    let slowDone = false;
    void slow.then(() => {
      slowDone = true;
    });
    // Others are served, repeatedly, while the search is still waiting, including a job search of their own.
    for (let i = 0; i < 3; i++) {
      const r = await postChat(t.url, { user: 'hurried', text: 'help' });
      expect(r.status).toBe(200);
    }
    const theirs = await postChat(t.url, { user: 'hurried', action: 'menu:jobs' });
    expect(theirs.messages[0]!.cards!.length).toBeGreaterThan(0);
    expect(slowDone).toBe(false);
    release();
    const answered = await slow;
    expect(answered.status).toBe(200);
    expect(answered.messages[0]!.cards!.length).toBeGreaterThan(0);
  });
});
