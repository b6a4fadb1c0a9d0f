// Why a run opens a case: a stable code (RECON_CASE_REASONS) with its details as parameters,
// which the console words in its language, and the same in English for the case's `reason`
// (the command line, the case's history, and cases opened before codes, which have only it).
// Parameters are text: statuses as their words, amounts as fen (`…Fen`); the console gets the
// amounts as yuan (`reasonParamsView`).
import { fenToYuan, type ReconCaseReason } from '@repay/rules';

export interface CaseReason {
  code: ReconCaseReason;
  params: Record<string, string>;
  /** In English. */
  text: string;
}

const reason = (code: ReconCaseReason, text: string, params: Record<string, string> = {}) => ({
  code,
  params,
  text,
});

export const caseReasons = {
  overageNoOrder: () =>
    reason(
      'overage_no_order',
      'the channel took money for an order we do not have at this channel',
    ),
  overageOurStatus: (ourStatus: string) =>
    reason('overage_our_status', `the channel took the money; our order is ${ourStatus}`, {
      ourStatus,
    }),
  shortageFailed: () =>
    reason('shortage_failed', 'our order succeeded; the channel shows it failed'),
  shortageMissing: () =>
    reason('shortage_missing', 'our order succeeded; the statement does not show it'),
  shortageMissingNearMidnight: () =>
    reason(
      'shortage_missing_near_midnight',
      'our order succeeded near midnight; neither day’s statement shows it',
    ),
  mismatchAmount: (theirFen: bigint, ourFen: bigint) =>
    reason('mismatch_amount', `the channel took ${theirFen} fen; our order is for ${ourFen} fen`, {
      theirAmountFen: String(theirFen),
      ourAmountFen: String(ourFen),
    }),
  mismatchFee: (theirFeeFen: bigint, ruleFeeFen: bigint) =>
    reason(
      'mismatch_fee',
      `the channel charged a fee of ${theirFeeFen} fen; its rule says ${ruleFeeFen} fen`,
      { theirFeeFen: String(theirFeeFen), ruleFeeFen: String(ruleFeeFen) },
    ),
  mismatchPending: (lineStatus: string, theirFen: bigint, ourFen: bigint) =>
    reason(
      'mismatch_pending',
      `the statement's ${lineStatus} of ${fenToYuan(theirFen)} does not match our pending order of ${fenToYuan(ourFen)}`,
      { lineStatus, theirAmountFen: String(theirFen), ourAmountFen: String(ourFen) },
    ),
} satisfies Record<string, (...args: never[]) => CaseReason>;

/** The parameters as the console reads them: `xFen` (fen) becomes `x` (yuan text). */
export function reasonParamsView(params: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(params).map(([key, value]) =>
      key.endsWith('Fen') && /^-?\d+$/.test(value)
        ? [key.slice(0, -'Fen'.length), fenToYuan(BigInt(value))]
        : [key, value],
    ),
  );
}
