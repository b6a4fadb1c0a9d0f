// Remittance rules: how and when a funder is paid what was collected for it (划付): the
// settlement cycle, the day's cut-off, the smallest net amount worth a transfer, and the
// platform's service fee taken from each batch; what a batch's gross comes to by the rule, and
// which collections a day's batch covers.
import { z } from 'zod';

import { addDays, type BusinessDate } from '../dates';
import { Dec, fenToYuan, roundFen, yuanToFen } from '../money';
import { namedFormat, type RuleIssue } from '../rule-issue';
import { timeOfDay, yuanAmount } from './common';

/** T+1: a day's batch remits collections effective up to the day before; T+0: up to the day. */
export const REMITTANCE_SETTLEMENTS = ['T+0', 'T+1'] as const;
export type RemittanceSettlement = (typeof REMITTANCE_SETTLEMENTS)[number];

/** A percentage such as "0.50" (per cent of gross), up to four decimals. */
const percentString = z
  .string()
  .regex(
    namedFormat(/^\d{1,3}(\.\d{1,4})?$/, 'percent'),
    'a percentage such as "0.50", up to four decimals',
  );

export const remittanceRuleSchema = z.strictObject({
  settlement: z.enum(REMITTANCE_SETTLEMENTS),
  /** When the day's batch is made, HH:mm Asia/Shanghai. */
  cutoff: timeOfDay,
  /** A net amount below this (yuan) is carried to the next day's batch. */
  minAmount: yuanAmount,
  platformFee: z.strictObject({
    /** Per cent of the batch's gross, 0 to 100. */
    percent: percentString,
    fixedPerBatch: yuanAmount,
    minPerBatch: yuanAmount,
  }),
});
export type RemittanceRule = z.infer<typeof remittanceRuleSchema>;

// The schema already refuses malformed times and negative or malformed amounts; what is left is
// the percentage's range.
export function checkRemittanceRule(rule: RemittanceRule): RuleIssue[] {
  const issues: RuleIssue[] = [];
  if (new Dec(rule.platformFee.percent).gt(100)) {
    issues.push({
      path: ['platformFee', 'percent'],
      message: `a percentage lies between 0 and 100, not ${rule.platformFee.percent}`,
      code: 'percent_range',
      params: { value: rule.platformFee.percent },
    });
  }
  return issues;
}

export interface RemittanceOutcome {
  grossFen: bigint;
  feeFen: bigint;
  netFen: bigint;
  /** Nothing is sent today: the amount waits for the next day's batch. */
  carried: boolean;
  /** Why it is carried. */
  reason?: string;
}

/**
 * The platform fee is gross × percent / 100 rounded half-up to the fen, plus the fixed fee per
 * batch, at least the minimum per batch and never more than the gross; the net is the rest. A
 * batch with nothing collected (or less, after refunds) or a net below the rule's minimum is
 * carried.
 */
export function remittanceOf(rule: RemittanceRule, grossFen: bigint): RemittanceOutcome {
  if (grossFen <= 0n) {
    return {
      grossFen,
      feeFen: 0n,
      netFen: grossFen,
      carried: true,
      reason: `nothing to remit (gross ${fenToYuan(grossFen)})`,
    };
  }
  const { percent, fixedPerBatch, minPerBatch } = rule.platformFee;
  let feeFen =
    roundFen(new Dec(grossFen.toString()).times(percent).div(100)) + yuanToFen(fixedPerBatch);
  const minFen = yuanToFen(minPerBatch);
  if (feeFen < minFen) feeFen = minFen;
  if (feeFen > grossFen) feeFen = grossFen;
  const netFen = grossFen - feeFen;
  const minAmountFen = yuanToFen(rule.minAmount);
  if (netFen < minAmountFen) {
    return {
      grossFen,
      feeFen,
      netFen,
      carried: true,
      reason: `net ${fenToYuan(netFen)} is below the minimum ${fenToYuan(minAmountFen)}`,
    };
  }
  return { grossFen, feeFen, netFen, carried: false };
}

/** The last collection effective date a business date's batch covers: T+1 the day before, T+0 the day. */
export function remittanceAsOf(rule: RemittanceRule, businessDate: BusinessDate): BusinessDate {
  return addDays(businessDate, rule.settlement === 'T+1' ? -1 : 0);
}
