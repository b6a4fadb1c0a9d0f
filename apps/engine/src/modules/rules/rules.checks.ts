// What a rule set must satisfy before it is stored or reviewed: a valid body, a known scope, the
// all-in ceiling of every business line a fee rule reaches, and an editor allowed to act.
import {
  BUSINESS_LINES,
  ceilingBreach,
  Dec,
  formatPath,
  parseRuleBody,
  validateRuleBody,
  type RuleIssue,
  type RuleKind,
  type RuleScope,
} from '@repay/rules';
import { AppError } from '../../lib/errors';
import type { Executor } from '../../lib/executor';
import type { Role } from '../auth';
import { findFunder, findProduct, listBusinessLines } from '../reference';
import { canAuthor, canReview } from './rules.policy';

/** Who is acting: a console user, or the system (seeds) with no user id. */
export interface RuleEditor {
  userId: bigint | null;
  role: Role;
}
export const systemEditor: RuleEditor = { userId: null, role: 'admin' };

/** A body's issues as the console shows them: the field's path, and what is wrong there. */
export const issuesOf = (issues: readonly RuleIssue[]) =>
  issues.map((i) => ({
    field: formatPath(i.path) || '(rule)',
    message: i.message,
    ...(i.code ? { code: i.code, params: i.params ?? {} } : {}),
  }));

export function validBody(kind: RuleKind, body: unknown): unknown {
  const result = validateRuleBody(kind, body);
  if (result.ok) return body;
  const issues = issuesOf(result.issues);
  const first = issues[0]!;
  throw new AppError('VALIDATION_FAILED', `${first.field}: ${first.message}`, {
    field: `body.${first.field}`,
    issues,
  });
}

export async function checkScope(
  tx: Executor,
  scopeType: RuleScope,
  scopeKey: string,
): Promise<string> {
  const field = 'scopeKey';
  switch (scopeType) {
    case 'global':
      return '*';
    case 'business_line':
      if (!(BUSINESS_LINES as readonly string[]).includes(scopeKey)) {
        throw new AppError('VALIDATION_FAILED', `unknown business line ${scopeKey}`, {
          field,
          reason: { code: 'unknown_business_line', params: { code: scopeKey } },
        });
      }
      return scopeKey;
    case 'funder':
      if (!(await findFunder(tx, scopeKey)))
        throw new AppError('UNPROCESSABLE', `unknown funder ${scopeKey}`, {
          field,
          reason: { code: 'unknown_funder', params: { code: scopeKey } },
        });
      return scopeKey;
    case 'product':
      if (!(await findProduct(tx, scopeKey)))
        throw new AppError('UNPROCESSABLE', `unknown product ${scopeKey}`, {
          field,
          reason: { code: 'unknown_product', params: { code: scopeKey } },
        });
      return scopeKey;
  }
}

/**
 * A fee rule is held to the all-in ceiling of every business line its scope reaches (a
 * product's line; a funder's or the global scope: every line), strictest first: a rule that
 * could charge above it is refused, naming the case (see ceilingBreach).
 */
export async function checkCeilings(
  tx: Executor,
  kind: RuleKind,
  scopeType: RuleScope,
  scopeKey: string,
  body: unknown,
) {
  if (kind !== 'fee') return;
  const product = scopeType === 'product' ? await findProduct(tx, scopeKey) : null;
  const reached = (line: string) =>
    scopeType === 'business_line'
      ? line === scopeKey
      : scopeType === 'product'
        ? line === product?.businessLine
        : true;
  const lines = (await listBusinessLines(tx))
    .filter((l) => reached(l.code))
    .sort((a, b) => Number(a.allInAnnualCeiling) - Number(b.allInAnnualCeiling));
  const rule = parseRuleBody('fee', body);
  for (const line of lines) {
    const breach = ceilingBreach(rule, line.allInAnnualCeiling);
    if (!breach) continue;
    const field = `charges[${breach.chargeIndex}].formula`;
    const message = `${breach.message} (${line.code}); cap it with caps.annualRate at most ${line.allInAnnualCeiling} or lower the formula`;
    const pct = (rate: string) => new Dec(rate).times(100).toDecimalPlaces(2).toString();
    throw new AppError('VALIDATION_FAILED', `${field}: ${message}`, {
      field: `body.${field}`,
      issues: [
        {
          field,
          message,
          code: 'fee_ceiling',
          params: {
            line: line.code,
            name: rule.charges[breach.chargeIndex]!.name,
            overdueDays: breach.overdueDays,
            annualRate: pct(breach.annualRate),
            ceiling: pct(line.allInAnnualCeiling),
            maxCap: line.allInAnnualCeiling,
          },
        },
      ],
    });
  }
}

export function requireAuthor(editor: RuleEditor, kind: RuleKind) {
  if (!canAuthor(editor.role, kind)) {
    throw new AppError('FORBIDDEN', `role ${editor.role} may not edit ${kind} rules`);
  }
}
export function requireReviewer(editor: RuleEditor) {
  if (!canReview(editor.role))
    throw new AppError('FORBIDDEN', `role ${editor.role} may not review or publish rules`);
}
