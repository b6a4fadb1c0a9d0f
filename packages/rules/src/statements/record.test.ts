import { describe, expect, it } from 'vitest';

import { parseStatementFormat, type StatementFormat } from './format';
import { STATEMENT_FORMAT_PRESETS, UNIONPAY_FIXED_FIELDS } from './presets';
import { createRecordMapper, isStatementLine, splitFixedLine, type MappedRecord } from './record';
import { StatementFileError, type StatementLine } from './statement.types';

const DATE = '2026-02-15';

/** Feeds records (cells, or text for fixed width) from line 1 and keeps what they become. */
function run(format: StatementFormat, records: (string[] | string)[], businessDate = DATE) {
  const mapper = createRecordMapper(format, { businessDate });
  const mapped: MappedRecord[] = records.map((r, i) => mapper.map(r, i + 1));
  return { mapper, mapped, lines: mapped.filter(isStatementLine) };
}

/** The StatementFileError a call throws (fails the test when it throws nothing). */
function errorOf(action: () => unknown): StatementFileError {
  try {
    action();
  } catch (error) {
    if (error instanceof StatementFileError) return error;
    throw error;
  }
  throw new Error('expected a StatementFileError');
}

const csv = (text: string, delimiter = ',') => text.split('\n').map((l) => l.split(delimiter));

