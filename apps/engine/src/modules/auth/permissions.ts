// Who may do what: one table, used by tRPC procedures and sent to the console for its menus.
import { USER_ROLES } from '@repay/rules';

export const roles = USER_ROLES;
export type Role = (typeof roles)[number];

const everyone: readonly Role[] = roles;

export const permissionRoles = {
  'dashboard.read': everyone,
  'loans.read': everyone,
  /** Collections actions on a loan (pause, resume). */
  'loans.collect': ['admin', 'ops'],
  /** Early settlement quotes (they move no money, and lock an amount for a day). */
  'loans.quote': ['admin', 'ops', 'finance'],
  /** Money received outside the channels: offline repayments and settlements. */
  'loans.receive': ['admin', 'finance'],
  /** A new plan version (re-amortise or move due dates): changes what the borrower owes when. */
  'loans.reschedule': ['admin', 'ops'],
  /** Ask for a waiver of penalty or fees (above the limit it waits for a second user). */
  'loans.waive': ['admin', 'ops', 'finance'],
  /** Approve or reject someone else's waiver above the limit. */
  'loans.waive.approve': ['admin', 'finance'],
  'transfers.read': everyone,
  /** Transfer loans to another funder from a cut-off date. */
  'transfers.write': ['admin', 'finance'],
  /** Approve or reject a transfer an API key backdated beyond the limit (it waits for a person). */
  'transfers.approve': ['admin', 'finance'],
  'reference.read': everyone,
  'reference.write': ['admin', 'pm'],
  'rules.read': everyone,
  'channels.read': everyone,
  'channels.write': ['admin', 'ops'],
  'debits.read': everyone,
  /** Start, pause, resume, cancel window runs; retry failed shards; query an order now. */
  'debits.run': ['admin', 'ops'],
  /** Decide a debit under manual review (with evidence): finance only. */
  'debits.review': ['admin', 'finance'],
  /** Channel anomalies (answers not applied, late successes, overpayments to refund). */
  'anomalies.read': ['admin', 'ops', 'finance', 'auditor'],
  /** Mark an anomaly handled, with a reason (an overpayment: refunded or settled otherwise). */
  'anomalies.handle': ['admin', 'finance'],
  /** Reconciliation (对账): statements, runs, cases and formats. */
  'recon.read': ['admin', 'ops', 'finance', 'auditor'],
  /** Import or upload a statement file, reconcile a channel's day. */
  'recon.run': ['admin', 'finance', 'ops'],
  /** Act on a reconciliation case (补单, 退款, 核销, 关闭) and approve another's action. */
  'recon.handle': ['admin', 'finance'],
  /** Save a new version of a statement format. */
  'recon.formats': ['admin', 'finance', 'pm'],
  /** Payouts (代付), positions (头寸), remittance batches, funder accounts, refunds. */
  'payouts.read': ['admin', 'ops', 'finance', 'auditor'],
  /** Settle a payout under manual review, withdraw a queued one, pay a failed part again. */
  'payouts.handle': ['admin', 'finance'],
  /** Open accounts, record top-ups and transfers, set buffers, sync balances; funder accounts. */
  'positions.manage': ['admin', 'finance'],
  /** Make a funder's remittance of a date by hand (the schedule makes it at the cut-off). */
  'remittance.run': ['admin', 'finance'],
  /** Ask for a refund, and approve or reject another's (never one's own). */
  'refunds.handle': ['admin', 'finance'],
  /** The finance dashboards (报表): collections and channels, from the rollups and today live. */
  'reports.read': ['admin', 'finance', 'ops', 'pm', 'auditor'],
  /** Build the reports' rollups of some dates again by hand (the job; no business data changes). */
  'reports.rebuild': ['admin', 'finance', 'ops'],
  /** The ledger's lines and journals (流水) and the collections read from them (还款记录). */
  'ledger.read': ['admin', 'finance', 'auditor'],
  'overdue.read': everyone,
  /** Accrue a business date by hand (the daily job does it by itself). */
  'overdue.run': ['admin', 'finance'],
  // Finer checks (which kinds, who reviews) live in modules/rules/rules.policy.ts.
  'rules.write': ['admin', 'pm', 'ops', 'finance'],
  /** The audit log (审计日志): who changed what and why, and its exports. */
  'audit.read': ['admin', 'auditor'],
  /** Jobs (任务): the daily cycle's jobs, their schedules and runs. */
  'jobs.read': ['admin', 'ops', 'finance', 'auditor'],
  /**
   * Start a job by hand or retry a failed run: each job also needs its own work's permission
   * (ops the debit jobs; finance accrual, transfers, statements and payouts; admin every one).
   */
  'jobs.run': ['admin', 'ops', 'finance'],
  /** Move the sandbox's business clock forward: it runs every job of each skipped day. */
  'clock.move': ['admin'],
  'users.manage': ['admin'],
  /** Create, revoke and rotate the API keys of upstream systems. */
  'apiKeys.manage': ['admin'],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof permissionRoles;

export function hasPermission(role: Role, permission: Permission): boolean {
  return (permissionRoles[permission] as readonly Role[]).includes(role);
}

export function permissionsOf(role: Role): Permission[] {
  return (Object.keys(permissionRoles) as Permission[]).filter((p) => hasPermission(role, p));
}
