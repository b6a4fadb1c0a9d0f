import { RECON_CASE_REASONS } from '@repay/rules';
import { describe, expect, it } from 'vitest';
import { caseReasons, reasonParamsView } from './case-reasons';

describe('case reasons', () => {
  it('give each difference a code, its details as text (amounts in fen) and English words', () => {
    expect(caseReasons.mismatchFee(45n, 30n)).toEqual({
      code: 'mismatch_fee',
      params: { theirFeeFen: '45', ruleFeeFen: '30' },
      text: 'the channel charged a fee of 45 fen; its rule says 30 fen',
    });
    expect(caseReasons.mismatchPending('success', 888_400n, 888_401n)).toEqual({
      code: 'mismatch_pending',
      params: { lineStatus: 'success', theirAmountFen: '888400', ourAmountFen: '888401' },
      text: "the statement's success of 8884.00 does not match our pending order of 8884.01",
    });
    expect(caseReasons.overageOurStatus('reversed').params).toEqual({ ourStatus: 'reversed' });
  });

  it('cover every code of the vocabulary, each once', () => {
    const made = [
      caseReasons.overageNoOrder(),
      caseReasons.overageOurStatus('failed'),
      caseReasons.shortageFailed(),
      caseReasons.shortageMissing(),
      caseReasons.shortageMissingNearMidnight(),
      caseReasons.mismatchAmount(1n, 2n),
      caseReasons.mismatchFee(1n, 2n),
      caseReasons.mismatchPending('failed', 1n, 2n),
    ].map((r) => r.code);
    expect([...made].sort()).toEqual([...RECON_CASE_REASONS].sort());
  });

  it('reach the console with amounts in yuan, exactly, and other details as they are', () => {
    expect(
      reasonParamsView({
        theirAmountFen: '900719925474099312',
        ourAmountFen: '-5',
        lineStatus: 'success',
      }),
    ).toEqual({ theirAmount: '9007199254740993.12', ourAmount: '-0.05', lineStatus: 'success' });
    expect(reasonParamsView({})).toEqual({});
  });
});
