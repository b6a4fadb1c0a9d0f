// The jobs (任务): one registry for every job of the daily cycle (each once, its schedule a valid
// cron, its form from its schema) that pg-boss schedules as before; every run kept with its
// trigger, parameters, counts or error, whether the schedule, a person or a retry started it;
// a start with bad parameters refused naming the field; who may start which job; a run whose
// process stopped found and failed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scheduleProblem, CLOCK_MOVE_JOB } from '../modules/jobs';
import { startHarness, type Caller, type Harness } from '../testing/harness';
import {
  ACCRUAL_QUEUE,
  PAYOUT_QUEUES,
  QUEUES,
  RECON_QUEUE,
  REPORT_FORECAST_QUEUE,
  REPORT_ROLLUP_QUEUE,
  startJobs,
  TRANSFER_QUEUE,
} from '.';

let h: Harness;
let finance: Caller;
let ops: Caller;
const DAY = 86_400_000;
const q = <T extends object>(text: string, params: unknown[] = []) =>
  h.app.database.sql.query<T>(text, params);

/** Waits for a run started in the background to end. */
async function ended(caller: Caller, runId: string) {
  let run = await caller.jobs.run({ runId });
  for (let i = 0; run.status === 'running' && i < 200; i++) {
    await new Promise((r) => setTimeout(r, 50));
    run = await caller.jobs.run({ runId });
  }
  return run;
}

const refusal = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error('not refused');
    },
    (error: { code?: string; message: string; cause?: { code?: string; field?: string } }) => ({
      code: error.cause?.code ?? error.code,
      field: error.cause?.field,
      message: error.message,
    }),
  );

beforeAll(async () => {
  h = await startHarness();
  // An installment due 2026-02-15 and unpaid: overdue on the test day (2026-03-15).
  await h.createLoan({ orderNo: 'JOB-1' });
  finance = await h.callerAs('finance');
  ops = await h.callerAs('ops');
}, 60_000);
afterAll(() => h.close());

describe('the registry', () => {
  it('holds every job of the daily cycle once, on the queues pg-boss had', () => {
    const names = h.app.services.jobs.definitions().map((d) => d.name);
    expect(names).toEqual([
      TRANSFER_QUEUE,
      ACCRUAL_QUEUE,
      QUEUES.tick,
      QUEUES.compensate,
      RECON_QUEUE,
      REPORT_ROLLUP_QUEUE,
      REPORT_FORECAST_QUEUE,
      PAYOUT_QUEUES.remit,
      PAYOUT_QUEUES.send,
      PAYOUT_QUEUES.sync,
    ]);
    expect(new Set(names).size).toBe(names.length);
    expect(names).not.toContain(CLOCK_MOVE_JOB);
    const titles = h.app.services.jobs.definitions().map((d) => d.title);
    expect(new Set(titles).size).toBe(titles.length);
  });

  it('has a valid cron for every schedule, and refuses one that is not', () => {
    for (const def of h.app.services.jobs.definitions())
      expect(scheduleProblem(def.schedule), def.name).toBeNull();
    expect(scheduleProblem('61 * * * *')).toMatch(/61/);
    expect(scheduleProblem('0 0 * *')).toMatch(/five fields/);
  });

  it('lists each job with its schedule, next run in business time, form and who may start it', async () => {
    const jobs = await finance.jobs.list();
    const byName = Object.fromEntries(jobs.map((j) => [j.name, j]));
    // 2026-03-15 10:00 in Shanghai: the accrual next runs at 00:30, the tick next minute.
    expect(byName[ACCRUAL_QUEUE]).toMatchObject({
      schedule: '30 0 * * *',
      nextRunAt: '2026-03-15T16:30:00.000Z',
      permission: 'overdue.run',
      canRun: true,
      inCycle: true,
      fields: [
        {
          name: 'through',
          kind: 'date',
          required: false,
          description: expect.stringMatching(/up to this one/),
        },
      ],
    });
    expect(byName[RECON_QUEUE]).toMatchObject({
      nextRunAt: '2026-03-16T01:30:00.000Z',
      fields: [{ name: 'days', kind: 'integer', required: false, min: 1, max: 31 }],
    });
    expect(byName[QUEUES.tick]).toMatchObject({
      nextRunAt: '2026-03-15T02:01:00.000Z',
      canRun: false,
      fields: [],
    });
    expect(byName[PAYOUT_QUEUES.sync]!.inCycle).toBe(false);
    expect((await ops.jobs.list()).find((j) => j.name === QUEUES.tick)!.canRun).toBe(true);
  });

  it('is what the scheduler registers on pg-boss', async () => {
    const boss = await startJobs(h.app, { schedule: true, work: false });
    try {
      const schedules = await boss.getSchedules();
      expect(schedules.map((s) => [s.name, s.cron]).sort()).toEqual(
        h.app.services.jobs
          .definitions()
          .map((d) => [d.name, d.schedule])
          .sort(),
      );
      expect(schedules.every((s) => s.options?.tz === 'Asia/Shanghai')).toBe(true);
    } finally {
      await boss.stop({ graceful: false, wait: true });
    }
  }, 60_000);
});

