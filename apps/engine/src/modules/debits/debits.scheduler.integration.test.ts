// The windows start by themselves: the minute tick opens the runs of the slots that are open
// now under the rules in force, once; through pg-boss, a tick job starts the run and work jobs
// finish it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobQueue } from '@repay/db';
import { ACCRUAL_QUEUE, RECON_QUEUE, startJobs, QUEUES, TRANSFER_QUEUE } from '../../jobs';
import { startHarness, type Harness } from '../../testing/harness';

let h: Harness;
let boss: JobQueue | null = null;

beforeAll(async () => {
  // A Sunday: consumer windows run every day; lease and the global default on business days.
  h = await startHarness({ clock: '2026-03-15T10:05:00+08:00' });
});
afterAll(async () => {
  await boss?.stop({ graceful: true, wait: true, timeout: 5000 });
  await h.close();
});

describe('the scheduler', () => {
  it('opens the slots whose period contains now, on a deduction day', async () => {
    expect(await h.app.services.debitScheduler.openSlots()).toEqual(['10:00']);
  });

  it('starts each open window once, however often it ticks', async () => {
    const first = await h.app.services.debitScheduler.tick();
    expect(first.map((r) => r.window)).toEqual(['10:00']);
    expect(await h.app.services.debitScheduler.tick()).toEqual([]);
    const runs = await h.app.database.sql.query<{ run_key: string; status: string }>(
      `select run_key, status from debit_runs`,
    );
    // No loan has a bound card here: nothing to debit, so the run is complete at once.
    expect(runs).toEqual([{ run_key: '2026-03-15@10:00#*', status: 'completed' }]);
  });

  it('opens nothing between slots', async () => {
    h.clock.advance(30 * 60_000); // 10:35
    expect(await h.app.services.debitScheduler.openSlots()).toEqual([]);
  });

  it('runs a window through the job engine: a tick job starts it', async () => {
    h.clock.advance(3.5 * 3600_000); // 14:05
    boss = await startJobs(h.app, { schedule: true, work: true });
    // Every job of the registry, the tick among them.
    expect((await boss.getSchedules()).map((s) => s.name).sort()).toEqual(
      h.app.services.jobs
        .definitions()
        .map((d) => d.name)
        .sort(),
    );
    expect(
      [QUEUES.compensate, QUEUES.tick, ACCRUAL_QUEUE, TRANSFER_QUEUE, RECON_QUEUE].every((q) =>
        h.app.services.jobs.definitions().some((d) => d.name === q),
      ),
    ).toBe(true);
    await boss.send(QUEUES.tick, {});
    await expect
      .poll(
        async () =>
          (
            await h.app.database.sql.query<{ run_key: string }>(
              `select run_key from debit_runs order by id`,
            )
          ).map((r) => r.run_key),
        { timeout: 15_000, interval: 250 },
      )
      .toEqual(['2026-03-15@10:00#*', '2026-03-15@14:00#*']);
    // The accrual job sent at start accrued today's date.
    await expect
      .poll(async () => (await h.app.services.overdueAccrual.runOf('2026-03-15'))?.status, {
        timeout: 15_000,
        interval: 250,
      })
      .toBe('completed');
  });

  it('gives a run still selecting a worker at the next tick (its own worker died while it selected)', async () => {
    // What a worker leaves when it dies after the run's first page: the run, still selecting.
    await h.app.database.sql.query(
      `update debit_runs set status = 'running', selected_at = null, finished_at = null
        where run_key = '2026-03-15@14:00#*'`,
    );
    expect(await h.app.services.debitScheduler.tick()).toMatchObject([
      { window: '14:00', created: false },
    ]);
    // Through the job engine, a tick job gives it a work job, which ends its selection.
    await boss!.send(QUEUES.tick, {});
    await expect
      .poll(
        async () =>
          (
            await h.app.database.sql.query<{ status: string; selecting: boolean }>(
              `select status, selected_at is null as selecting from debit_runs
                where run_key = '2026-03-15@14:00#*'`,
            )
          )[0],
        { timeout: 15_000, interval: 250 },
      )
      .toEqual({ status: 'completed', selecting: false });
  });
});
