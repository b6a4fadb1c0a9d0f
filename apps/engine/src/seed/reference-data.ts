// Reference data of the demo (and of a fresh install with --loans 0).
import type { CreateFunderInput, CreateProductInput } from '../modules/reference';
import type { Role } from '../modules/auth';

export const demoFunders: CreateFunderInput[] = [
  { code: 'F-TRUST-01', name: '华信信托', type: 'trust' },
  { code: 'F-BANK-02', name: '城东商业银行', type: 'bank' },
  { code: 'F-SELF-03', name: '平台自营', type: 'self' },
];

export const demoProducts: CreateProductInput[] = [
  {
    code: 'CONSUMER-STD',
    name: '消费分期标准版',
    businessLine: 'consumer',
    repaymentMethod: 'equal_installment',
    dayCount: '30/360',
    graceDays: 3,
    allowPartial: true,
  },
  {
    code: 'LEASE-STD',
    name: '融资租赁月租标准版',
    businessLine: 'lease',
    repaymentMethod: 'lease_rent',
    dayCount: '30/360',
    graceDays: 0,
    allowPartial: false,
  },
  {
    code: 'SCF-STD',
    name: '供应链金融标准版',
    businessLine: 'supply_chain',
    repaymentMethod: 'interest_first',
    dayCount: 'actual/360',
    graceDays: 0,
    allowPartial: true,
  },
];

export const DEMO_PASSWORD = 'repay123';

export const demoUsers: { username: string; role: Role; displayName: string }[] = [
  { username: 'admin', role: 'admin', displayName: '系统管理员' },
  { username: 'ops', role: 'ops', displayName: '运营 小王' },
  { username: 'finance', role: 'finance', displayName: '财务 小李' },
  { username: 'pm', role: 'pm', displayName: '产品 小张' },
  { username: 'auditor', role: 'auditor', displayName: '审计 小赵' },
];

/** Demo-only API key so the REST API can be tried at once (never created outside `seed demo`). */
export const demoApiKey = { key: 'rk_demo', secret: 'demo-secret', name: 'demo upstream' };