describe('runs by hand', () => {
  it('starts a job with its parameters and keeps the run with its counts', async () => {
    const started = await finance.jobs.start({
      job: ACCRUAL_QUEUE,
      params: { through: '2026-03-15' },
      reason: 'catch up before the report',
    });
    expect(started).toMatchObject({
      job: ACCRUAL_QUEUE,
      trigger: 'manual',
      startedBy: 'finance',
      params: { through: '2026-03-15' },
      businessDate: '2026-03-15',
    });
    const run = await ended(finance, started.id);
    expect(run).toMatchObject({
      status: 'succeeded',
      counts: { days: 1, installments: 1, bucketChanges: expect.any(Number) },
      error: null,
    });
    expect(run.finishedAt).not.toBeNull();
    expect(run.durationMs).toBeGreaterThanOrEqual(0);
    expect((await h.app.services.overdueAccrual.runOf('2026-03-15'))?.status).toBe('completed');
    const [audit] = await q<{ action: string; actorId: string; reason: string }>(
      `select action, actor_id as "actorId", reason from audit_log where entity_type = 'job_run' and entity_id = $1`,
      [started.id],
    );
    expect(audit).toMatchObject({ action: 'jobs.start', reason: 'catch up before the report' });
  });

  it('refuses bad parameters naming the field, before any run is kept', async () => {
    const before = await h.count('job_runs');
    const cases: [unknown, string, RegExp][] = [
      [{ through: '2026-02-30' }, 'params.through', /YYYY-MM-DD/],
      [{ through: '2026-04-01' }, 'params.through', /future/],
      [{ through: 20260315 }, 'params.through', /YYYY-MM-DD/],
      [{ bogus: 1 }, 'params.bogus', /not a field/],
    ];
    for (const [params, field, message] of cases)
      expect(
        await refusal(
          finance.jobs.start({ job: ACCRUAL_QUEUE, params: params as Record<string, unknown> }),
        ),
      ).toMatchObject({
        code: 'VALIDATION_FAILED',
        field,
        message: expect.stringMatching(message),
      });
    expect(
      await refusal(finance.jobs.start({ job: RECON_QUEUE, params: { days: 0 } })),
    ).toMatchObject({
      field: 'params.days',
      message: expect.stringMatching(/>=\s*1|at least|too small/i),
    });
    expect(await refusal(finance.jobs.start({ job: 'no-such-job', params: {} }))).toMatchObject({
      code: 'NOT_FOUND',
      field: 'job',
    });
    expect(await h.count('job_runs')).toBe(before);
  });

  it('lets each role start only the jobs of its own work', async () => {
    expect(await refusal(ops.jobs.start({ job: ACCRUAL_QUEUE, params: {} }))).toMatchObject({
      code: 'FORBIDDEN',
      message: expect.stringMatching(/overdue\.run/),
    });
    expect(await refusal(finance.jobs.start({ job: QUEUES.tick, params: {} }))).toMatchObject({
      code: 'FORBIDDEN',
      message: expect.stringMatching(/debits\.run/),
    });
    const auditor = await h.callerAs('auditor');
    expect((await auditor.jobs.list()).every((j) => !j.canRun)).toBe(true);
    expect(await refusal(auditor.jobs.start({ job: TRANSFER_QUEUE, params: {} }))).toMatchObject({
      code: 'FORBIDDEN',
    });
    const pm = await h.callerAs('pm');
    expect(await refusal(pm.jobs.list())).toMatchObject({ code: 'FORBIDDEN' });
    // Ops tick the windows: the 10:00 window opens (nothing bound to debit here).
    const tick = await ended(ops, (await ops.jobs.start({ job: QUEUES.tick, params: {} })).id);
    expect(tick).toMatchObject({ status: 'succeeded', counts: { started: 1, joined: 0 } });
    const admin = await h.callerAs('admin');
    expect(
      (await ended(admin, (await admin.jobs.start({ job: TRANSFER_QUEUE, params: {} })).id)).status,
    ).toBe('succeeded');
  });

  it('refuses a start while the job runs, and fails a run whose process stopped', async () => {
    const [stale] = await q<{ id: bigint }>(
      `insert into job_runs (job, trigger, business_date) values ($1, 'schedule', '2026-03-15') returning id`,
      [TRANSFER_QUEUE],
    );
    expect(await refusal(finance.jobs.start({ job: TRANSFER_QUEUE, params: {} }))).toMatchObject({
      code: 'CONFLICT',
      message: expect.stringMatching(`run ${stale!.id}`),
    });
    await q(`update job_runs set heartbeat_at = now() - interval '5 minutes' where id = $1`, [
      stale!.id,
    ]);
    expect(await finance.jobs.run({ runId: String(stale!.id) })).toMatchObject({
      status: 'failed',
      error: expect.stringMatching(/engine process running it stopped/),
    });
    const again = await finance.jobs.start({ job: TRANSFER_QUEUE, params: {} });
    expect((await ended(finance, again.id)).status).toBe('succeeded');
  });
});

