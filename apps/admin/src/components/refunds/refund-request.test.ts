import { describe, expect, it } from 'vitest';
import { refundRequestInput } from './refund-request';

describe('refundRequestInput', () => {
  it('asks for an anomaly refund by its id alone', () => {
    expect(
      refundRequestInput({ source: 'anomaly', id: ' 42 ', reason: ' paid twice ', amount: '9.00' }),
    ).toEqual({ source: 'anomaly', anomalyId: '42', reason: 'paid twice' });
  });

  it('asks for a recon case refund with the payee, the account number without spaces', () => {
    expect(
      refundRequestInput({
        source: 'recon_case',
        id: '7',
        reason: 'overage',
        funderCode: 'FUND-A',
        amount: '120.50',
        payeeName: ' 张三 ',
        payeeAccount: '6222 0200 1234 5678',
        payeeBank: 'ICBC',
      }),
    ).toEqual({
      source: 'recon_case',
      caseId: '7',
      funderCode: 'FUND-A',
      amount: '120.50',
      payee: { name: '张三', accountNo: '6222020012345678', bankCode: 'ICBC' },
      reason: 'overage',
    });
  });
});
