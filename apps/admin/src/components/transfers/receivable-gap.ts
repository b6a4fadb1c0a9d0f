// The receivables check: a funder's ledger principal receivable and the outstanding principal
// of the loans it owns should agree; the gap (ledger − loans, exact in fen) when they do not.
import { fenToYuan, yuanToFen } from '@repay/rules';

/** null when both amounts agree, otherwise the signed difference in yuan ("-12.50"). */
export function receivableGap(
  ledgerReceivable: string,
  outstandingPrincipal: string,
): string | null {
  const gap = yuanToFen(ledgerReceivable) - yuanToFen(outstandingPrincipal);
  return gap === 0n ? null : fenToYuan(gap);
}
