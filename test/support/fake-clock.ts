// A clock for senders under test: sleeping moves time forward at once, and a test moves it on by hand.
import { type Clock, systemClock } from '../../bot/clock.js';

export interface FakeClock extends Clock {
  advance(ms: number): void;
}

export function fakeClock(start = Date.now()): FakeClock {
  let t = start;
  return {
    now: () => t,
    // Concurrent sleepers each wake at their own time: the clock only ever moves forward.
    sleep: async (ms) => {
      t = Math.max(t, t + ms);
      await new Promise((resolve) => setImmediate(resolve));
    },
    advance: (ms) => {
      t += ms;
    },
  };
}

/**
 * The bot's clock for whole-bot tests: the real time plus however far the test has moved it on, sleeping for real.
 * Until the test moves it, it agrees with the database's now(), which stamps outbox rows as due and jobs as created.
 */
export function drivenClock(): FakeClock {
  const offset = fakeClock(0);
  return { now: () => Date.now() + offset.now(), sleep: systemClock.sleep, advance: offset.advance };
}
