// Group commit in-process: calls that arrive while a batch is in flight go together in the next one. No waiting
// when idle (a lone call is a batch of one); under load one transaction carries many calls.

/** A result that asks for the item to be run again in a later batch, ahead of newer items. */
export const AGAIN = Symbol('again');
export type BatchResult<O> = O | Error | typeof AGAIN;

interface Pending<I, O> {
  item: I;
  resolve: (o: O) => void;
  reject: (e: unknown) => void;
}

export function batcher<I, O>(
  run: (items: I[]) => Promise<BatchResult<O>[]>,
  opts: { maxBatch: number; maxConcurrent: number },
): (item: I) => Promise<O> {
  const queue: Pending<I, O>[] = [];
  let running = 0;
  let scheduled = false;

  async function execute(batch: Pending<I, O>[]): Promise<void> {
    let results: BatchResult<O>[];
    try {
      results = await run(batch.map((p) => p.item));
    } catch (err) {
      if (batch.length === 1) return batch[0]!.reject(err);
      // One bad item must not fail the others: each again on its own, in order.
      for (const p of batch) await execute([p]);
      return;
    }
    const again: Pending<I, O>[] = [];
    results.forEach((r, i) => {
      const p = batch[i]!;
      if (r === AGAIN) again.push(p);
      else if (r instanceof Error) p.reject(r);
      else p.resolve(r);
    });
    queue.unshift(...again);
  }

  function pump() {
    scheduled = false;
    while (running < opts.maxConcurrent && queue.length) {
      const batch = queue.splice(0, opts.maxBatch);
      running++;
      void execute(batch).finally(() => {
        running--;
        schedule();
      });
    }
  }

  // Batches start after the event loop's I/O phase, so every request already received joins the batch. (An
  // embedded database can answer within microtasks, so a transaction may never yield to I/O while it runs.)
  function schedule() {
    if (scheduled) return;
    scheduled = true;
    setImmediate(pump);
  }

  return (item) =>
    new Promise<O>((resolve, reject) => {
      queue.push({ item, resolve, reject });
      schedule();
    });
}
