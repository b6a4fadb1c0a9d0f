// A window run's selection goes page by page (here 5 installments a page): each page's shards
// commit with the cursor, shards run while later pages are selected, and a selection cut
// short (a page that failed, a worker that died before its first page) resumes where it
// stopped. Whatever happens, every eligible installment is in exactly one shard of the run.
import { defaultInstances } from '@repay/channel-sandbox/instances';
import { buildSandbox, type Sandbox } from '@repay/channel-sandbox/server';
import { luhnCardNo } from '@repay/rules';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../../testing/harness';

const LOANS = 6; // two installments each due by 2026-03-15 (02-15 and 03-15): 12, three pages
let sandbox: Sandbox;
let h: Harness;

beforeAll(async () => {
  sandbox = await buildSandbox({ instances: defaultInstances() });
  const sandboxUrl = await sandbox.app.listen({ port: 0, host: '127.0.0.1' });
  h = await startHarness({ sandboxUrl, env: { REPAY_DEBIT_SELECTION_PAGE: '5' } });
  for (let i = 0; i < LOANS; i++) {
    const orderNo = `SEL-${i}`;
    const mobile = `1371000000${i}`;
    const cardNo = luhnCardNo(`6222020200${String(i).padStart(4, '0')}`, '0000');
    const { created, bound } = await h.loanOnCard(
      {
        orderNo,
        principal: '1200.00',
        borrower: { name: '王五', idNo: '110101199003071233', mobile },
        card: { cardNo, bankCode: 'ICBC' },
      },
      { cardNo, bankCode: 'ICBC', mobile },
    );
    expect(created.status).toBe(201);
    expect(bound.status).toBe(200);
  }
  for (const c of sandbox.channels.values())
    c.profile = { ...c.profile, notify: { ...c.profile.notify, enabled: false } };
}, 60_000);
afterAll(async () => {
  await h.close();
  await sandbox.app.close();
});

const q = <T extends object>(text: string, params: unknown[] = []) =>
  h.app.database.sql.query<T>(text, params);

/** Open installments due by the date: what a run of that date must select. */
async function dueBy(date: string): Promise<string[]> {
  const rows = await q<{ id: string }>(
    `select i.id::text as id from installments i join loans l on l.id = i.loan_id
      where l.order_no like 'SEL-%' and i.is_current and i.due_date <= $1::date
        and i.status in ('pending', 'partially_paid', 'overdue') order by i.id`,
    [date],
  );
  return rows.map((r) => r.id);
}

/** The installments the 03-15 run collected, due again (what later days' runs select). */
async function putBackDue() {
  await q(
    `update installments i set principal_paid = 0, interest_paid = 0, fee_paid = 0, penalty_paid = 0,
            status = 'overdue', paid_at = null
       from loans l where l.id = i.loan_id and l.order_no like 'SEL-%' and i.due_date <= '2026-03-15'`,
  );
}

async function runState(runId: bigint) {
  const [run] = await q<{
    status: string;
    selecting: boolean;
    cursor: string | null;
    shardsTotal: number;
    installmentsTotal: number;
  }>(
    `select status, selected_at is null as selecting, selection_cursor::text as cursor,
            shards_total as "shardsTotal", installments_total as "installmentsTotal"
       from debit_runs where id = $1`,
    [runId],
  );
  const shards = await q<{ shardNo: number; ids: string[] }>(
    `select shard_no as "shardNo", installment_ids::text[] as ids
       from debit_run_shards where run_id = $1 order by shard_no`,
    [runId],
  );
  return { ...run!, shards, selected: shards.flatMap((s) => s.ids) };
}

async function orderedInstallments(runId: bigint): Promise<string[]> {
  const rows = await q<{ id: string }>(
    `select installment_id::text as id from debit_orders where batch_run_id = $1 order by installment_id`,
    [runId],
  );
  return rows.map((r) => r.id);
}

