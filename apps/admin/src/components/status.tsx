'use client';
// Status badges and tags (ant-design-pro valueEnum style): per enumeration, value → colour;
// the text comes from the dictionary (enum.<group>.<value>).
import { Badge, Tag } from 'antd';
import { enumLabel, useT } from '@/i18n';

type BadgeStatus = 'success' | 'processing' | 'default' | 'error' | 'warning';

const badgeColours = {
  loanStatus: { active: 'processing', settled: 'success', written_off: 'default' },
  installmentStatus: {
    pending: 'default',
    partially_paid: 'warning',
    paid: 'success',
    overdue: 'error',
    waived: 'default',
  },
  refStatus: { active: 'success', inactive: 'default' },
  userStatus: { active: 'success', disabled: 'default' },
  channelStatus: { up: 'success', down: 'error', maintenance: 'warning' },
  agreementStatus: { active: 'success', suspended: 'warning', unbound: 'default' },
  circuit: { closed: 'success', open: 'error', half_open: 'processing' },
  debitStatus: {
    created: 'default',
    submitted: 'processing',
    pending: 'warning',
    succeeded: 'success',
    failed: 'error',
    manual_review: 'warning',
    reversed: 'default',
  },
  accrualRunStatus: { running: 'processing', completed: 'success' },
  jobRunStatus: { running: 'processing', succeeded: 'success', failed: 'error' },
  waiverStatus: { pending_approval: 'warning', applied: 'success', rejected: 'error' },
  transferStatus: {
    pending_approval: 'warning',
    scheduled: 'processing',
    completed: 'success',
    rejected: 'error',
  },
  apiKeyStatus: { active: 'success', revoked: 'default' },
  reconDay: { imported: 'default', reconciled: 'success', differences: 'warning' },
  reconCaseStatus: { open: 'warning', investigating: 'processing', resolved: 'success' },
  anomalyStatus: { open: 'warning', handled: 'success' },
  payoutStatus: {
    queued: 'default',
    submitted: 'processing',
    pending: 'processing',
    succeeded: 'success',
    failed: 'error',
    manual_review: 'warning',
  },
  batchStatus: { carried: 'default', made: 'success', no_account: 'warning' },
  refundStatus: { pending_approval: 'warning', approved: 'success', rejected: 'error' },
  resolutionStatus: {
    pending_approval: 'warning',
    approved: 'success',
    rejected: 'error',
    superseded: 'default',
  },
  runStatus: {
    running: 'processing',
    paused: 'warning',
    completed: 'success',
    cancelled: 'default',
  },
  ruleStatus: {
    draft: 'default',
    submitted: 'processing',
    rejected: 'error',
    approved: 'warning',
    gray: 'processing',
    published: 'success',
    superseded: 'default',
    abandoned: 'default',
  },
} as const satisfies Record<string, Record<string, BadgeStatus>>;

const tagColours = {
  businessLine: { lease: 'geekblue', consumer: 'cyan', supply_chain: 'purple' },
  funderType: { bank: 'blue', trust: 'gold', self: 'green', other: 'default' },
  ruleKind: {
    fee: 'volcano',
    window: 'blue',
    sms: 'green',
    routing: 'purple',
    allocation: 'gold',
    remittance: 'cyan',
  },
  ruleScope: { global: 'default', business_line: 'geekblue', funder: 'orange', product: 'cyan' },
  bucket: { M0: 'green', M1: 'gold', M2: 'orange', M3: 'volcano', 'M3+': 'red' },
  anomalyKind: {
    foreign_channel: 'red',
    unknown_order: 'volcano',
    amount_mismatch: 'orange',
    serial_mismatch: 'orange',
    late_success: 'blue',
    contradicting_answer: 'magenta',
    overpayment: 'gold',
  },
  movementKind: {
    sync: 'default',
    top_up: 'green',
    transfer_in: 'cyan',
    transfer_out: 'orange',
    payout: 'blue',
    buffer: 'purple',
  },
  reconCaseKind: { overage: 'gold', shortage: 'red', mismatch: 'orange' },
  funderFileDifference: {
    differs: 'orange',
    missing_in_file: 'red',
    unknown_loan: 'volcano',
    other_funder: 'purple',
  },
} as const satisfies Record<string, Record<string, string>>;

export type BadgeGroup = keyof typeof badgeColours;
export type TagGroup = keyof typeof tagColours;

export function StatusBadge({ group, value }: { group: BadgeGroup; value: string }) {
  const t = useT();
  const colours: Record<string, BadgeStatus> = badgeColours[group];
  return <Badge status={colours[value] ?? 'default'} text={enumLabel(t, group, value)} />;
}

export function EnumTag({ group, value }: { group: TagGroup; value: string }) {
  const t = useT();
  const colours: Record<string, string> = tagColours[group];
  return <Tag color={colours[value] ?? 'default'}>{enumLabel(t, group, value)}</Tag>;
}
