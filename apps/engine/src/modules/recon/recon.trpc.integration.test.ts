// 对账 from the console: a statement uploaded (base64) by finance or ops, the day reconciled, the
// days, runs and imports read back with money as yuan strings, the original file downloaded,
// formats saved and previewed over a sample; who may do which, and a malformed or oversized
// file refused naming `file` with nothing written. Over HTTP: only the file procedures take a
// body larger than the server's 2 MiB.
import { gunzipSync, gzipSync } from 'node:zlib';
import { defaultInstances } from '@repay/channel-sandbox/instances';
import { buildSandbox, type Sandbox } from '@repay/channel-sandbox/server';
import { fenToYuan, luhnCardNo, STATEMENT_FORMAT_PRESETS } from '@repay/rules';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../events';
import { CONSOLE_ORIGIN, startHarness, type Caller, type Harness } from '../../testing/harness';

let sandbox: Sandbox;
let h: Harness;
let finance: Caller;
let ops: Caller;
let auditor: Caller;
let pm: Caller;
const DAY = '2026-03-15';
const q = <T extends object>(text: string, params: unknown[] = []) =>
  h.app.database.sql.query<T>(text, params);

type Order = { key: string; status: string; amount: bigint };
const orders = new Map<string, Order>();
const o = (name: string) => orders.get(name)!;

/** sandbox-a's fee: 2‰ of the amount rounded down, at least 0.30. */
const feeOf = (fen: bigint) => ((fen * 2n) / 1000n > 30n ? (fen * 2n) / 1000n : 30n);
const yuanOf = fenToYuan;
/** Above the approval limit (5,000.00): acting on it needs a second person. */
const BIG = 600_000n;

type Line = { order: string; amount: bigint; status: string };
/** A statement in the sandbox's layout, with a summary that agrees with its lines. */
function statement(date: string, lines: Line[]): Buffer {
  const ok = lines.filter((l) => l.status === 'success');
  const sum = (list: Line[], f: (l: Line) => bigint) => list.reduce((s, l) => s + f(l), 0n);
  return Buffer.from(
    [
      `# channel=sandbox-a,date=${date},rows=${lines.length}`,
      'merchant_order_id,channel_serial,type,amount_fen,fee_fen,status,finished_at',
      ...lines.map((l, i) =>
        [
          l.order,
          `SER-${i}`,
          'debit',
          l.amount,
          feeOf(l.amount),
          l.status,
          `${date}T03:00:00.000Z`,
        ].join(','),
      ),
      `# summary,count=${lines.length},success_count=${ok.length},success_amount_fen=${sum(ok, (l) => l.amount)},fee_fen=${sum(ok, (l) => feeOf(l.amount))}`,
      '',
    ].join('\n'),
  );
}

const upload = (caller: Caller, file: Buffer, extra: Record<string, unknown> = {}) =>
  caller.recon.upload({
    channel: 'sandbox-a',
    date: DAY,
    fileName: `sandbox-a-${DAY}.csv`,
    file: file.toString('base64'),
    ...extra,
  });

/** How a call was refused: its code, the field it names (the service's, or the input's path). */
async function refusal(attempt: Promise<unknown>) {
  const error = (await attempt.then(
    () => {
      throw new Error('accepted');
    },
    (e: unknown) => e,
  )) as {
    code: string;
    message: string;
    cause?: { field?: string; issues?: { path: PropertyKey[]; message: string }[] };
  };
  const issue = error.cause?.issues?.[0];
  return {
    code: error.code,
    field: error.cause?.field ?? issue?.path.map(String).join('.') ?? null,
    message: issue?.message ?? error.message,
  };
}

/** A tRPC mutation over HTTP as the console sends it (signed in as finance). */
async function post(path: string, body: string) {
  const login = await fetch(`${h.baseUrl}/trpc/auth.login`, {
    method: 'POST',
    headers: { origin: CONSOLE_ORIGIN, 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'finance', password: 'repay123' }),
  });
  const cookie = login.headers.getSetCookie()[0]!.split(';')[0]!;
  const res = await fetch(`${h.baseUrl}/trpc/${path}`, {
    method: 'POST',
    headers: { cookie, origin: CONSOLE_ORIGIN, 'content-type': 'application/json' },
    body,
  });
  return { status: res.status, body: (await res.json()) as any };
}

