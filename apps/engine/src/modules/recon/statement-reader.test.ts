import { createReadStream, readFileSync } from 'node:fs';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import {
  STATEMENT_FORMAT_PRESETS,
  StatementFileError,
  UNIONPAY_FIXED_FIELDS,
  parseStatementFormat,
  type StatementFormat,
  type StatementLine,
} from '@repay/rules';
import { describe, expect, it } from 'vitest';
import {
  previewStatement,
  readStatement,
  readStatementBatches,
  type StatementBytes,
  type StatementSummary,
} from './statement-reader';

const FIXTURES = join(import.meta.dirname, 'fixtures');
const fixture = (name: string) => readFileSync(join(FIXTURES, name));
const DATE = '2026-02-15';
const presets = STATEMENT_FORMAT_PRESETS;

async function readAll(
  source: StatementBytes,
  format: StatementFormat,
  businessDate = DATE,
): Promise<{ lines: StatementLine[]; summary: StatementSummary }> {
  const reader = readStatement(source, format, { businessDate });
  const lines: StatementLine[] = [];
  for (;;) {
    const next = await reader.next();
    if (next.done) return { lines, summary: next.value };
    lines.push(next.value);
  }
}

/** The StatementFileError reading a file ends with, and the lines it gave before. */
async function failureOf(source: StatementBytes, format: StatementFormat, businessDate = DATE) {
  const lines: StatementLine[] = [];
  try {
    for await (const line of readStatement(source, format, { businessDate })) lines.push(line);
  } catch (error) {
    if (error instanceof StatementFileError) return { error, lines };
    throw error;
  }
  throw new Error('expected the file to be refused');
}

/** The file in chunks of `size` bytes: multi-byte characters split across chunks. */
async function* chunked(bytes: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  for (let at = 0; at < bytes.length; at += size) {
    await Promise.resolve();
    yield bytes.subarray(at, at + size);
  }
}

const utf8 = (text: string) => new TextEncoder().encode(text);
/** The fixture's text with line `lineNo` (1-based) passed through `edit`. */
function editLine(name: string, lineNo: number, edit: (line: string) => string): string {
  const lines = fixture(name).toString('utf8').split('\n');
  lines[lineNo - 1] = edit(lines[lineNo - 1]!);
  return lines.join('\n');
}

