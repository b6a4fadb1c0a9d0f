// Reads the ledger for finance (流水, 还款记录): its lines with their journal, account, funder and
// loan; one journal whole; and the collection journals of every loan with what they paid. Keyset
// pages newest first (lines by id, journals by id).
import type { Executor } from '../../lib/executor';
import { bigintOf } from '../../lib/rows';
import type { CollectionFilter, CollectionSource, LedgerEntryFilter } from './ledger.schema';

/** The journal kinds a collection posts, by what the console calls it. */
export const KIND_OF_SOURCE: Record<CollectionSource, string> = {
  debit: 'debit_collected',
  offline: 'repayment_received',
  settlement: 'loan_settled',
  reversal: 'debit_reversed',
};

/** Every journal kind that is a collection on a loan (its 还款记录; the money report's too). */
export const COLLECTION_JOURNAL_KINDS: readonly string[] = Object.values(KIND_OF_SOURCE);

export interface EntryRow {
  id: bigint;
  journalId: bigint;
  journalKey: string;
  kind: string;
  effectiveDate: string;
  accountCode: string;
  accountName: string;
  accountType: string;
  funderCode: string | null;
  orderNo: string | null;
  period: number | null;
  amount: bigint;
  memo: string | null;
  createdAt: Date;
}

export interface CollectionRow {
  id: bigint;
  key: string;
  kind: string;
  effectiveDate: string;
  createdAt: Date;
  orderNo: string;
  productCode: string;
  businessLine: string;
  borrowerName: string;
  funderCode: string | null;
  channel: string | null;
  principal: bigint;
  interest: bigint;
  fee: bigint;
  penalty: bigint;
  unallocated: bigint;
}

const entryColumns = `e.id, e.journal_id AS "journalId", j.idempotency_key AS "journalKey", j.kind,
  j.effective_date::text AS "effectiveDate", a.code AS "accountCode", a.name AS "accountName",
  a.type AS "accountType", f.code AS "funderCode", l.order_no AS "orderNo", i.period,
  e.amount, j.memo, e.created_at AS "createdAt"`;

const entryJoins = `FROM ledger_entries e
  JOIN ledger_journals j ON j.id = e.journal_id
  JOIN ledger_accounts a ON a.id = e.account_id
  LEFT JOIN funders f ON f.id = a.funder_id
  LEFT JOIN loans l ON l.id = coalesce(e.loan_id, j.loan_id)
  LEFT JOIN installments i ON i.id = e.installment_id`;

function toEntry(r: Record<string, unknown>): EntryRow {
  return {
    ...(r as unknown as EntryRow),
    id: bigintOf(r.id),
    journalId: bigintOf(r.journalId),
    period: r.period === null || r.period === undefined ? null : Number(r.period),
    amount: bigintOf(r.amount),
    createdAt: new Date(r.createdAt as string | Date),
  };
}

