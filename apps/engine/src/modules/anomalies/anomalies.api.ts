// What other modules do to channel anomalies inside their own transaction: the debit state
// machine lists what it will not apply (late successes, overpayments, answers that do not fit).
import type { Executor } from '../../lib/executor';
import { createAnomaliesRepo, type NewAnomaly } from './anomalies.repo';

/** Record anomalies; one already recorded under its key is left as it is. */
export const recordAnomalies = (tx: Executor, anomalies: NewAnomaly[]) =>
  createAnomaliesRepo(tx).record(anomalies);
