// Who may write which kind of rule (ARCHITECTURE: product managers own rules, ops move
// windows and SMS, finance owns fee formulas and money flows: allocation and remittance), and
// who may review and publish.
import type { RuleKind } from '@repay/rules';
import type { Role } from '../auth';

const AUTHOR_KINDS: Record<Role, readonly RuleKind[]> = {
  admin: ['fee', 'window', 'sms', 'routing', 'allocation', 'remittance'],
  pm: ['fee', 'window', 'sms', 'routing', 'allocation', 'remittance'],
  ops: ['window', 'sms', 'routing'],
  finance: ['fee', 'allocation', 'remittance'],
  auditor: [],
};
const REVIEWERS: readonly Role[] = ['admin', 'pm'];

export const canAuthor = (role: Role, kind: RuleKind) => AUTHOR_KINDS[role].includes(kind);
export const canReview = (role: Role) => REVIEWERS.includes(role);
export const authorKinds = (role: Role) => AUTHOR_KINDS[role];