export function createLedgerReadRepo({ sql }: Executor) {
  return {
    async entries(f: LedgerEntryFilter & { limit: number; beforeId?: bigint }) {
      const rows = await sql.query<Record<string, unknown>>(
        `SELECT ${entryColumns} ${entryJoins}
          WHERE ($1::date IS NULL OR j.effective_date >= $1::date)
            AND ($2::date IS NULL OR j.effective_date <= $2::date)
            AND ($3::text IS NULL OR a.code = $3)
            AND ($4::text IS NULL OR split_part(a.code, ':', 1) = $4)
            AND ($5::text IS NULL OR f.code = $5)
            AND ($6::text IS NULL OR coalesce(e.loan_id, j.loan_id) = (SELECT id FROM loans WHERE order_no = $6))
            AND ($7::text IS NULL OR j.kind = $7)
            AND ($8::bigint IS NULL OR e.id < $8)
          ORDER BY e.id DESC LIMIT $9`,
        [
          f.from ?? null,
          f.to ?? null,
          f.account ?? null,
          f.accountKind ?? null,
          f.funderCode ?? null,
          f.orderNo ?? null,
          f.kind ?? null,
          f.beforeId ?? null,
          f.limit,
        ],
      );
      return rows.map(toEntry);
    },

    /** A journal and every line of it, in the order they were posted. */
    async journal(journalId: bigint) {
      const rows = await sql.query<Record<string, unknown>>(
        `SELECT ${entryColumns}, j.created_at AS "journalAt", j.rule_version_id::text AS "ruleVersionId"
           ${entryJoins}
          WHERE e.journal_id = $1 ORDER BY e.id`,
        [journalId],
      );
      if (rows.length === 0) return null;
      return {
        lines: rows.map(toEntry),
        createdAt: new Date(rows[0]!.journalAt as string | Date),
        ruleVersionId: (rows[0]!.ruleVersionId as string | null) ?? null,
      };
    },

    /** The journal kinds posted so far and the accounts opened (the search form's choices). */
    async choices() {
      const [kinds, accounts] = await Promise.all([
        sql.query<{ kind: string }>(`SELECT DISTINCT kind FROM ledger_journals ORDER BY kind`),
        sql.query<{ code: string; name: string; type: string; funderCode: string | null }>(
          `SELECT a.code, a.name, a.type, f.code AS "funderCode"
             FROM ledger_accounts a LEFT JOIN funders f ON f.id = a.funder_id ORDER BY a.code`,
        ),
      ]);
      return { kinds: kinds.map((k) => k.kind), accounts };
    },

    /**
     * Collection journals of every loan, newest first: the page of journals first (by id, under
     * the filters), then each one's credits to principal receivable, income and suspense summed
     * per component (a reversal's are negative). The funder is the one the journal booked to.
     */
    async collections(f: CollectionFilter & { limit: number; beforeId?: bigint }) {
      const kinds = f.source ? [KIND_OF_SOURCE[f.source]] : Object.values(KIND_OF_SOURCE);
      const rows = await sql.query<Record<string, unknown>>(
        `SELECT j.id, j.idempotency_key AS key, j.kind, j.effective_date::text AS "effectiveDate",
                j.created_at AS "createdAt", l.order_no AS "orderNo", p.code AS "productCode",
                l.business_line AS "businessLine", b.name_mask AS "borrowerName",
                s.funder AS "funderCode", d.channel_code AS channel,
                s.principal, s.interest, s.fee, s.penalty, s.unallocated
           FROM (SELECT j.* FROM ledger_journals j
                  WHERE j.kind = ANY($1::text[])
                    AND ($2::date IS NULL OR j.effective_date >= $2::date)
                    AND ($3::date IS NULL OR j.effective_date <= $3::date)
                    AND ($4::text IS NULL OR j.loan_id = (SELECT id FROM loans WHERE order_no = $4))
                    AND ($5::text IS NULL OR j.loan_id IN (
                          SELECT l.id FROM loans l JOIN products p ON p.id = l.product_id WHERE p.code = $5))
                    AND ($6::text IS NULL OR EXISTS (
                          SELECT 1 FROM ledger_entries e JOIN ledger_accounts a ON a.id = e.account_id
                            JOIN funders f ON f.id = a.funder_id
                           WHERE e.journal_id = j.id AND f.code = $6))
                    AND ($7::bigint IS NULL OR j.id < $7)
                  ORDER BY j.id DESC LIMIT $8) j
           JOIN loans l ON l.id = j.loan_id
           JOIN products p ON p.id = l.product_id
           JOIN borrowers b ON b.id = l.borrower_id
           LEFT JOIN debit_orders d
             ON d.loan_id = j.loan_id
            AND d.idempotency_key = substr(j.idempotency_key, strpos(j.idempotency_key, ':') + 1)
           JOIN LATERAL (
             SELECT min(f.code) AS funder,
                    coalesce(sum(-e.amount) FILTER (WHERE a.code LIKE 'receivable.principal:%'), 0)::bigint AS principal,
                    coalesce(sum(-e.amount) FILTER (WHERE a.code LIKE 'income.interest:%'), 0)::bigint AS interest,
                    coalesce(sum(-e.amount) FILTER (WHERE a.code LIKE 'income.fee:%'), 0)::bigint AS fee,
                    coalesce(sum(-e.amount) FILTER (WHERE a.code LIKE 'income.penalty:%'), 0)::bigint AS penalty,
                    coalesce(sum(-e.amount) FILTER (WHERE a.code LIKE 'suspense.unallocated:%'), 0)::bigint AS unallocated
               FROM ledger_entries e JOIN ledger_accounts a ON a.id = e.account_id
               LEFT JOIN funders f ON f.id = a.funder_id
              WHERE e.journal_id = j.id) s ON true
          ORDER BY j.id DESC`,
        [
          kinds,
          f.from ?? null,
          f.to ?? null,
          f.orderNo ?? null,
          f.productCode ?? null,
          f.funderCode ?? null,
          f.beforeId ?? null,
          f.limit,
        ],
      );
      return rows.map((r): CollectionRow => ({
        ...(r as unknown as CollectionRow),
        id: bigintOf(r.id),
        createdAt: new Date(r.createdAt as string | Date),
        principal: bigintOf(r.principal),
        interest: bigintOf(r.interest),
        fee: bigintOf(r.fee),
        penalty: bigintOf(r.penalty),
        unallocated: bigintOf(r.unallocated),
      }));
    },
  };
}

export type LedgerReadRepo = ReturnType<typeof createLedgerReadRepo>;
