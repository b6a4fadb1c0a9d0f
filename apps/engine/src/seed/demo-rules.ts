// Default rule sets of the demo funders and business lines. They differ visibly, so the
// console shows what "rules as data" means on the first click.
import {
  exampleAllocation,
  examplePenaltyCharge,
  exampleRemittance,
  exampleRoutingScoring,
  exampleWindowEligibility,
  type RuleKind,
  type RuleScope,
} from '@repay/rules';

export interface SeedRuleSet {
  kind: RuleKind;
  scopeType: RuleScope;
  scopeKey: string;
  name: string;
  description: string;
  body: unknown;
}

const eligibility = exampleWindowEligibility;
// 2026 public holidays and make-up working days (国务院办公厅 2026 arrangement); ops edit these yearly.
const holidays2026 = {
  holidays: [
    '2026-01-01',
    '2026-01-02',
    '2026-01-03',
    '2026-02-15',
    '2026-02-16',
    '2026-02-17',
    '2026-02-18',
    '2026-02-19',
    '2026-02-20',
    '2026-02-21',
    '2026-02-22',
    '2026-02-23',
    '2026-04-04',
    '2026-04-05',
    '2026-04-06',
    '2026-05-01',
    '2026-05-02',
    '2026-05-03',
    '2026-05-04',
    '2026-05-05',
    '2026-06-19',
    '2026-06-20',
    '2026-06-21',
    '2026-09-25',
    '2026-09-26',
    '2026-09-27',
    '2026-10-01',
    '2026-10-02',
    '2026-10-03',
    '2026-10-04',
    '2026-10-05',
    '2026-10-06',
    '2026-10-07',
  ],
  workdays: ['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10'],
};
const penalty = examplePenaltyCharge;