beforeAll(async () => {
  sandbox = await buildSandbox({ instances: defaultInstances() });
  h = await startHarness({
    clock: `${DAY}T10:00:00+08:00`,
    sandboxUrl: await sandbox.app.listen({ port: 0, host: '127.0.0.1' }),
  });
  const actor = systemActor('test');
  for (const code of ['sandbox-b', 'sandbox-c'])
    await h.app.services.channelRegistry.setStatus(code, 'down', 'recon test: one channel', actor);
  const cards = {
    ok1: luhnCardNo('62220202001134', '0000'),
    ok2: luhnCardNo('62220202001135', '0000'),
  };
  let n = 0;
  for (const [name, cardNo] of Object.entries(cards)) {
    const mobile = `1380013${String(8200 + n++)}`;
    await h.createLoan({
      orderNo: `RT-${name}`,
      startDate: '2026-02-15',
      firstDueDate: DAY,
      borrower: { name: '赵六', idNo: '110101199003071233', mobile },
    });
    await h.bindCard({ orderNo: `RT-${name}`, cardNo, bankCode: 'ICBC', mobile });
  }
  await h.app.services.overdueAccrual.accrueDate(DAY, 'test');
  const run = await h.app.services.debitRuns.startRun({ date: DAY, window: '10:00' }, 'test');
  await h.app.services.debitRuns.work(run.runId);
  const rows = await q<Order & { orderNo: string }>(
    `select l.order_no as "orderNo", d.idempotency_key as key, d.status, d.amount
       from debit_orders d join loans l on l.id = d.loan_id`,
  );
  for (const r of rows) orders.set(r.orderNo.slice(3), r);
  finance = await h.callerAs('finance');
  ops = await h.callerAs('ops');
  auditor = await h.callerAs('auditor');
  pm = await h.callerAs('pm');
}, 120_000);
afterAll(async () => {
  await h?.close();
  await sandbox?.app.close();
});

/** ok1 ticks off; ok2 is missing (短款); two orders we never made were paid (长款), one large. */
const dayFile = () =>
  statement(DAY, [
    { order: o('ok1').key, amount: o('ok1').amount, status: 'success' },
    { order: 'W202603151000-777777', amount: 12_345n, status: 'success' },
    { order: 'W202603151000-888888', amount: BIG, status: 'success' },
  ]);