describe('runs by the schedule', () => {
  it('keeps a scheduled run with its counts (a repeat of a done day counts nothing)', async () => {
    expect(await h.app.services.jobs.runScheduled(ACCRUAL_QUEUE, null)).toEqual({
      days: 0,
      installments: 0,
      bucketChanges: 0,
    });
    const { items } = await finance.jobs.runs({ job: ACCRUAL_QUEUE, trigger: 'schedule' });
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({
      trigger: 'schedule',
      startedBy: null,
      status: 'succeeded',
      params: {},
      counts: { days: 0 },
    });
  });

  it('keeps no row for a minute of a frequent job that found nothing to do', async () => {
    const before = await h.count('job_runs');
    expect(await h.app.services.jobs.runScheduled(QUEUES.compensate, null)).toEqual({
      queried: 0,
    });
    expect(await h.count('job_runs')).toBe(before);
  });

  it('keeps a failed run with its error (pg-boss sees it fail), and a retry runs it again', async () => {
    // The next day; the database refuses the accrual's run (as a full disk would).
    h.clock.advance(DAY);
    await q(`create function refuse_accrual() returns trigger language plpgsql as $$
               begin raise exception 'could not extend file: No space left on device'; end $$`);
    await q(`create trigger refuse_accrual before insert on accrual_runs
               for each row execute function refuse_accrual()`);
    await expect(h.app.services.jobs.runScheduled(ACCRUAL_QUEUE, null)).rejects.toThrow(
      /No space left/,
    );
    const [failed] = (await finance.jobs.runs({ job: ACCRUAL_QUEUE, status: 'failed' })).items;
    expect(failed).toMatchObject({
      trigger: 'schedule',
      businessDate: '2026-03-16',
      counts: null,
      error: expect.stringMatching(/No space left on device/),
    });
    expect(failed!.finishedAt).not.toBeNull();

    // A retry while the cause remains fails again; once it is gone, it does the day.
    const first = await ended(finance, (await finance.jobs.retry({ runId: failed!.id })).id);
    expect(first).toMatchObject({ trigger: 'retry', retryOf: failed!.id, status: 'failed' });
    await q(`drop trigger refuse_accrual on accrual_runs`);
    const retried = await finance.jobs.retry({ runId: failed!.id, reason: 'disk cleared' });
    expect(retried).toMatchObject({ trigger: 'retry', retryOf: failed!.id, params: {} });
    // The 2026-03-15 installment is overdue now too.
    expect(await ended(finance, retried.id)).toMatchObject({
      status: 'succeeded',
      counts: { days: 1, installments: 2 },
    });
    expect(await refusal(finance.jobs.retry({ runId: retried.id }))).toMatchObject({
      code: 'CONFLICT',
      field: 'runId',
    });
    // A retry is the job's start: ops may not retry the accrual.
    expect(await refusal(ops.jobs.retry({ runId: first.id }))).toMatchObject({ code: 'FORBIDDEN' });
  });
});

describe('the history', () => {
  it('filters by job, status, trigger and business date, newest first, page by page', async () => {
    const all = (await finance.jobs.runs({ limit: 100 })).items;
    expect(all.map((r) => Number(r.id))).toEqual(
      all.map((r) => Number(r.id)).sort((a, b) => b - a),
    );
    const accrual = (await finance.jobs.runs({ job: ACCRUAL_QUEUE, limit: 100 })).items;
    expect(accrual.map((r) => [r.trigger, r.status])).toEqual([
      ['retry', 'succeeded'],
      ['retry', 'failed'],
      ['schedule', 'failed'],
      ['schedule', 'succeeded'],
      ['manual', 'succeeded'],
    ]);
    expect(
      (await finance.jobs.runs({ from: '2026-03-16', limit: 100 })).items.every(
        (r) => r.businessDate === '2026-03-16',
      ),
    ).toBe(true);
    expect((await finance.jobs.runs({ trigger: 'retry' })).items).toHaveLength(2);
    const first = await finance.jobs.runs({ job: ACCRUAL_QUEUE, limit: 2 });
    const second = await finance.jobs.runs({
      job: ACCRUAL_QUEUE,
      limit: 2,
      cursor: first.nextCursor,
    });
    expect([...first.items, ...second.items].map((r) => r.id)).toEqual(
      accrual.slice(0, 4).map((r) => r.id),
    );
    const latest = (await finance.jobs.list()).find((j) => j.name === ACCRUAL_QUEUE)!.latest;
    expect(latest).toMatchObject({ id: accrual[0]!.id, status: 'succeeded' });
  });
});