export const demoRuleSets: SeedRuleSet[] = [
  {
    kind: 'window',
    scopeType: 'business_line',
    scopeKey: 'consumer',
    name: '消费分期扣款时段',
    description: '每天 10:00、14:00、18:00 三次',
    body: {
      slots: [
        { start: '10:00', end: '10:30', name: '上午' },
        { start: '14:00', end: '14:30', name: '下午' },
        { start: '18:00', end: '18:30', name: '傍晚' },
      ],
      days: { mode: 'every_day', holidays: [], workdays: [] },
      eligibility,
      amount: { strategy: 'partial', stepDown: ['1', '0.5', '0.3'] },
      maintenance: [{ channel: 'sandbox-b', start: '23:30', end: '00:30' }],
    },
  },
  {
    kind: 'window',
    scopeType: 'business_line',
    scopeKey: 'lease',
    name: '融资租赁扣款时段',
    description: '工作日 12:00、18:00',
    body: {
      slots: [
        { start: '12:00', end: '12:30', name: '午间' },
        { start: '18:00', end: '18:30', name: '傍晚' },
      ],
      days: { mode: 'business_days', ...holidays2026 },
      eligibility: { ...eligibility, overdueUpToDays: 60, maxAttemptsPerDay: 2 },
      amount: { strategy: 'full', stepDown: [] },
      maintenance: [],
    },
  },
  {
    kind: 'window',
    scopeType: 'global',
    scopeKey: '*',
    name: '默认扣款时段',
    description: '工作日 11:00、16:00（未单独配置的业务线）',
    body: {
      slots: [
        { start: '11:00', end: '11:30' },
        { start: '16:00', end: '16:30' },
      ],
      days: { mode: 'business_days', ...holidays2026 },
      eligibility,
      amount: { strategy: 'full', stepDown: [] },
      maintenance: [],
    },
  },
  {
    kind: 'fee',
    scopeType: 'global',
    scopeKey: '*',
    name: '默认逾期费用',
    description: '合同利率 1.5 倍罚息 /360（年化综合成本不超过 36%），逾期 3 天后违约金 20 元',
    body: {
      charges: [
        penalty({ caps: { annualRate: '0.36' } }),
        {
          id: 'late_fee',
          type: 'late_fee',
          name: '违约金',
          base: 'overdue_principal',
          formula: '20',
          dayBase: 360,
          graceDays: 3,
          accrueFrom: 'after_grace',
          rounding: 'on_total',
        },
        {
          id: 'prepayment',
          type: 'prepayment_fee',
          name: '提前还款手续费',
          base: 'remaining_principal',
          formula: 'base * 0.01',
          dayBase: 360,
          graceDays: 0,
          accrueFrom: 'due_date',
          rounding: 'on_total',
          caps: { maxPerInstallment: '500.00' },
        },
      ],
    },
  },
  {
    kind: 'fee',
    scopeType: 'funder',
    scopeKey: 'F-TRUST-01',
    name: '华信信托逾期费用',
    description: '逾期本金 × 合同利率 × 1.5 /360，宽限 3 天；逾期利息复利；年化综合成本不超过 36%',
    body: {
      charges: [
        penalty({ graceDays: 3, caps: { annualRate: '0.36' } }),
        {
          ...penalty({ graceDays: 3, caps: { annualRate: '0.36' } }),
          id: 'compound',
          type: 'compound',
          name: '复利',
          base: 'overdue_interest',
        },
      ],
    },
  },
  {
    kind: 'fee',
    scopeType: 'funder',
    scopeKey: 'F-BANK-02',
    name: '城东商业银行逾期费用',
    description: '本息 × 0.05%/天，年化综合成本不超过 24%',
    body: {
      charges: [
        penalty({
          base: 'overdue_principal_interest',
          formula: 'base * 0.0005',
          rounding: 'per_day',
          caps: { annualRate: '0.24' },
        }),
      ],
    },
  },
  {
    kind: 'sms',
    scopeType: 'global',
    scopeKey: '*',
    name: '标准短信',
    description: '到期前 3 天/1 天提醒，扣款结果，逾期第 1/3/7 天及此后每周',
    body: {
      messages: [
        {
          id: 'before_due_3',
          trigger: { type: 'before_due', days: 3 },
          template:
            '【Repay】{name}您好，您的{productName}账单将于{dueDate}从{bankName}尾号{cardTail}扣款{amount}元，请保持余额充足。',
        },
        {
          id: 'before_due_1',
          trigger: { type: 'before_due', days: 1 },
          template: '【Repay】{name}您好，明天（{dueDate}）将从尾号{cardTail}扣款{amount}元。',
        },
        {
          id: 'debit_ok',
          trigger: { type: 'debit_succeeded' },
          template: '【Repay】{name}您好，已从尾号{cardTail}成功扣款{amount}元，感谢按时还款。',
        },
        {
          id: 'debit_failed',
          trigger: { type: 'debit_failed_final' },
          template: '【Repay】{name}您好，今日从尾号{cardTail}扣款{amount}元未成功，请及时充值。',
        },
        {
          id: 'overdue_1',
          trigger: { type: 'overdue_day', day: 1 },
          template:
            '【Repay】{name}您好，您的账单已逾期{overdueDays}天，应还{amount}元，请尽快还款。',
        },
        {
          id: 'overdue_3',
          trigger: { type: 'overdue_day', day: 3 },
          template: '【Repay】{name}您好，您已逾期{overdueDays}天，逾期将产生罚息，请尽快还款。',
        },
        {
          id: 'overdue_7',
          trigger: { type: 'overdue_day', day: 7 },
          template: '【Repay】{name}您好，您已逾期{overdueDays}天，请立即还款以免影响信用。',
        },
        {
          id: 'overdue_weekly',
          trigger: { type: 'overdue_every', every: 7, from: 14 },
          template: '【Repay】{name}您好，您已逾期{overdueDays}天，应还{amount}元。',
        },
        {
          id: 'settled',
          trigger: { type: 'settled' },
          template: '【Repay】{name}您好，订单{orderNo}已全部结清，感谢使用。',
        },
      ],
      quietHours: { start: '21:00', end: '08:00' },
      dailyCapPerPhone: 3,
      dedupeHours: 24,
    },
  },
  {
    kind: 'routing',
    scopeType: 'global',
    scopeKey: '*',
    name: '默认通道路由',
    description: '代付 A、B、C 依头寸；大额走 C；工行、建行 A 主 B 备；其余 B 主 A 备',
    body: {
      routes: [
        {
          name: '代付',
          conditions: { all: [{ fact: 'subject', operator: 'equal', value: 'payout' }] },
          channels: ['sandbox-a', 'sandbox-b', 'sandbox-c'],
        },
        {
          name: '大额（>5 万）',
          conditions: { all: [{ fact: 'amountFen', operator: 'greaterThan', value: 5_000_000 }] },
          channels: ['sandbox-c', 'sandbox-a'],
        },
        {
          name: '工行建行',
          conditions: { all: [{ fact: 'bankCode', operator: 'in', value: ['ICBC', 'CCB'] }] },
          channels: ['sandbox-a', 'sandbox-b'],
        },
        { name: '默认', channels: ['sandbox-b', 'sandbox-a'] },
      ],
      failover: {
        onClasses: ['fail_request', 'fail_funds'],
        minSuccessRate: '0.6',
        errorBurst: { count: 5, seconds: 60 },
      },
      scoring: exampleRoutingScoring,
    },
  },
  {
    kind: 'allocation',
    scopeType: 'global',
    scopeKey: '*',
    name: '默认还款冲抵顺序',
    description: '罚息 → 费用 → 利息 → 本金，先还最早一期，允许部分还款',
    body: exampleAllocation,
  },
  {
    kind: 'allocation',
    scopeType: 'business_line',
    scopeKey: 'lease',
    name: '融资租赁冲抵顺序',
    description: '租金先本后息，不接受部分还款',
    body: {
      order: ['penalty', 'fee', 'principal', 'interest'],
      oldestFirst: true,
      allowPartial: false,
    },
  },
  {
    kind: 'remittance',
    scopeType: 'global',
    scopeKey: '*',
    name: '默认资金方划付',
    description: 'T+1 划付前一日回款，16:00 出批，平台服务费 0.50%，净额不足 100 元顺延次日',
    body: exampleRemittance,
  },
];