describe('who may', () => {
  it('pm reads no reconciliation; an auditor reads but uploads and runs nothing', async () => {
    expect(o('ok1').status).toBe('succeeded');
    expect(o('ok2').status).toBe('succeeded');
    await expect(pm.recon.days({})).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(await auditor.recon.days({})).toEqual([]);
    await expect(upload(auditor, dayFile())).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(auditor.recon.run({ channel: 'sandbox-a', date: DAY })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    await expect(
      ops.recon.saveFormat({ name: 'sandbox', body: {}, note: 'try it' }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(await h.count('statement_imports')).toBe(0);
  });
});

describe('upload', () => {
  it('refuses a malformed file naming file and its line, and writes nothing', async () => {
    const bad = Buffer.from(
      dayFile()
        .toString()
        .replace(`,${o('ok1').amount},`, ',12x4,'),
    );
    expect(await refusal(upload(finance, bad))).toEqual({
      code: 'BAD_REQUEST',
      field: 'file',
      message: expect.stringContaining('line 3'),
    });
    expect(await refusal(upload(finance, Buffer.from('')))).toMatchObject({ field: 'file' });
    expect(
      await refusal(
        finance.recon.upload({ channel: 'sandbox-a', date: DAY, fileName: 'x.csv', file: '%%%' }),
      ),
    ).toMatchObject({ code: 'BAD_REQUEST', field: 'file' });
    // One byte over 20 MB.
    const huge = Buffer.alloc(20 * 1024 * 1024 + 1, 0x41);
    expect(await refusal(upload(finance, huge))).toEqual({
      code: 'BAD_REQUEST',
      field: 'file',
      message: 'at most 20 MB',
    });
    expect(await refusal(upload(finance, dayFile(), { channel: 'nope' }))).toMatchObject({
      code: 'NOT_FOUND',
      field: 'channel',
    });
    expect(await refusal(upload(finance, dayFile(), { format: 'nope' }))).toMatchObject({
      code: 'NOT_FOUND',
      field: 'format',
    });
    expect(await h.count('statement_imports')).toBe(0);
    expect(await h.count('statement_lines')).toBe(0);
    expect(await q(`select 1 from audit_log where action = 'statement.import'`)).toEqual([]);
  });

  it('imports a file once (ops too); the same bytes again answer as a duplicate', async () => {
    const first = await upload(finance, dayFile());
    expect(first).toEqual({
      importId: expect.stringMatching(/^imp_\d+$/),
      lines: 3,
      amount: yuanOf(o('ok1').amount + 12_345n + BIG),
      duplicate: false,
    });
    expect(await upload(ops, dayFile())).toEqual({ ...first, duplicate: true });
    expect(await h.count('statement_imports')).toBe(1);
  });
});

describe('the day', () => {
  it('reads the statement before a run: no run yet, no cases', async () => {
    const [day, ...rest] = await auditor.recon.days({ channel: 'sandbox-a' });
    expect(rest).toEqual([]);
    expect(day).toMatchObject({
      channelCode: 'sandbox-a',
      businessDate: DAY,
      statement: {
        importId: expect.stringMatching(/^imp_\d+$/),
        format: 'sandbox@0',
        source: 'upload',
        lines: 3,
        successCount: 3,
        successAmount: yuanOf(o('ok1').amount + 12_345n + BIG),
        feeAmount: yuanOf(feeOf(o('ok1').amount) + feeOf(12_345n) + feeOf(BIG)),
        importedBy: expect.stringMatching(/^user:\d+$/),
        importedAt: expect.stringMatching(/Z$/),
      },
      run: null,
      cases: { open: 0, investigating: 0, resolved: 0 },
    });
  });

  it('runs the reconciliation (ops or finance) and answers its counts', async () => {
    const result = await ops.recon.run({ channel: 'sandbox-a', date: DAY });
    expect(result).toMatchObject({
      runId: expect.stringMatching(/^rcr_\d+$/),
      attempt: 1,
      casesOpened: 3,
      counts: { matched: 1, overage: 2, shortage: 1, mismatch: 0, pendingResolved: 0, carried: 0 },
    });
    const [day] = await finance.recon.days({ from: DAY, to: DAY });
    expect(day!.run).toMatchObject({
      runId: result.runId,
      attempt: 1,
      counts: result.counts,
      actor: expect.stringMatching(/^user:\d+$/),
    });
    expect(day!.cases).toEqual({ open: 3, investigating: 0, resolved: 0 });
    // Outside the range: nothing.
    expect(await finance.recon.days({ from: '2026-03-16' })).toEqual([]);
    expect(
      await refusal(finance.recon.run({ channel: 'sandbox-a', date: '2026-03-20' })),
    ).toMatchObject({ code: 'UNPROCESSABLE_CONTENT', field: 'date' });
  });

  it('lists runs and imports, newest first', async () => {
    await finance.recon.run({ channel: 'sandbox-a', date: DAY });
    const runs = await auditor.recon.runs({ channel: 'sandbox-a' });
    expect(runs.map((r) => r.attempt)).toEqual([2, 1]);
    expect(runs[0]).toMatchObject({ importId: expect.stringMatching(/^imp_/), businessDate: DAY });
    const imports = await auditor.recon.imports({});
    expect(imports).toHaveLength(1);
    expect(imports[0]).toMatchObject({
      fileName: `sandbox-a-${DAY}.csv`,
      byteSize: dayFile().length,
    });
  });

  it('downloads the original file as received; one over 20 MB is refused', async () => {
    const importId = (await auditor.recon.imports({}))[0]!.importId;
    const file = await auditor.recon.importFile({ importId });
    expect(file.fileName).toBe(`sandbox-a-${DAY}.csv`);
    expect(Buffer.from(file.base64, 'base64').equals(dayFile())).toBe(true);
    await expect(auditor.recon.importFile({ importId: 'imp_999999' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    // As if a fetched file were that large: the console does not carry it.
    await q(`update statement_imports set byte_size = $1`, [21 * 1024 * 1024]);
    await expect(auditor.recon.importFile({ importId })).rejects.toMatchObject({
      code: 'UNPROCESSABLE_CONTENT',
      message: expect.stringContaining('20.0 MB'),
    });
    await q(`update statement_imports set byte_size = $1`, [dayFile().length]);
  });

  it('keeps the file encrypted: neither gzip nor the text; a file stored before as gzip still downloads', async () => {
    const [stored] = await q<{ id: bigint; bytes: Uint8Array }>(
      `select id, file_gzip as bytes from statement_imports`,
    );
    const bytes = Buffer.from(stored!.bytes);
    expect(bytes.subarray(0, 4).toString('latin1')).toBe('RPE\x01');
    expect(bytes.subarray(0, 2).equals(Buffer.from([0x1f, 0x8b]))).toBe(false);
    expect(() => gunzipSync(bytes)).toThrow();
    expect(bytes.includes(Buffer.from(o('ok1').key))).toBe(false);
    const importId = `imp_${stored!.id}`;
    // An import kept before its file was encrypted: plain gzip.
    await q(`update statement_imports set file_gzip = $1 where id = $2`, [
      gzipSync(dayFile()),
      stored!.id,
    ]);
    const legacy = await auditor.recon.importFile({ importId });
    expect(Buffer.from(legacy.base64, 'base64').equals(dayFile())).toBe(true);
    await q(`update statement_imports set file_gzip = $1 where id = $2`, [bytes, stored!.id]);
    const sealed = await auditor.recon.importFile({ importId });
    expect(Buffer.from(sealed.base64, 'base64').equals(dayFile())).toBe(true);
  });
});

describe('cases', () => {
  const caseOf = async (orderId: string) => (await auditor.recon.cases({ orderId })).items[0]!;

  it('lists the differences with money in yuan, pages them, and shows one with its history', async () => {
    const page = await auditor.recon.cases({ channel: 'sandbox-a', date: DAY });
    expect(page.nextCursor).toBeNull();
    expect(page.items.map((c) => `${c.kind} ${c.orderId} ${c.status}`).sort()).toEqual([
      'overage W202603151000-777777 open',
      'overage W202603151000-888888 open',
      `shortage ${o('ok2').key} open`,
    ]);
    const shortage = page.items.find((c) => c.kind === 'shortage')!;
    expect(shortage).toMatchObject({
      id: expect.stringMatching(/^rcc_\d+$/),
      channelCode: 'sandbox-a',
      businessDate: DAY,
      ourStatus: 'succeeded',
      ourAmount: yuanOf(o('ok2').amount),
      theirAmount: null,
      difference: `-${yuanOf(o('ok2').amount)}`,
      pendingAction: null,
      owner: null,
    });
    const first = await auditor.recon.cases({ limit: 2 });
    expect(first.items).toHaveLength(2);
    const rest = await auditor.recon.cases({ limit: 2, cursor: first.nextCursor });
    expect([...first.items, ...rest.items].map((c) => c.id).sort()).toEqual(
      page.items.map((c) => c.id).sort(),
    );
    expect((await auditor.recon.cases({ kind: 'overage' })).items).toHaveLength(2);
    const one = await auditor.recon.case({ caseId: shortage.id });
    expect(one.actions).toEqual([
      expect.objectContaining({ action: 'opened', note: shortage.reason }),
    ]);
    expect(await refusal(auditor.recon.case({ caseId: 'rcc_999999' }))).toMatchObject({
      code: 'NOT_FOUND',
    });
    await expect(pm.recon.cases({})).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('ops and auditors may not act; finance takes a case and closes it with a note', async () => {
    const small = await caseOf('W202603151000-777777');
    for (const caller of [ops, auditor])
      await expect(
        caller.recon.assignCase({ caseId: small.id, note: '我来看看' }),
      ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(
      await refusal(finance.recon.actOnCase({ caseId: small.id, action: 'close', note: ' ' })),
    ).toMatchObject({ code: 'BAD_REQUEST', field: 'note' });
    expect(await finance.recon.assignCase({ caseId: small.id, note: '核对通道回单' })).toEqual({
      status: 'investigating',
    });
    expect(await caseOf('W202603151000-777777')).toMatchObject({
      status: 'investigating',
      owner: expect.stringMatching(/^user:\d+$/),
    });
    expect(
      await finance.recon.actOnCase({ caseId: small.id, action: 'close', note: '通道测试交易' }),
    ).toEqual({ status: 'resolved' });
    const closed = await auditor.recon.case({ caseId: small.id });
    expect(closed).toMatchObject({ status: 'resolved', resolution: 'close' });
    expect(closed.actions.map((a) => a.action)).toEqual(['opened', 'assigned', 'close']);
    expect(
      await refusal(finance.recon.actOnCase({ caseId: small.id, action: 'close', note: '再次' })),
    ).toMatchObject({ code: 'CONFLICT', field: 'caseId' });
    const [day] = await auditor.recon.days({});
    expect(day!.cases).toEqual({ open: 2, investigating: 0, resolved: 1 });
  });

  it('refuses an action the case does not allow, naming action', async () => {
    const shortage = await caseOf(o('ok2').key);
    // Only an overage of one of our failed orders is completed (补单).
    expect(
      await refusal(
        finance.recon.actOnCase({ caseId: shortage.id, action: 'complete', note: '补单' }),
      ),
    ).toMatchObject({ code: 'UNPROCESSABLE_CONTENT', field: 'action' });
    expect((await caseOf(o('ok2').key)).status).toBe('open');
  });

  it('above the approval limit an action waits for a second person, who rejects or approves it', async () => {
    const big = await caseOf('W202603151000-888888');
    expect(big.theirAmount).toBe(yuanOf(BIG));
    expect(
      await finance.recon.actOnCase({ caseId: big.id, action: 'refund', note: '退回付款人' }),
    ).toEqual({ status: 'pending_approval' });
    expect((await caseOf('W202603151000-888888')).pendingAction).toMatchObject({
      action: 'refund',
      proposedBy: expect.stringMatching(/^user:\d+$/),
    });
    // Not the one who asked.
    expect(
      await refusal(finance.recon.decideCase({ caseId: big.id, approve: true, note: '同意' })),
    ).toMatchObject({ code: 'FORBIDDEN', field: 'caseId' });
    await expect(
      ops.recon.decideCase({ caseId: big.id, approve: true, note: '同意' }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const admin = await h.callerAs('admin');
    await admin.recon.decideCase({ caseId: big.id, approve: false, note: '先核实付款人' });
    expect((await caseOf('W202603151000-888888')).pendingAction).toBeNull();
    await finance.recon.actOnCase({ caseId: big.id, action: 'refund', note: '已核实，退回' });
    expect(
      await admin.recon.decideCase({ caseId: big.id, approve: true, note: '同意退款' }),
    ).toEqual({ status: 'resolved' });
    const done = await auditor.recon.case({ caseId: big.id });
    expect(done).toMatchObject({ status: 'resolved', resolution: 'refund', pendingAction: null });
    expect(done.actions.map((a) => a.action)).toEqual([
      'opened',
      'proposed:refund',
      'rejected:refund',
      'proposed:refund',
      'refund',
    ]);
  });
});

describe('formats', () => {
  const preset = STATEMENT_FORMAT_PRESETS.sandbox;

  it('lists the presets; pm saves a new version with a note (audited)', async () => {
    const before = await auditor.recon.formats();
    expect(before.map((f) => f.name)).toEqual(
      expect.arrayContaining(['sandbox', 'wechat', 'alipay']),
    );
    expect(before.find((f) => f.name === 'sandbox')).toMatchObject({ preset: true, version: 0 });
    const saved = await pm.recon.saveFormat({
      name: 'sandbox',
      body: { ...preset, description: 'sandbox, v1' },
      note: '说明更新',
    });
    expect(saved).toEqual({ name: 'sandbox', version: 1 });
    const after = (await auditor.recon.formats()).find((f) => f.name === 'sandbox')!;
    expect(after).toMatchObject({ version: 1, body: { description: 'sandbox, v1' } });
    expect(after.versions).toEqual([
      {
        version: 1,
        note: '说明更新',
        createdBy: expect.stringMatching(/^user:/),
        createdAt: expect.stringMatching(/Z$/),
      },
    ]);
  });

  it('refuses a body with its problems named by path under body, and a bad name', async () => {
    expect(
      await refusal(
        finance.recon.saveFormat({
          name: 'mine',
          body: { ...preset, columns: { ...preset.columns, amount: 3 } },
          note: 'try it',
        }),
      ),
    ).toMatchObject({ code: 'BAD_REQUEST', field: 'body.columns.amount' });
    expect(
      await refusal(finance.recon.saveFormat({ name: 'Mine!', body: preset, note: 'try it' })),
    ).toMatchObject({ code: 'BAD_REQUEST', field: 'name' });
    expect((await finance.recon.formats()).map((f) => f.name)).not.toContain('mine');
  });

  it('previews a sample: each row with its cells and what it became (yuan) or why not', async () => {
    const sample = Buffer.from(dayFile().toString().replace(',12345,', ',12x45,')).toString(
      'base64',
    );
    const preview = await auditor.recon.previewFormat({
      body: preset,
      sample,
      businessDate: DAY,
    });
    expect(preview.header).toEqual(expect.arrayContaining(['merchant_order_id', 'amount_fen']));
    const [line, broken] = preview.rows.filter((r) => r.result.kind !== 'skip');
    expect(line).toMatchObject({
      lineNo: 3,
      cells: expect.arrayContaining([o('ok1').key]),
      result: {
        kind: 'line',
        line: {
          orderId: o('ok1').key,
          amount: yuanOf(o('ok1').amount),
          fee: yuanOf(feeOf(o('ok1').amount)),
          status: 'success',
        },
      },
    });
    expect(broken).toMatchObject({
      lineNo: 4,
      result: { kind: 'error', column: 'amount_fen' },
    });
    await expect(
      auditor.recon.previewFormat({ body: { layout: 1 }, sample, businessDate: DAY }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    expect(
      await refusal(
        auditor.recon.previewFormat({
          body: preset,
          sample: Buffer.alloc(2 * 1024 * 1024 + 3).toString('base64'),
          businessDate: DAY,
        }),
      ),
    ).toMatchObject({ code: 'BAD_REQUEST', field: 'sample' });
    await expect(
      pm.recon.previewFormat({ body: preset, sample, businessDate: DAY }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});

describe('over HTTP', () => {
  /** A file of about 3 MB whose third line is broken: read and refused, after the body is in. */
  const bigBody = () =>
    JSON.stringify({
      channel: 'sandbox-a',
      date: '2026-03-16',
      fileName: 'big.csv',
      file: Buffer.from(
        `${dayFile()
          .toString()
          .replace(`,${o('ok1').amount},`, ',1x,')}${'#'.repeat(3 * 1024 * 1024)}\n`,
      ).toString('base64'),
    });

  it('takes a file over 2 MiB for the upload only; any other procedure refuses such a body', async () => {
    const body = bigBody();
    expect(body.length).toBeGreaterThan(2 * 1024 * 1024);
    const uploaded = await post('recon.upload', body);
    expect(uploaded.status).toBe(400);
    expect(uploaded.body.error.data).toMatchObject({ field: 'file' });
    expect(uploaded.body.error.message).toContain('line 3');
    expect((await post('recon.run', body)).status).toBe(413);
    // A batch holding the upload goes to the shared route, with its limit.
    expect((await post('recon.upload,recon.run?batch=1', body)).status).toBe(413);
    expect(await h.count('statement_imports')).toBe(1);
  });
});
