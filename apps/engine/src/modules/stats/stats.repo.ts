// Read-side aggregates for the dashboard, straight SQL over the live installments.
import type { Executor } from '../../lib/executor';
import { OPEN_INSTALLMENT } from '../../lib/status-sql';

type BusinessLine = 'lease' | 'consumer' | 'supply_chain';

export interface StatsRepo {
  loanCounts(): Promise<{ active: number; settled: number; outstandingPrincipal: bigint }>;
  dueOn(date: string): Promise<{ count: number; amount: bigint }>;
  overdue(today: string): Promise<{ count: number; amount: bigint; loans: number }>;
  dueBetween(from: string, to: string): Promise<{ date: string; count: number; amount: bigint }[]>;
  byBusinessLine(): Promise<
    { businessLine: BusinessLine; loans: number; outstandingPrincipal: bigint }[]
  >;
}

/** What is still owed on an installment, in fen. */
const owed = `(i.principal_due + i.interest_due + i.fee_due + i.penalty_due
               - i.principal_paid - i.interest_paid - i.fee_paid - i.penalty_paid)`;
const liveOpen = `i.is_current and i.status in ${OPEN_INSTALLMENT}
                  and exists (select 1 from loans l where l.id = i.loan_id and l.status = 'active')`;

export function createStatsRepo({ sql }: Executor): StatsRepo {
  return {
    async loanCounts() {
      const [row] = await sql.query<{ active: bigint; settled: bigint; outstanding: bigint }>(
        `select count(*) filter (where status = 'active')::bigint as active,
                count(*) filter (where status = 'settled')::bigint as settled,
                coalesce(sum(outstanding_principal) filter (where status = 'active'), 0)::bigint as outstanding
           from loans`,
      );
      return {
        active: Number(row?.active ?? 0n),
        settled: Number(row?.settled ?? 0n),
        outstandingPrincipal: row?.outstanding ?? 0n,
      };
    },
    async dueOn(date) {
      const [row] = await sql.query<{ n: bigint; amount: bigint }>(
        `select count(*)::bigint as n, coalesce(sum(${owed}), 0)::bigint as amount
           from installments i where ${liveOpen} and i.due_date = $1::date`,
        [date],
      );
      return { count: Number(row?.n ?? 0n), amount: row?.amount ?? 0n };
    },
    async overdue(today) {
      const [row] = await sql.query<{ n: bigint; amount: bigint; loans: bigint }>(
        `select count(*)::bigint as n, coalesce(sum(${owed}), 0)::bigint as amount, count(distinct i.loan_id)::bigint as loans
           from installments i where ${liveOpen} and i.due_date < $1::date`,
        [today],
      );
      return {
        count: Number(row?.n ?? 0n),
        amount: row?.amount ?? 0n,
        loans: Number(row?.loans ?? 0n),
      };
    },
    async dueBetween(from, to) {
      const rows = await sql.query<{ date: string; n: bigint; amount: bigint }>(
        `select i.due_date::text as date, count(*)::bigint as n, coalesce(sum(${owed}), 0)::bigint as amount
           from installments i where ${liveOpen} and i.due_date between $1::date and $2::date
          group by i.due_date order by i.due_date`,
        [from, to],
      );
      return rows.map((r) => ({ date: r.date, count: Number(r.n), amount: r.amount }));
    },
    async byBusinessLine() {
      const rows = await sql.query<{ business_line: BusinessLine; n: bigint; outstanding: bigint }>(
        `select business_line, count(*)::bigint as n, coalesce(sum(outstanding_principal), 0)::bigint as outstanding
           from loans where status = 'active' group by business_line order by business_line`,
      );
      return rows.map((r) => ({
        businessLine: r.business_line,
        loans: Number(r.n),
        outstandingPrincipal: r.outstanding,
      }));
    },
  };
}
