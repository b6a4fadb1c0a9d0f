// Read-only data for rule simulations: open installments with the facts rules look at.
import type { RuleScope } from '@repay/rules';
import type { Executor } from '../../lib/executor';
import { OPEN_INSTALLMENT } from '../../lib/status-sql';

export interface OpenInstallmentFacts {
  installmentId: bigint;
  orderNo: string;
  businessLine: string;
  funderCode: string;
  productCode: string;
  annualRate: string;
  termMonths: number;
  period: number;
  dueDate: string;
  loanStatus: string;
  pausedUntil: string | null;
  bankCode: string | null;
  principalOwedFen: bigint;
  interestOwedFen: bigint;
  feeOwedFen: bigint;
  penaltyOwedFen: bigint;
  outstandingPrincipalFen: bigint;
  /** The business line's all-in annual ceiling, as accrual applies it. */
  ceiling: string | null;
}

export interface SimulationRepo {
  /** Unpaid current-plan installments due in [fromDate, toDate] of loans in the scope. */
  openInstallments(query: {
    scopeType: RuleScope;
    scopeKey: string;
    fromDate: string;
    toDate: string;
    limit: number;
  }): Promise<OpenInstallmentFacts[]>;
}

const SCOPE_FILTER: Record<RuleScope, string> = {
  global: "$1::text = '*'",
  business_line: 'l.business_line = $1',
  funder: 'f.code = $1',
  product: 'p.code = $1',
};

export function createSimulationRepo({ sql }: Executor): SimulationRepo {
  return {
    async openInstallments({ scopeType, scopeKey, fromDate, toDate, limit }) {
      return sql.query<OpenInstallmentFacts>(
        `SELECT i.id AS "installmentId", l.order_no AS "orderNo", l.business_line AS "businessLine",
                f.code AS "funderCode", p.code AS "productCode", l.annual_rate::text AS "annualRate",
                l.term_months AS "termMonths", i.period, i.due_date AS "dueDate", l.status AS "loanStatus",
                l.paused_until AS "pausedUntil", c.bank_code AS "bankCode",
                (i.principal_due - i.principal_paid) AS "principalOwedFen",
                (i.interest_due - i.interest_paid) AS "interestOwedFen",
                (i.fee_due - i.fee_paid) AS "feeOwedFen",
                (i.penalty_due - i.penalty_paid) AS "penaltyOwedFen",
                l.outstanding_principal AS "outstandingPrincipalFen",
                bl.all_in_annual_ceiling::text AS ceiling
           FROM installments i
           JOIN loans l ON l.id = i.loan_id
           LEFT JOIN business_lines bl ON bl.code = l.business_line
           JOIN funders f ON f.id = l.funder_id
           JOIN products p ON p.id = l.product_id
           LEFT JOIN cards c ON c.id = l.card_id
          WHERE i.is_current AND i.status IN ${OPEN_INSTALLMENT}
            AND i.due_date BETWEEN $2::date AND $3::date
            AND ${SCOPE_FILTER[scopeType]}
          ORDER BY i.due_date, i.id
          LIMIT $4`,
        [scopeType === 'global' ? '*' : scopeKey, fromDate, toDate, limit],
      );
    },
  };
}
