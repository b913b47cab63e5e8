// Runs a background step again and again: at once while it finds work, else after a pause or a wake-up.
import type { EventEmitter } from 'node:events';
import type { Logger } from 'pino';

export interface Loop {
  stop(): Promise<void>;
}

export function startLoop(
  name: string,
  step: () => Promise<number>,
  opts: { idleMs: number; log?: Logger; wake?: { emitter: EventEmitter; events: string[] } },
): Loop {
  let running = true;
  let wakeUp: (() => void) | null = null;
  const onWake = () => wakeUp?.();
  opts.wake?.events.forEach((e) => opts.wake!.emitter.on(e, onWake));
  const done = (async () => {
    while (running) {
      let worked = 0;
      try {
        worked = await step();
      } catch (err) {
        opts.log?.error({ err, loop: name }, 'background step failed');
      }
      if (!running || worked > 0) continue;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, opts.idleMs);
        wakeUp = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      wakeUp = null;
    }
  })();
  return {
    async stop() {
      running = false;
      wakeUp?.();
      opts.wake?.events.forEach((e) => opts.wake!.emitter.off(e, onWake));
      await done;
    },
  };
}