describe('sandbox statement', () => {
  it('reads the lines, leaves processing out, and checks the summary', async () => {
    const { lines, summary } = await readAll(fixture('sandbox-2026-02-15.csv'), presets.sandbox);
    expect(
      lines.map((l) => [l.lineNo, l.orderId, l.status, l.amountFen, l.feeFen, l.kind]),
    ).toEqual([
      [3, 'W202602151000-101', 'success', 123456n, 600n, 'debit'],
      [4, 'W202602151000-102', 'success', 10n, 200n, 'debit'],
      [5, 'W202602151000-103', 'failed', 500000n, 0n, 'debit'],
      [7, 'W202602151000-104', 'success', 88800n, 444n, 'debit'],
      [8, 'P20260215-0001', 'success', 1000000n, 100n, 'payout'],
    ]);
    expect(lines[0]).toMatchObject({
      channelSerial: 'sandbox-a-20260215-00000001',
      finishedAt: '2026-02-15T10:00:03+08:00',
      rawStatus: 'success',
    });
    expect(lines[4]!.finishedAt).toBe('2026-02-15T23:59:59+08:00');
    expect(summary).toEqual<StatementSummary>({
      lines: 4,
      amountFen: 1212266n,
      feeFen: 1344n,
      stated: { count: 4, amountFen: 1212266n, feeFen: 1344n },
      refunds: { lines: 0, amountFen: 0n, feeFen: 0n },
      failed: 1,
      ignored: 1,
    });
  });

  it('reads the same from a stream of small chunks and from a file stream', async () => {
    const bytes = fixture('sandbox-2026-02-15.csv');
    const whole = await readAll(bytes, presets.sandbox);
    expect(await readAll(chunked(bytes, 7), presets.sandbox)).toEqual(whole);
    expect(
      await readAll(createReadStream(join(FIXTURES, 'sandbox-2026-02-15.csv')), presets.sandbox),
    ).toEqual(whole);
  });

  it('splits unquoted files itself exactly as csv-parse does: line breaks, blank and short files', async () => {
    // The same layout with quotes on goes through csv-parse: without a quote in the file, both
    // must read the same lines and totals, or fail with the same error.
    const layout = presets.sandbox.layout as { type: 'delimited'; delimiter: string };
    const viaCsvParse: StatementFormat = {
      ...presets.sandbox,
      layout: { ...layout, quoted: true },
    } as StatementFormat;
    const outcome = async (bytes: StatementBytes, format: StatementFormat) => {
      try {
        return await readAll(bytes, format);
      } catch (error) {
        return (error as Error).message;
      }
    };
    const text = fixture('sandbox-2026-02-15.csv').toString('utf8');
    const [comment, header, ...rest] = text.split('\n');
    const variants = [
      text,
      text.replaceAll('\n', '\r\n'),
      text.replaceAll('\n', '\r'),
      text.trimEnd(), // no line break at the end
      `${text}\n\n`, // blank lines at the end
      // The preamble's breaks and the body's differ: the body's first one decides.
      [`${comment}\r\n${header}`, ...rest].join('\n'),
      [comment, `${header}\r\n${rest.join('\n')}`].join('\n'),
      `\n\n${text}`,
      '',
      comment!,
    ];
    for (const variant of variants) {
      const expected = await outcome(utf8(variant), viaCsvParse);
      expect(await outcome(utf8(variant), presets.sandbox)).toEqual(expected);
      // 7-byte chunks end between a '\r' and its '\n' on some lines.
      expect(await outcome(chunked(utf8(variant), 7), presets.sandbox)).toEqual(expected);
    }
  });

  it('gives the same lines a chunk at a time (readStatementBatches) as one at a time', async () => {
    // 5,000 lines: a file of several chunks.
    const rows = Array.from(
      { length: 5000 },
      (_, i) => `W20260215-${i},S-${i},debit,${100 + i},30,success,2026-02-15T02:00:00.000Z`,
    );
    const sum = rows.reduce((s, _, i) => s + 100 + i, 0);
    const bytes = utf8(
      [
        '# channel=sandbox-a,date=2026-02-15,rows=5000',
        'merchant_order_id,channel_serial,type,amount_fen,fee_fen,status,finished_at',
        ...rows,
        `# summary,count=5000,success_count=5000,success_amount_fen=${sum},fee_fen=${5000 * 30}`,
        '',
      ].join('\n'),
    );
    const whole = await readAll(bytes, presets.sandbox);
    expect(whole.lines).toHaveLength(5000);
    const batches: StatementLine[][] = [];
    const reader = readStatementBatches(bytes, presets.sandbox, { businessDate: DATE });
    for (;;) {
      const next = await reader.next();
      if (next.done) {
        expect(next.value).toEqual(whole.summary);
        break;
      }
      batches.push(next.value);
    }
    expect(batches.length).toBeGreaterThan(1);
    expect(batches.flat()).toEqual(whole.lines);
  });

  it('refuses a bad amount on line 7 with its line and column, after streaming the lines before', async () => {
    const text = editLine('sandbox-2026-02-15.csv', 7, (l) => l.replace(',88800,', ',888.00,'));
    const { error, lines } = await failureOf(utf8(text), presets.sandbox);
    expect(error).toMatchObject({ lineNo: 7, column: 'amount_fen' });
    expect(error.message).toBe('line 7, column amount_fen: "888.00" is not an amount in fen');
    expect(lines.map((l) => l.lineNo)).toEqual([3, 4, 5]);
  });

  it('refuses a summary that disagrees with the lines, naming the total', async () => {
    const text = editLine('sandbox-2026-02-15.csv', 9, (l) =>
      l.replace('fee_fen=1344', 'fee_fen=1345'),
    );
    const { error } = await failureOf(utf8(text), presets.sandbox);
    expect(error).toMatchObject({ lineNo: 9, column: 'fee_fen' });
    expect(error.message).toMatch(/states fee 13\.45, the lines add up to 13\.44/);
  });

  it('refuses a file cut before its summary', async () => {
    const text = fixture('sandbox-2026-02-15.csv')
      .toString('utf8')
      .split('\n')
      .slice(0, 6)
      .join('\n');
    const { error } = await failureOf(utf8(text), presets.sandbox);
    expect(error.message).toMatch(/no summary line/);
  });

  it('refuses a status the format does not know', async () => {
    const text = editLine('sandbox-2026-02-15.csv', 5, (l) => l.replace(',failed,', ',reversed,'));
    const { error } = await failureOf(utf8(text), presets.sandbox);
    expect(error).toMatchObject({ lineNo: 5, column: 'status' });
    expect(error.message).toMatch(/status "reversed" is not in the format's statusMap/);
  });
});

describe('WeChat statement', () => {
  it('drops the BOM and backticks, reads refunds, and checks the totals row', async () => {
    const bytes = fixture('wechat-2026-02-15.csv');
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const { lines, summary } = await readAll(chunked(bytes, 5), presets.wechat);
    expect(lines.map((l) => [l.lineNo, l.orderId, l.status, l.amountFen, l.feeFen])).toEqual([
      [2, 'W202602150900-201', 'success', 123456n, 741n],
      [3, 'W202602151000-202', 'success', 10n, 0n],
      [4, 'W202602151100-203', 'success', 20000n, 120n],
      [5, 'W202602150900-201', 'refund', 10000n, 60n],
      [6, 'W202602151300-204', 'success', 8880n, 53n],
      [7, 'W202602151400-205', 'success', 100n, 1n],
    ]);
    expect(lines[0]).toMatchObject({
      channelSerial: '4200001234202602150000000001',
      finishedAt: '2026-02-15T09:00:01+08:00',
      rawStatus: 'SUCCESS',
    });
    expect(summary).toMatchObject({
      lines: 5,
      amountFen: 152446n,
      feeFen: 915n,
      refunds: { lines: 1, amountFen: 10000n, feeFen: 60n },
      stated: { count: 6, amountFen: 152446n, feeFen: 855n },
    });
  });

  it('refuses a bad amount on line 7, naming the WeChat column', async () => {
    const text = editLine('wechat-2026-02-15.csv', 7, (l) => l.replaceAll('`1.00,', '`1.0O,'));
    const { error } = await failureOf(utf8(text), presets.wechat);
    expect(error).toMatchObject({ lineNo: 7, column: '订单金额' });
  });

  it('refuses a count that disagrees', async () => {
    const text = editLine('wechat-2026-02-15.csv', 9, (l) => l.replace('`6,', '`7,'));
    const { error } = await failureOf(utf8(text), presets.wechat);
    expect(error).toMatchObject({ lineNo: 9, column: '总交易单数' });
    expect(error.message).toMatch(/states count 7, the lines add up to 6/);
  });
});

describe('Alipay statement (GBK)', () => {
  it('decodes real GBK bytes, trims tabs, and reads refunds by their size', async () => {
    const bytes = fixture('alipay-2026-02-15.csv');
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes)).toThrow();
    const { lines, summary } = await readAll(chunked(bytes, 3), presets.alipay);
    expect(lines.map((l) => [l.lineNo, l.orderId, l.status, l.amountFen, l.feeFen])).toEqual([
      [6, 'W202602150900-301', 'success', 10000n, 60n],
      [7, 'W202602151000-302', 'success', 10n, 0n],
      [8, 'W202602151100-303', 'success', 123456n, 741n],
      [9, 'W202602150900-301', 'refund', 5000n, 30n],
    ]);
    expect(lines[3]).toMatchObject({
      channelSerial: '2026021522001458860515315453',
      finishedAt: '2026-02-15T15:30:00+08:00',
      rawStatus: '退款',
    });
    expect(summary).toMatchObject({
      lines: 3,
      amountFen: 133466n,
      stated: { count: 3, amountFen: 133466n, feeFen: null },
    });
  });

  it('refuses a 交易合计 that disagrees', async () => {
    const text = iconv
      .decode(fixture('alipay-2026-02-15.csv'), 'gbk')
      .replace('商家实收共1334.66元', '商家实收共1334.67元');
    const { error } = await failureOf(iconv.encode(text, 'gbk'), presets.alipay);
    expect(error).toMatchObject({ lineNo: 11, column: 'amount' });
  });
});

