// What the window's selection would make of installments it has not (yet) chosen: the same
// candidate columns and the same named conditions (selection.repo.ts), each read as a column
// instead of filtering, so an explanation or a forecast cannot ask a different question than
// the run does. The card is a left join here: a loan without one is explained, not dropped.
import type { Executor } from '../../lib/executor';
import { bigintOf, bigintOrNull } from '../../lib/rows';
import { OPEN_INSTALLMENT } from '../../lib/status-sql';
import type { DebitCandidate } from './debits.types';
import {
  candidateColumns,
  candidateFromOf,
  SELECTION_CONDITIONS,
  toCandidate,
} from './selection.repo';

/** A candidate as the selection reads it, with its selection conditions as facts. */
export interface ExplainedCandidate extends Omit<DebitCandidate, 'cardId' | 'bankCode'> {
  cardId: bigint | null;
  bankCode: string | null;
  period: number;
  /** The installment's condition `openAndDue` on the statement's date. */
  openAndDue: boolean;
  agreementActive: boolean;
  agreementSuspended: boolean;
  inFlight: boolean;
}

export interface ForecastScope {
  funderCode?: string;
  productCode?: string;
  businessLine?: string;
}

const explainColumns = `${candidateColumns}, i.period,
  coalesce(${SELECTION_CONDITIONS.openAndDue}, false) AS "openAndDue",
  coalesce(${SELECTION_CONDITIONS.agreementActive}, false) AS "agreementActive",
  NOT coalesce(${SELECTION_CONDITIONS.noneSuspended}, true) AS "agreementSuspended",
  NOT (${SELECTION_CONDITIONS.notInFlight}) AS "inFlight"`;

function toExplained(r: Record<string, unknown>): ExplainedCandidate {
  const cardId = bigintOrNull(r.cardId);
  r.cardId = 0;
  const c = toCandidate(r) as unknown as ExplainedCandidate;
  c.cardId = cardId;
  c.period = Number(c.period);
  return c;
}

export function createDebitEligibilityRepo({ sql }: Executor) {
  async function explained(date: string, ids: bigint[], scope: ForecastScope = {}) {
    if (ids.length === 0) return [];
    const rows = await sql.query<Record<string, unknown>>(
      `SELECT ${explainColumns} ${candidateFromOf('LEFT JOIN')}
        WHERE i.is_current AND i.status IN ${OPEN_INSTALLMENT}
          AND ($3::text IS NULL OR f.code = $3) AND ($4::text IS NULL OR p.code = $4)
          AND ($5::text IS NULL OR l.business_line = $5)
        ORDER BY i.id`,
      [date, ids, scope.funderCode ?? null, scope.productCode ?? null, scope.businessLine ?? null],
    );
    return rows.map(toExplained);
  }

  return {
    /** The loan's id by its upstream order number. */
    async loanIdByOrderNo(orderNo: string): Promise<bigint | null> {
      const [row] = await sql.query<{ id: unknown }>(`SELECT id FROM loans WHERE order_no = $1`, [
        orderNo,
      ]);
      return row ? bigintOf(row.id) : null;
    },

    /**
     * The loan's unpaid installments (current plan) as the selection of `date` reads them, with
     * each of its conditions; attempts are counted on `date`.
     */
    async explainLoan(date: string, loanId: bigint): Promise<ExplainedCandidate[]> {
      const ids = await sql.query<{ id: unknown }>(
        `SELECT id FROM installments
          WHERE loan_id = $1 AND is_current AND status IN ${OPEN_INSTALLMENT} ORDER BY id`,
        [loanId],
      );
      return explained(
        date,
        ids.map((r) => bigintOf(r.id)),
      );
    },

    /** Candidates of a forecast page (ids from `dueInstallmentIds`), in a scope; attempts on `today`. */
    explainIds: explained,

    /** Orders of these keys (window orders of a date and slot), any status. */
    async ordersOfKeys(keys: string[]) {
      if (keys.length === 0) return [];
      const rows = await sql.query<Record<string, unknown>>(
        `SELECT idempotency_key AS key, status, amount, channel_code AS channel
           FROM debit_orders WHERE idempotency_key = ANY($1::text[])`,
        [keys],
      );
      return rows.map((r) => ({
        key: r.key as string,
        status: r.status as string,
        amountFen: bigintOf(r.amount),
        channel: (r.channel as string | null) ?? null,
      }));
    },
  };
}

export type DebitEligibilityRepo = ReturnType<typeof createDebitEligibilityRepo>;
