// The request form's values as the engine's input: an overpayment anomaly carries all it needs;
// a reconciliation case needs the funder, the amount and the payee (typed here).
import type { RouterInputs } from '@/lib/trpc';

export type RefundRequest = RouterInputs['payouts']['requestRefund'];
type BankCode = Extract<RefundRequest, { source: 'recon_case' }>['payee']['bankCode'];

export interface RefundRequestValues {
  source: 'anomaly' | 'recon_case';
  id: string;
  reason: string;
  funderCode?: string;
  amount?: string;
  payeeName?: string;
  payeeAccount?: string;
  payeeBank?: BankCode;
}

export function refundRequestInput(v: RefundRequestValues): RefundRequest {
  const reason = v.reason.trim();
  if (v.source === 'anomaly') return { source: 'anomaly', anomalyId: v.id.trim(), reason };
  return {
    source: 'recon_case',
    caseId: v.id.trim(),
    funderCode: v.funderCode ?? '',
    amount: (v.amount ?? '').trim(),
    payee: {
      name: (v.payeeName ?? '').trim(),
      accountNo: (v.payeeAccount ?? '').replace(/\s/g, ''),
      bankCode: v.payeeBank!,
    },
    reason,
  };
}
