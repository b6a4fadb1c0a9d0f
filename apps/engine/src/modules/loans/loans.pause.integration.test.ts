// docs/api.md Collections: pause and resume. A paused loan is skipped by the deduction windows
// until the date (inclusive); resuming lets the next window debit it.
import { defaultInstances } from '@repay/channel-sandbox/instances';
import { buildSandbox, type Sandbox } from '@repay/channel-sandbox/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../../testing/harness';

let sandbox: Sandbox;
let h: Harness;
const orderNo = 'PAUSE-1';

beforeAll(async () => {
  sandbox = await buildSandbox({ instances: defaultInstances() });
  h = await startHarness({ sandboxUrl: await sandbox.app.listen({ port: 0, host: '127.0.0.1' }) });
  await h.createLoan({ orderNo });
  await h.bindCard({
    orderNo,
    cardNo: '6222020200112430000',
    bankCode: 'ICBC',
    mobile: '13800138000',
  });
});
afterAll(async () => {
  await h.close();
  await sandbox.app.close();
});

const pause = (body: unknown, no = orderNo) => h.api('POST', `/api/v1/loans/${no}/pause`, body);

describe('pause and resume', () => {
  it('refuses bad input naming the field, and changes nothing', async () => {
    const cases: [unknown, number, string][] = [
      [{ reason: '协商还款', until: '2026-03-14' }, 422, 'until'],
      [{ reason: '协商还款', until: '2026-12-31' }, 422, 'until'],
      [{ reason: '协商还款', until: '15/04/2026' }, 400, 'until'],
      [{ reason: '', until: '2026-04-15' }, 400, 'reason'],
    ];
    for (const [body, status, field] of cases) {
      const res = await pause(body);
      expect(res.status, JSON.stringify(body)).toBe(status);
      expect(res.body).toMatchObject({ error: { field } });
    }
    expect((await pause({ reason: 'x', until: '2026-04-15' }, 'NO-SUCH')).status).toBe(404);
    expect((await h.api('GET', `/api/v1/loans/${orderNo}`)).body.paused).toBeNull();
  });

  it('pauses until a date; the same pause again changes nothing', async () => {
    const res = await pause({ reason: '协商还款', until: '2026-04-15' });
    expect(res.status).toBe(200);
    expect(res.body.paused).toEqual({ reason: '协商还款', until: '2026-04-15' });
    expect((await pause({ reason: '协商还款', until: '2026-04-15' })).status).toBe(200);
    expect(await h.count(`audit_log where action = 'loan.pause'`)).toBe(1);
    expect(await h.count(`outbox_events where topic = 'loan.paused'`)).toBe(1);
  });

  it('the window skips the paused loan', async () => {
    const run = await h.app.services.debitRuns.startRun(
      { date: '2026-03-15', window: '10:00' },
      'test',
    );
    await h.app.services.debitRuns.work(run.runId);
    expect(await h.count('debit_orders')).toBe(0);
  });

  it('resumes; the next window debits it; resuming again changes nothing', async () => {
    const res = await h.api('POST', `/api/v1/loans/${orderNo}/resume`);
    expect(res.status).toBe(200);
    expect(res.body.paused).toBeNull();
    expect((await h.api('POST', `/api/v1/loans/${orderNo}/resume`)).status).toBe(200);
    expect(await h.count(`audit_log where action = 'loan.resume'`)).toBe(1);
    const run = await h.app.services.debitRuns.startRun(
      { date: '2026-03-15', window: '14:00' },
      'test',
    );
    await h.app.services.debitRuns.work(run.runId);
    const debits = await h.api('GET', `/api/v1/loans/${orderNo}/debits`);
    const list = (debits.body as { debits: { period: number; status: string }[] }).debits;
    expect(list.map((d) => [d.period, d.status])).toEqual([
      [1, 'succeeded'],
      [2, 'succeeded'],
    ]);
  });
});
