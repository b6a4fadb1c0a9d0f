// A large statement through the import: written while it is read (COPY on PostgreSQL, batches
// on PGlite), every line stored as the file says it, cell for cell; a line refused deep in the
// file, after thousands were written, leaves nothing, and the corrected file then imports.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../events';
import { startHarness, type Harness } from '../../testing/harness';

let h: Harness;
const DAY = '2026-03-15';
const LINES = 20_000;
const actor = systemActor('test');

/** Line i of the file: serials with a backslash and a tab (COPY's escapes), some failures. */
const line = (i: number) => ({
  order: `W202603151000-${i}`,
  serial: i % 1000 === 7 ? `S\\${i}\tX` : `S-${i}`,
  amount: 10_000 + (i % 977),
  fee: i % 50 === 0 ? 0 : 30,
  status: i % 50 === 0 ? 'failed' : 'success',
});

function file(edit?: { at: number; amount: string }): Uint8Array {
  const rows: string[] = [];
  let count = 0;
  let amount = 0;
  let fee = 0;
  for (let i = 1; i <= LINES; i++) {
    const l = line(i);
    if (l.status === 'success') {
      count++;
      amount += l.amount;
      fee += l.fee;
    }
    const shown = edit?.at === i ? edit.amount : String(l.amount);
    rows.push(
      `${l.order},${l.serial},debit,${shown},${l.fee},${l.status},${DAY}T0${i % 10}:00:00.000Z`,
    );
  }
  return Buffer.from(
    [
      `# channel=sandbox-a,date=${DAY},rows=${LINES}`,
      'merchant_order_id,channel_serial,type,amount_fen,fee_fen,status,finished_at',
      ...rows,
      `# summary,count=${LINES},success_count=${count},success_amount_fen=${amount},fee_fen=${fee}`,
      '',
    ].join('\n'),
  );
}

const importFile = (bytes: Uint8Array) =>
  h.app.services.statementImports.importStatement(
    { channelCode: 'sandbox-a', businessDate: DAY, fileName: 'big.csv', bytes, source: 'upload' },
    actor,
  );

beforeAll(async () => {
  h = await startHarness();
}, 60_000);
afterAll(async () => {
  await h?.close();
});

describe(`a file of ${LINES.toLocaleString('en-US')} lines`, () => {
  it('refused at its 15,000th line (line 15,002 of the file), keeps nothing', async () => {
    await expect(importFile(file({ at: 15_000, amount: '1x0' }))).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      field: 'file',
      message: expect.stringContaining('line 15002, column amount_fen'),
    });
    expect(await h.count('statement_imports')).toBe(0);
    expect(await h.count('statement_lines')).toBe(0);
  });

  it('corrected, imports every line once, each stored as the file says', async () => {
    const answer = await importFile(file());
    expect(answer).toMatchObject({ lines: LINES, duplicate: false });
    expect(await h.count('statement_lines')).toBe(LINES);
    const stored = await h.app.database.sql.query<{
      lineNo: number;
      orderId: string;
      serial: string;
      amount: bigint;
      fee: bigint;
      status: string;
      finishedAt: Date;
    }>(
      `select line_no as "lineNo", order_id as "orderId", channel_serial as serial, amount, fee,
              status, finished_at as "finishedAt"
         from statement_lines order by line_no`,
    );
    expect(stored).toHaveLength(LINES);
    stored.forEach((row, k) => {
      const l = line(k + 1);
      expect(row).toEqual({
        lineNo: k + 3,
        orderId: l.order,
        serial: l.serial,
        amount: BigInt(l.amount),
        fee: BigInt(l.fee),
        status: l.status,
        finishedAt: new Date(`${DAY}T0${(k + 1) % 10}:00:00.000Z`),
      });
    });
    // The stored file is the file.
    const [imported] = await h.app.database.sql.query<{ bytes: number }>(
      `select byte_size as bytes from statement_imports`,
    );
    expect(imported!.bytes).toBe(file().length);
  });
});