describe('a window run selected page by page', () => {
  it('has its first page when it starts, the rest while its shards run; each installment once', async () => {
    const expected = await dueBy('2026-03-15');
    expect(expected).toHaveLength(2 * LOANS);
    const runs = h.app.services.debitRuns;
    const { runId } = await runs.startRun({ date: '2026-03-15', window: '10:00' }, 'test');

    const started = await runState(runId);
    expect(started).toMatchObject({ status: 'running', selecting: true, installmentsTotal: 5 });
    expect(started.selected).toEqual(expected.slice(0, 5));
    expect(started.cursor).toBe(expected[4]);
    expect((await runs.progress(runId)).selecting).toBe(true);
    const listed = (await h.app.services.debitsConsole.runs()).find((r) => r.id === String(runId));
    expect(listed).toMatchObject({ selecting: true, installments: 5, shardsTotal: 1 });

    await runs.work(runId);
    const finished = await runState(runId);
    expect(finished).toMatchObject({
      status: 'completed',
      selecting: false,
      installmentsTotal: 2 * LOANS,
      shardsTotal: 3,
    });
    expect(finished.shards.map((s) => s.shardNo)).toEqual([1, 2, 3]);
    expect(finished.selected).toEqual(expected);
    expect(await orderedInstallments(runId)).toEqual(expected);
    expect((await runs.progress(runId)).selecting).toBe(false);
  });

  it('keeps its cursor when a page fails, and goes on from there on the next try', async () => {
    // The next business day: the 03-15 run collected everything, so the loans are due again
    // only from 04-15; these installments are put back to due for this case.
    await putBackDue();
    const expected = await dueBy('2026-03-16');
    expect(expected).toHaveLength(2 * LOANS);
    h.clock.advance(24 * 3600_000);
    const runs = h.app.services.debitRuns;
    const { runId } = await runs.startRun({ date: '2026-03-16', window: '10:00' }, 'test');
    expect((await runState(runId)).cursor).toBe(expected[4]);

    // The second page cannot be saved: its whole transaction goes, the cursor stays.
    await q(`create function refuse_shard() returns trigger language plpgsql as $$
               begin raise exception 'shard refused'; end $$`);
    await q(`create trigger refuse_shard before insert on debit_run_shards
               for each row execute function refuse_shard()`);
    await expect(runs.work(runId)).rejects.toThrow(/shard refused/);
    const cut = await runState(runId);
    expect(cut).toMatchObject({ status: 'running', selecting: true, installmentsTotal: 5 });
    expect(cut.cursor).toBe(expected[4]);
    expect(cut.shards).toHaveLength(1);

    await q(`drop trigger refuse_shard on debit_run_shards`);
    await q(`drop function refuse_shard()`);
    await runs.work(runId);
    const finished = await runState(runId);
    expect(finished).toMatchObject({ status: 'completed', selecting: false, shardsTotal: 3 });
    expect(finished.selected).toEqual(expected);
    expect(await orderedInstallments(runId)).toEqual(expected);
  });

  it('is selected by the next worker when the one that made it died before its first page', async () => {
    await putBackDue();
    const expected = await dueBy('2026-03-17');
    h.clock.advance(24 * 3600_000);
    // What a worker leaves when it dies right after making the run: a run and nothing else.
    const [made] = await q<{ id: bigint }>(
      `insert into debit_runs (run_key, business_date, "window", scope, started_by)
       values ('2026-03-17@10:00#*', '2026-03-17', '10:00', '*', 'scheduler') returning id`,
    );
    const runId = BigInt(made!.id);
    // A second start finds the run; a worker selects it from the beginning and works it.
    const again = await h.app.services.debitRuns.startRun(
      { date: '2026-03-17', window: '10:00' },
      'scheduler',
    );
    expect(again).toEqual({ runId, created: false, selecting: true });
    await h.app.services.debitRuns.work(runId);
    const finished = await runState(runId);
    expect(finished).toMatchObject({ status: 'completed', selecting: false, shardsTotal: 3 });
    expect(finished.selected).toEqual(expected);
    expect(await orderedInstallments(runId)).toEqual(expected);
  });

  it('of a scope with nothing eligible, completes without shards', async () => {
    const runs = h.app.services.debitRuns;
    const { runId, created } = await runs.startRun(
      { date: '2026-03-17', window: '10:00', businessLine: 'supply_chain' },
      'test',
    );
    expect(created).toBe(true);
    await runs.work(runId);
    expect(await runState(runId)).toMatchObject({
      status: 'completed',
      selecting: false,
      shardsTotal: 0,
      installmentsTotal: 0,
    });
  });
});
