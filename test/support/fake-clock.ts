// A clock for senders under test: sleeping moves time forward at once, and a test moves it on by hand.
import type { Clock } from '../../bot/clock.js';

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
