// Which deduction windows are open now: every slot of every window rule in force whose period
// (start ≤ now < end, Asia/Shanghai) contains this minute, on a deduction day. Called every
// minute by the job engine's cron; starting a run is idempotent (run key), so a late or a
// repeated tick, or two schedulers, start each window once. A tick missed while the engine
// was down is caught up as long as the slot is still open.
import { inTimeRange, isDeductionDay, timeOfDayIn } from '@repay/rules';
import { BUSINESS_TIME_ZONE, type Clock } from '../../lib/clock';
import type { RuleResolver } from '../rules';
import type { DebitRuns } from './runs.service';

export function createDebitScheduler(deps: { rules: RuleResolver; runs: DebitRuns; clock: Clock }) {
  const { rules, runs, clock } = deps;
  return {
    async openSlots(): Promise<string[]> {
      const now = clock.now();
      const date = clock.today();
      const time = timeOfDayIn(BUSINESS_TIME_ZONE, now);
      const starts = new Set<string>();
      for (const rule of await rules.allInForce('window', now)) {
        if (!isDeductionDay(rule, date)) continue;
        for (const slot of rule.slots)
          if (inTimeRange(time, slot.start, slot.end)) starts.add(slot.start);
      }
      return [...starts].sort();
    },

    /**
     * The slots of a business date (start and end, business time), in order: what a move of the
     * sandbox's business clock runs for a day it skips. A slot counts when a rule in force at its
     * start has it (as the tick at that minute would find it).
     */
    async slotsOn(date: string): Promise<{ start: string; end: string }[]> {
      const at = (time: string) => new Date(`${date}T${time}:00+08:00`);
      const candidates = new Set<string>();
      for (const time of ['00:00', '23:59'])
        for (const rule of await rules.allInForce('window', at(time)))
          for (const slot of rule.slots) candidates.add(slot.start);
      const slots: { start: string; end: string }[] = [];
      for (const start of [...candidates].sort()) {
        let end: string | null = null;
        for (const rule of await rules.allInForce('window', at(start))) {
          if (!isDeductionDay(rule, date)) continue;
          for (const slot of rule.slots)
            if (slot.start === start && (end === null || slot.end > end)) end = slot.end;
        }
        if (end !== null) slots.push({ start, end });
      }
      return slots;
    },

    /**
     * Start the runs of the open slots; returns the runs that need workers: created by this
     * tick, made before and still selecting (a worker died while it selected), or today's runs
     * with shards left (a worker more joins them, or takes over a dead one's shards as soon as
     * their leases lapse: a restarted engine's first tick finishes the run it left).
     */
    async tick(): Promise<{ runId: bigint; window: string; created: boolean }[]> {
      const started: { runId: bigint; window: string; created: boolean }[] = [];
      for (const window of await this.openSlots()) {
        const run = await runs.startRun({ date: clock.today(), window }, 'scheduler');
        if (run.created || run.selecting)
          started.push({ runId: run.runId, window, created: run.created });
      }
      for (const run of await runs.withShardsLeft())
        if (!started.some((s) => s.runId === run.runId)) started.push({ ...run, created: false });
      return started;
    },
  };
}

export type DebitScheduler = ReturnType<typeof createDebitScheduler>;