describe('Allinpay statement', () => {
  it('reads pipe-separated fen with the trailing |', async () => {
    const { lines, summary } = await readAll(
      fixture('allinpay-2026-02-15.txt'),
      presets['allinpay-pipe'],
    );
    expect(
      lines.map((l) => [l.orderId, l.channelSerial, l.amountFen, l.feeFen, l.finishedAt]),
    ).toEqual([
      ['W202602150900-401', '1202602150000000001', 123456n, 600n, '2026-02-15T09:00:01+08:00'],
      ['W202602151000-402', '1202602150000000002', 10n, 1n, '2026-02-15T10:00:03+08:00'],
      ['W202602152300-403', '1202602150000000003', 88800n, 444n, '2026-02-15T23:59:59+08:00'],
    ]);
    expect(summary).toMatchObject({ lines: 3, amountFen: 212266n, feeFen: 1045n, stated: null });
  });
});

describe('UnionPay fixed-width statement', () => {
  const line = (values: Record<string, string>) =>
    UNIONPAY_FIXED_FIELDS.map((f) => (values[f.name] ?? '').padEnd(f.width, ' ')).join('');
  const row = (time: string, amount: string, serial: string, order: string, fee: string) =>
    line({
      交易代码: 'S22',
      代理机构标识码: '00049992900',
      发送机构标识码: '00049992900',
      系统跟踪号: '123456',
      交易传输时间: time,
      账号: '622202******1234',
      交易金额: amount,
      商户类别: '5411',
      终端类型: '07',
      查询流水号: serial,
      商户订单号: order,
      商户手续费: fee,
      结算金额: 'C000000000000',
      交易类型: '11',
      业务类型: '000501',
      商户代码: '777290058110048',
      二级商户简称: '分期商户',
      交易介质: '1',
    });
  const file = [
    row(
      '1231235959',
      '000000123456',
      '512312235959000000001',
      'W202612312359-501',
      'D000000000600',
    ),
    row(
      '0101000003',
      '000000000010',
      '510101000003000000002',
      'W202701010000-502',
      'D000000000001',
    ),
    row(
      '0101093000',
      '000000888800',
      '510101093000000000003',
      'W202701010930-503',
      '0000000000444',
    ),
    '',
    '',
  ].join('\r\n');

  it('cuts 567-character lines by the field table, years from the business date', async () => {
    expect(file.split('\r\n')[0]).toHaveLength(567);
    const { lines, summary } = await readAll(
      iconv.encode(file, 'gbk'),
      presets['unionpay-fixed'],
      '2027-01-01',
    );
    expect(
      lines.map((l) => [l.lineNo, l.orderId, l.channelSerial, l.amountFen, l.feeFen, l.finishedAt]),
    ).toEqual([
      [1, 'W202612312359-501', '512312235959000000001', 123456n, 600n, '2026-12-31T23:59:59+08:00'],
      [2, 'W202701010000-502', '510101000003000000002', 10n, 1n, '2027-01-01T00:00:03+08:00'],
      [3, 'W202701010930-503', '510101093000000000003', 888800n, 444n, '2027-01-01T09:30:00+08:00'],
    ]);
    expect(summary).toMatchObject({ lines: 3, amountFen: 1012266n, feeFen: 1045n });
  });

  it('refuses a line cut short, naming it', async () => {
    const lines = file.split('\r\n');
    lines[1] = lines[1]!.slice(0, 431);
    const { error } = await failureOf(
      iconv.encode(lines.join('\n'), 'gbk'),
      presets['unionpay-fixed'],
      '2027-01-01',
    );
    expect(error).toMatchObject({ lineNo: 2, column: null });
    expect(error.message).toMatch(/431 characters where a line has 567/);
  });
});