describe('sandbox records', () => {
  const sandbox = STATEMENT_FORMAT_PRESETS.sandbox;
  const file = (rows: string[], summary: string) =>
    csv(
      [
        '# channel=sandbox-a,date=2026-02-15,rows=3',
        'merchant_order_id,channel_serial,type,amount_fen,fee_fen,status,finished_at',
        ...rows,
        summary,
      ].join('\n'),
    );
  const rows = [
    'W202602151000-1,sandbox-a-20260215-00000001,debit,123456,600,success,2026-02-15T02:00:03.000Z',
    'W202602151000-2,sandbox-a-20260215-00000002,debit,5000,0,failed,2026-02-15T02:00:04.000Z',
    'W202602151000-3,sandbox-a-20260215-00000003,debit,7000,0,processing,2026-02-15T02:00:05.000Z',
    'P20260215-9,sandbox-a-20260215-00000004,payout,10,1,success,2026-02-14T16:00:00.000Z',
  ];

  it('maps lines, leaves processing out, and checks the summary', () => {
    const { mapper, mapped, lines } = run(
      sandbox,
      file(rows, '# summary,count=4,success_count=2,success_amount_fen=123466,fee_fen=601'),
    );
    expect(mapped.slice(0, 2)).toEqual(['comment', 'header']);
    expect(mapped[4]).toBe('ignored');
    expect(lines[0]).toEqual<StatementLine>({
      lineNo: 3,
      orderId: 'W202602151000-1',
      channelSerial: 'sandbox-a-20260215-00000001',
      kind: 'debit',
      amountFen: 123456n,
      feeFen: 600n,
      status: 'success',
      finishedAt: '2026-02-15T10:00:03+08:00',
      rawStatus: 'success',
    });
    expect(lines.map((l) => [l.status, l.kind])).toEqual([
      ['success', 'debit'],
      ['failed', 'debit'],
      ['success', 'payout'],
    ]);
    expect(lines[2]!.finishedAt).toBe('2026-02-15T00:00:00+08:00');
    expect(mapped[6]).toEqual({
      lineNo: 7,
      totals: { count: 2, amountFen: 123466n, feeFen: 601n },
    });
    const { tally, stated } = mapper.finish();
    expect(stated).toEqual({ count: 2, amountFen: 123466n, feeFen: 601n });
    expect(tally).toEqual({
      records: 4,
      success: { lines: 2, amountFen: 123466n, feeFen: 601n },
      refunds: { lines: 0, amountFen: 0n, feeFen: 0n },
      failed: 1,
      ignored: 1,
    });
  });

  it('refuses a summary that disagrees, naming the total and its line', () => {
    const { mapper } = run(
      sandbox,
      file(rows, '# summary,count=4,success_count=2,success_amount_fen=123467,fee_fen=601'),
    );
    const error = errorOf(() => mapper.finish());
    expect(error.lineNo).toBe(7);
    expect(error.column).toBe('success_amount_fen');
    expect(error.message).toMatch(/states amount 1234\.67, the lines add up to 1234\.66/);
  });

  it('refuses a file whose summary line never came (cut short)', () => {
    const { mapper } = run(sandbox, file(rows.slice(0, 1), '').slice(0, -1));
    expect(errorOf(() => mapper.finish()).message).toMatch(/no summary line .*cut short/);
  });

  it('names the line and column of a bad cell', () => {
    const bad = (row: string) => errorOf(() => run(sandbox, file([rows[0]!, row], '#')));
    expect(bad('W-2,s,debit,12.5,0,success,2026-02-15T02:00:04Z')).toMatchObject({
      lineNo: 4,
      column: 'amount_fen',
    });
    expect(bad('W-2,s,debit,100,0,paid,2026-02-15T02:00:04Z')).toMatchObject({
      lineNo: 4,
      column: 'status',
      message: expect.stringMatching(/status "paid" is not in the format's statusMap/),
    });
    expect(bad('W-2,s,debit,100,0,success,15/02/2026')).toMatchObject({ column: 'finished_at' });
    expect(bad(',s,debit,100,0,success,2026-02-15T02:00:04Z')).toMatchObject({
      column: 'merchant_order_id',
      message: expect.stringMatching(/order id is missing/),
    });
    expect(bad('W-2,s,refund,100,0,success,2026-02-15T02:00:04Z')).toMatchObject({
      column: 'type',
    });
    expect(bad('W-2,s,debit,-100,0,success,2026-02-15T02:00:04Z')).toMatchObject({
      message: expect.stringMatching(/negative amount/),
    });
    expect(bad('W-2,s,debit,100,0,success')).toMatchObject({
      lineNo: 4,
      column: null,
      message: 'line 4: 6 cells where the header has 7',
    });
  });

  it('names a header column the file lacks', () => {
    const error = errorOf(() =>
      run(sandbox, csv('merchant_order_id,channel_serial,type,amount,fee_fen,status,finished_at')),
    );
    expect(error).toMatchObject({ lineNo: 1, column: 'amount_fen' });
  });
});

describe('WeChat records', () => {
  const wechat = STATEMENT_FORMAT_PRESETS.wechat;
  const header =
    '交易时间,公众账号ID,商户号,特约商户号,设备号,微信订单号,商户订单号,用户标识,交易类型,交易状态,付款银行,货币种类,应结订单金额,代金券金额,微信退款单号,商户退款单号,退款金额,充值券退款金额,退款类型,退款状态,商品名称,商户数据包,手续费,费率,订单金额,申请退款金额,费率备注';
  const success =
    '`2026-02-15 10:00:03,`wx2421b1c4370ec43b,`1900000109,`0,`,`4200000001202602150000000001,`W202602151000-1,`oUpF8uMuAJO_M2pxb1Q9zNjWeS6o,`JSAPI,`SUCCESS,`CMB_DEBIT,`CNY,`1234.56,`0.00,`0,`0,`0.00,`0.00,`,`,`分期还款,`{"loan":"L1"},`7.41000,`0.60%,`1234.56,`0.00,`';
  const refund =
    '`2026-02-15 11:30:00,`wx2421b1c4370ec43b,`1900000109,`0,`,`4200000001202602150000000001,`W202602151000-1,`oUpF8uMuAJO_M2pxb1Q9zNjWeS6o,`JSAPI,`REFUND,`CMB_DEBIT,`CNY,`0.00,`0.00,`50300000012026021500000001,`R1,`0.10,`0.00,`ORIGINAL,`SUCCESS,`分期还款,`,`-0.01000,`0.60%,`0.00,`0.10,`';
  const totalsHeader =
    '总交易单数,应结订单总金额,退款总金额,充值券退款总金额,手续费总金额,订单总金额,申请退款总金额';

  it('strips backticks, takes a refund from 退款金额, and checks net fees', () => {
    const { mapper, lines, mapped } = run(
      wechat,
      csv(
        [
          header,
          success,
          refund,
          totalsHeader,
          '`2,`1234.56,`0.10,`0.00,`7.40000,`1234.56,`0.10',
        ].join('\n'),
      ),
    );
    expect(lines.map((l) => [l.status, l.amountFen, l.feeFen, l.orderId, l.finishedAt])).toEqual([
      ['success', 123456n, 741n, 'W202602151000-1', '2026-02-15T10:00:03+08:00'],
      ['refund', 10n, 1n, 'W202602151000-1', '2026-02-15T11:30:00+08:00'],
    ]);
    expect(lines[0]!.channelSerial).toBe('4200000001202602150000000001');
    expect(mapped[3]).toBe('summary');
    expect(mapper.finish().stated).toEqual({ count: 2, amountFen: 123456n, feeFen: 740n });
  });

  it('refuses totals that disagree, naming the WeChat column', () => {
    const { mapper } = run(
      wechat,
      csv(
        [
          header,
          success,
          refund,
          totalsHeader,
          '`2,`1234.56,`0.10,`0.00,`7.41000,`1234.56,`0.10',
        ].join('\n'),
      ),
    );
    expect(errorOf(() => mapper.finish())).toMatchObject({ lineNo: 5, column: '手续费总金额' });
  });

  it('refuses a totals header without its row', () => {
    const { mapper } = run(wechat, csv([header, success, totalsHeader].join('\n')));
    expect(errorOf(() => mapper.finish())).toMatchObject({ lineNo: 3 });
  });
});

describe('Alipay records', () => {
  const alipay = STATEMENT_FORMAT_PRESETS.alipay;
  it('trims tabs, matches （元） headers, and takes refunds and fees by their size', () => {
    const { mapper, lines } = run(
      alipay,
      csv(
        [
          '#支付宝业务明细查询',
          '#账号：[20880000000000000156]',
          '支付宝交易号,商户订单号,业务类型,商品名称,创建时间,完成时间,门店编号,门店名称,操作员,终端号,对方账户,订单金额（元）,商家实收（元）,支付宝红包（元）,集分宝（元）,支付宝优惠（元）,商家优惠（元）,券核销金额（元）,券名称,商家红包消费金额（元）,卡消费金额（元）,退款批次号/请求号,服务费（元）,分润（元）,备注',
          '2026021522001400000000000001\t,W202602151000-1\t,交易\t,分期还款,2026-02-15 10:00:00,2026-02-15 10:00:03,\t,\t,\t,\t,*三(138****5678)\t,100.00,100.00,0.00,0.00,0.00,0.00,0.00,,0.00\t,0.00,\t,-0.60,0.00,',
          '2026021522001400000000000001\t,W202602151000-1\t,退款\t,分期还款,2026-02-15 10:00:00,2026-02-15 12:00:00,\t,\t,\t,\t,*三(138****5678)\t,-0.10,-0.10,0.00,0.00,0.00,0.00,0.00,,0.00\t,0.00,R1\t,0.00,0.00,',
          '#-----------------------------------------业务明细列表结束------------------------------------',
          '#交易合计：1笔，商家实收共100.00元，商家优惠共0.00元',
          '#退款合计：1笔，商家实收退款共-0.10元，商家优惠退款共0.00元',
        ].join('\n'),
      ),
    );
    expect(lines.map((l) => [l.orderId, l.status, l.amountFen, l.feeFen, l.channelSerial])).toEqual(
      [
        ['W202602151000-1', 'success', 10000n, 60n, '2026021522001400000000000001'],
        ['W202602151000-1', 'refund', 10n, 0n, '2026021522001400000000000001'],
      ],
    );
    expect(mapper.finish().stated).toEqual({ count: 1, amountFen: 10000n, feeFen: null });
  });
});

describe('Allinpay records', () => {
  const allinpay = STATEMENT_FORMAT_PRESETS['allinpay-pipe'];
  const line =
    '1202602150000001|3|123456|0|20260215100003|W202602151000-1|||QUICKPAY||123456||||123456|TL0001|600|QUICK|622202******1234|借记卡|M001|总店|T001|';

  it('reads cells by position, the trailing | making an empty last cell', () => {
    const { lines } = run(allinpay, [line.split('|')]);
    expect(line.split('|')).toHaveLength(24);
    expect(lines).toEqual([
      {
        lineNo: 1,
        orderId: 'W202602151000-1',
        channelSerial: '1202602150000001',
        kind: 'debit',
        amountFen: 123456n,
        feeFen: 600n,
        status: 'success',
        finishedAt: '2026-02-15T10:00:03+08:00',
        rawStatus: null,
      },
    ]);
  });

  it('refuses a line with too few cells', () => {
    expect(errorOf(() => run(allinpay, [line.split('|').slice(0, 10)]))).toMatchObject({
      lineNo: 1,
      message: expect.stringMatching(/10 cells where the format reads cell 17/),
    });
  });
});

describe('UnionPay fixed-width records', () => {
  const unionpay = STATEMENT_FORMAT_PRESETS['unionpay-fixed'];
  const line = (values: Record<string, string>) =>
    UNIONPAY_FIXED_FIELDS.map((f) => (values[f.name] ?? '').padEnd(f.width, ' ')).join('');
  const values = {
    交易代码: 'S22',
    交易传输时间: '1231235959',
    账号: '622202******1234',
    交易金额: '000000123456',
    查询流水号: '512312235959000000001',
    商户订单号: 'W202612312359-7',
    商户手续费: 'D000000000600',
    二级商户简称: '分期商户',
  };

  it('cuts fields by width and takes the year from the business date', () => {
    const text = line(values);
    expect(text).toHaveLength(567);
    const { lines } = run(unionpay, [text, ''], '2027-01-01');
    expect(lines).toEqual([
      {
        lineNo: 1,
        orderId: 'W202612312359-7',
        channelSerial: '512312235959000000001',
        kind: 'debit',
        amountFen: 123456n,
        feeFen: 600n,
        status: 'success',
        finishedAt: '2026-12-31T23:59:59+08:00',
        rawStatus: null,
      },
    ]);
    expect(splitFixedLine(UNIONPAY_FIXED_FIELDS, text).slice(0, 7)).toEqual([
      'S22',
      '',
      '',
      '',
      '1231235959',
      '622202******1234',
      '000000123456',
    ]);
  });

  it('refuses a line cut short, naming it', () => {
    const short = line(values).slice(0, 500);
    expect(errorOf(() => run(unionpay, [line(values), short]))).toMatchObject({
      lineNo: 2,
      message: expect.stringMatching(/500 characters where a line has 567/),
    });
  });
});

describe('layouts a person writes', () => {
  it('skips leading lines and keeps physical line numbers', () => {
    const format = parseStatementFormat({
      layout: { type: 'delimited', delimiter: '\t' },
      skipLeadingLines: 2,
      header: false,
      columns: { orderId: 2, amount: 1 },
      amountUnit: 'yuan',
      defaultStatus: 'success',
    });
    const { lines, mapped } = run(format, csv('title\nprinted\n1.00\tA\n\n0.10\tB', '\t'));
    expect(mapped.slice(0, 2)).toEqual(['leading', 'leading']);
    expect(mapped[3]).toBe('blank');
    expect(lines.map((l) => [l.lineNo, l.orderId, l.amountFen])).toEqual([
      [3, 'A', 100n],
      [5, 'B', 10n],
    ]);
  });
});
