// Channel answers applied as they arrive, in small batches: what came back is applied within
// about `maxWaitMs` (or as soon as `maxAnswers` are waiting), so a worker killed while a few
// calls are still out loses only those, never the answers it already had. One batch is applied
// at a time; answers arriving meanwhile wait and go together in the next one, so batches grow
// with the database's pace and a batch stays set-based (one transaction of a dozen statements,
// whatever its size).
import type { OrderAnswer } from './results.service';

/** How long an answer waits for others before it is applied, and how many wait at most. */
const MAX_WAIT_MS = 100;
const MAX_ANSWERS = 250;

export function createAnswerBatches(
  apply: (answers: OrderAnswer[]) => Promise<unknown>,
  opts: { maxWaitMs?: number; maxAnswers?: number } = {},
) {
  const maxWaitMs = opts.maxWaitMs ?? MAX_WAIT_MS;
  const maxAnswers = opts.maxAnswers ?? MAX_ANSWERS;
  let waiting: OrderAnswer[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;
  let applying: Promise<void> | undefined;
  let failure: Error | undefined;

  function flush() {
    clearTimeout(timer);
    timer = undefined;
    // The batch being applied takes what arrives meanwhile with it when it ends.
    if (applying || waiting.length === 0) return;
    const batch = waiting;
    waiting = [];
    applying = apply(batch)
      .then(
        () => {},
        // A batch that fails leaves its orders as they were (queried later); the first
        // failure is reported when the batches are drained.
        (error: unknown) => {
          failure ??= error instanceof Error ? error : new Error(String(error));
        },
      )
      .finally(() => {
        applying = undefined;
        flush();
      });
  }

  return {
    add(answer: OrderAnswer) {
      waiting.push(answer);
      if (waiting.length >= maxAnswers) flush();
      else timer ??= setTimeout(flush, maxWaitMs);
    },

    /** Apply everything still waiting; throws the first failure of any batch. */
    async drain(): Promise<void> {
      flush();
      while (applying) await applying;
      if (failure !== undefined) throw failure;
    },
  };
}