describe('quoted CSV', () => {
  const quoted = parseStatementFormat({
    layout: { type: 'delimited', delimiter: ',', quoted: true },
    header: true,
    columns: { orderId: 'order', amount: 'amount', status: 'status' },
    amountUnit: 'yuan',
    statusMap: { OK: 'success' },
  });

  it('keeps counting physical lines past a value holding a line break', async () => {
    const text =
      'order,amount,status,note\nA,"1,000.00",OK,x\nB,2.00,OK,"two\nlines"\nC,0.10,OK,\n';
    const { error } = await failureOf(utf8(text), quoted);
    expect(error).toMatchObject({ lineNo: 2, column: 'amount' });
    const fixed = text.replace('"1,000.00"', '1000.00');
    const { lines } = await readAll(utf8(fixed), quoted);
    expect(lines.map((l) => [l.lineNo, l.orderId, l.amountFen])).toEqual([
      [2, 'A', 100000n],
      [3, 'B', 200n],
      [5, 'C', 10n],
    ]);
  });

  it('turns a quote never closed into a file error', async () => {
    const { error } = await failureOf(utf8('order,amount,status\nA,"1.00,OK\n'), quoted);
    expect(error).toBeInstanceOf(StatementFileError);
    expect(error.lineNo).not.toBeNull();
  });
});

describe('previewStatement', () => {
  it('shows the first rows: cells, what each became, and errors without stopping', async () => {
    const text = editLine('sandbox-2026-02-15.csv', 4, (l) => l.replace(',10,', ',ten,'));
    const preview = await previewStatement(utf8(text), presets.sandbox, {
      businessDate: DATE,
      rows: 5,
    });
    expect(preview.error).toBeNull();
    expect(preview.header).toEqual([
      'merchant_order_id',
      'channel_serial',
      'type',
      'amount_fen',
      'fee_fen',
      'status',
      'finished_at',
    ]);
    expect(preview.rows.map((r) => [r.lineNo, r.result.kind])).toEqual([
      [1, 'skip'],
      [2, 'skip'],
      [3, 'line'],
      [4, 'error'],
      [5, 'line'],
    ]);
    expect(preview.rows[2]!.cells[0]).toBe('W202602151000-101');
    expect(preview.rows[3]!.result).toEqual({
      kind: 'error',
      message: 'line 4, column amount_fen: "ten" is not an amount in fen',
      column: 'amount_fen',
    });
  });

  it('cuts fixed-width lines into their fields', async () => {
    const preview = await previewStatement(
      utf8(`${'S22'.padEnd(567, ' ')}\n`),
      presets['unionpay-fixed'],
      { businessDate: DATE },
    );
    expect(preview.rows).toHaveLength(1);
    expect(preview.rows[0]!.cells).toHaveLength(41);
    expect(preview.rows[0]!.result).toMatchObject({
      kind: 'error',
      column: '商户订单号',
    });
  });
});
