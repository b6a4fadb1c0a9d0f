// The statement layouts Repay ships: version 0 of each name, which a finance user can copy and
// save anew in the console. Each follows its channel's published file as it is written.
import { statementFormatSchema, type StatementFormat, type StatementFormatInput } from './format';

const sandbox: StatementFormatInput = {
  description: 'Repay sandbox T+1 file: `# channel=…` line, CSV with a header, `# summary` line',
  encoding: 'utf-8',
  layout: { type: 'delimited', delimiter: ',', quoted: false },
  commentPrefix: '#',
  header: true,
  trailer: [
    {
      type: 'keyValues',
      marker: '# summary',
      totals: {
        count: { from: 'success_count', basis: 'success' },
        amount: { from: 'success_amount_fen', basis: 'success' },
        fee: { from: 'fee_fen', basis: 'success' },
      },
    },
  ],
  columns: {
    orderId: 'merchant_order_id',
    channelSerial: 'channel_serial',
    amount: 'amount_fen',
    fee: 'fee_fen',
    status: 'status',
    finishedAt: 'finished_at',
    kind: 'type',
  },
  amountUnit: 'fen',
  timePattern: 'iso',
  // 'processing' is not final: the line is left out and the order stays with its query cycle.
  statusMap: { success: 'success', failed: 'failed', processing: 'ignore' },
  kindMap: { debit: 'debit', payout: 'payout' },
};

const wechat: StatementFormatInput = {
  description:
    '微信支付交易账单 (v2, ALL): UTF-8 CSV, every value after a backtick, totals at the end',
  encoding: 'utf-8',
  // WeChat never quotes: 商户数据包 may hold JSON with quotes in it.
  layout: { type: 'delimited', delimiter: ',', quoted: false },
  header: true,
  stripPrefix: '`',
  trailer: [
    {
      type: 'row',
      marker: '总交易单数',
      totals: {
        // Every line of the file, refunds included.
        count: { from: '总交易单数', basis: 'records' },
        // A refund line's 订单金额 is 0.00 (its refund is in 退款金额): the orders are the successes.
        amount: { from: '订单总金额', basis: 'success' },
        // A refund line's 手续费 is negative (the fee given back): the total is net of refunds.
        fee: { from: '手续费总金额', basis: 'net' },
      },
    },
  ],
  columns: {
    orderId: '商户订单号',
    channelSerial: '微信订单号',
    amount: '订单金额',
    refundAmount: '退款金额',
    fee: '手续费',
    status: '交易状态',
    finishedAt: '交易时间',
  },
  amountUnit: 'yuan',
  timePattern: 'yyyy-MM-dd HH:mm:ss',
  statusMap: { SUCCESS: 'success', REFUND: 'refund', REVOKED: 'failed' },
};

const alipay: StatementFormatInput = {
  description: '支付宝业务明细 (交易账单): GBK CSV between # comment lines; values may carry tabs',
  encoding: 'gbk',
  layout: { type: 'delimited', delimiter: ',', quoted: true },
  commentPrefix: '#',
  header: true,
  trim: true,
  trailer: [
    {
      // "#交易合计：6笔，商家实收共0.06元，商家优惠共0.00元" (older files: "交易金额共…元"). It
      // counts the 交易 lines and adds up what the merchant received: equal to 订单金额 unless a
      // merchant-funded discount (商家优惠) was given, which Repay never gives.
      type: 'pattern',
      pattern: '^#交易合计[：:]\\s*(?<count>\\d+)笔[，,][^共]*共(?<amount>-?\\d+(?:\\.\\d+)?)元',
      required: false,
      totals: {
        count: { from: 'count', basis: 'success' },
        amount: { from: 'amount', basis: 'success' },
      },
    },
  ],
  columns: {
    orderId: '商户订单号',
    channelSerial: '支付宝交易号',
    amount: '订单金额(元)',
    fee: '服务费(元)',
    status: '业务类型',
    finishedAt: '完成时间',
  },
  amountUnit: 'yuan',
  timePattern: 'yyyy-MM-dd HH:mm:ss',
  statusMap: { 交易: 'success', 退款: 'refund' },
};

