// The sandbox's business clock: the engine's clock (the system's, or REPAY_CLOCK's instant)
// moved forward by whole days, kept in the database so every engine process and a restart see
// the same date. Whole days keep the times of day, so the crons (pg-boss, wall time) fire at the
// business times they name. While a move runs a skipped day, the moving process steps it through
// that day's instants. Production has no business clock: its clock is the engine's.
import { todayIn } from '@repay/rules';
import { BUSINESS_TIME_ZONE, type Clock } from '../../lib/clock';

const DAY_MS = 86_400_000;

export interface BusinessClock extends Clock {
  readonly offsetDays: number;
  /** Reads the offset again (another process may have moved the clock). */
  refresh(): Promise<void>;
  /** The offset a move has just stored. */
  setOffsetDays(days: number): void;
  /** The instant a move is running a skipped day's job at; null when it is done. */
  stepAt(instant: Date | null): void;
}

export async function openBusinessClock(
  base: Clock,
  readOffset: () => Promise<number>,
): Promise<BusinessClock> {
  let offsetDays = await readOffset();
  let step: Date | null = null;
  const now = () => (step ? new Date(step) : new Date(base.now().getTime() + offsetDays * DAY_MS));
  return {
    now,
    today: () => todayIn(BUSINESS_TIME_ZONE, now()),
    get pinned() {
      return base.pinned;
    },
    get offsetDays() {
      return offsetDays;
    },
    async refresh() {
      offsetDays = await readOffset();
    },
    setOffsetDays(days) {
      offsetDays = days;
    },
    stepAt(instant) {
      step = instant;
    },
  };
}