const allinpayPipe: StatementFormatInput = {
  description:
    '通联云商通对账文件: no header, "|" after every field, fen, yyyyMMddHHmmss, successful orders only',
  encoding: 'utf-8',
  layout: { type: 'delimited', delimiter: '|', quoted: false },
  header: false,
  columns: {
    channelSerial: 1, // 通联订单号
    amount: 3, // 交易金额(分)
    finishedAt: 5, // 交易时间
    orderId: 6, // 商户订单号
    fee: 17, // 渠道手续费(分)
  },
  amountUnit: 'fen',
  timePattern: 'yyyyMMddHHmmss',
  defaultStatus: 'success',
};

/** UnionPay 全渠道 transaction file: 41 fields, 567 characters a line. */
export const UNIONPAY_FIXED_FIELDS: readonly { name: string; width: number }[] = [
  { name: '交易代码', width: 3 },
  { name: '代理机构标识码', width: 11 },
  { name: '发送机构标识码', width: 11 },
  { name: '系统跟踪号', width: 6 },
  { name: '交易传输时间', width: 10 },
  { name: '账号', width: 19 },
  { name: '交易金额', width: 12 },
  { name: '商户类别', width: 4 },
  { name: '终端类型', width: 2 },
  { name: '查询流水号', width: 21 },
  { name: '支付方式(旧)', width: 2 },
  { name: '商户订单号', width: 32 },
  { name: '支付卡类型', width: 2 },
  { name: '原始交易系统跟踪号', width: 6 },
  { name: '原始交易日期时间', width: 10 },
  { name: '商户手续费', width: 13 },
  { name: '结算金额', width: 13 },
  { name: '支付方式', width: 4 },
  { name: '集团商户代码', width: 15 },
  { name: '交易类型', width: 2 },
  { name: '交易子类', width: 2 },
  { name: '业务类型', width: 6 },
  { name: '账号类型', width: 2 },
  { name: '账单类型', width: 4 },
  { name: '账单号码', width: 32 },
  { name: '交互方式', width: 1 },
  { name: '原交易查询流水号', width: 21 },
  { name: '商户代码', width: 15 },
  { name: '分账入账方式', width: 1 },
  { name: '二级商户代码', width: 15 },
  { name: '二级商户简称', width: 32 },
  { name: '二级商户分账入账金额', width: 13 },
  { name: '清算净额', width: 13 },
  { name: '终端号', width: 8 },
  { name: '商户自定义域', width: 32 },
  { name: '优惠金额', width: 13 },
  { name: '发票金额', width: 13 },
  { name: '分期付款附加手续费', width: 12 },
  { name: '分期付款期数', width: 2 },
  { name: '交易介质', width: 1 },
  { name: 'reserved', width: 131 },
];

const unionpayFixed: StatementFormatInput = {
  description:
    '银联全渠道流水文件: fixed width, 41 fields, 567 characters, fen, MMDDhhmmss (year from the business date), successful transactions only',
  encoding: 'gbk',
  layout: { type: 'fixed', fields: [...UNIONPAY_FIXED_FIELDS] },
  header: false,
  trim: true,
  columns: {
    orderId: '商户订单号',
    channelSerial: '查询流水号',
    amount: '交易金额',
    // 13 characters: UnionPay may put a C/D (credit/debit) letter before the 12 digits.
    fee: '商户手续费',
    finishedAt: '交易传输时间',
  },
  amountUnit: 'fen',
  timePattern: 'MMddHHmmss',
  defaultStatus: 'success',
};

const inputs = {
  sandbox,
  wechat,
  alipay,
  'allinpay-pipe': allinpayPipe,
  'unionpay-fixed': unionpayFixed,
};

export type StatementFormatPresetName = keyof typeof inputs;

/** The shipped layouts, parsed and checked like any saved one. */
export const STATEMENT_FORMAT_PRESETS: Readonly<
  Record<StatementFormatPresetName, StatementFormat>
> = Object.fromEntries(
  Object.entries(inputs).map(([name, input]) => [name, statementFormatSchema.parse(input)]),
) as Record<StatementFormatPresetName, StatementFormat>;
