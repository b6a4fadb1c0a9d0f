// Loans, plan versions and installments. Plans are written with unnest (one statement per plan).
import {
  and,
  asc,
  desc,
  eq,
  isNotNull,
  isNull,
  like,
  lt,
  sql as drizzleSql,
  type SQL,
} from 'drizzle-orm';
import {
  borrowers,
  cards,
  debitOrders,
  funders,
  installments,
  loans,
  planVersions,
  products,
} from '@repay/db/schema';
import type { Executor } from '../../lib/executor';
import type { LoanListInput } from './loans.schema';
import type {
  DebitRecord,
  InstallmentRecord,
  LoanListRow,
  LoanRecord,
  NewLoanBundle,
  PlanVersionRecord,
} from './loans.types';
import { OPEN_INSTALLMENT } from '../../lib/status-sql';

export interface LoansRepo {
  findLoanIdentity(orderNo: string): Promise<{ id: bigint; requestHash: string } | null>;
  findLoan(orderNo: string): Promise<LoanRecord | null>;
  /**
   * The loan's row FOR UPDATE, taken before any other row lock of the loan by whatever changes
   * what its debits may take (settle, reschedule). The debit guard locks the same row for every
   * debit order it lets in, so none is created meanwhile, and one being created has committed
   * (and is seen by the next statement) once this returns.
   */
  lockLoan(loanId: bigint): Promise<void>;
  findPlan(loanId: bigint, version: number): Promise<PlanVersionRecord | null>;
  /** null when the orderNo exists already (the unique constraint decided). */
  insertLoan(bundle: NewLoanBundle): Promise<bigint | null>;
  listLoans(filter: LoanListInput, beforeId: bigint | null, limit: number): Promise<LoanListRow[]>;
  /** How many loans the filter finds (the list's total). */
  countLoans(filter: LoanListInput): Promise<number>;
  listDebits(loanId: bigint): Promise<DebitRecord[]>;
  markPeriodsPaid(
    loanId: bigint,
    version: number,
    periods: number[],
  ): Promise<{ principal: bigint; interest: bigint }>;
  refreshOverdue(today: string): Promise<number>;
  /** Set or clear (null) the pause; returns the pause before. */
  setPause(
    loanId: bigint,
    pause: { reason: string; until: string } | null,
  ): Promise<{ reason: string | null; until: string | null }>;
}

const openStatuses = drizzleSql.raw(OPEN_INSTALLMENT);

/** The list's filters as conditions (the total counts with the same ones). */
function loanConditions(filter: LoanListInput): (SQL | undefined)[] {
  return [
    // Any part of the order number.
    filter.orderNo
      ? like(loans.orderNo, `%${filter.orderNo.replace(/[\\%_]/g, '\\$&')}%`)
      : undefined,
    filter.funderCode ? eq(funders.code, filter.funderCode) : undefined,
    filter.productCode ? eq(products.code, filter.productCode) : undefined,
    filter.businessLine ? eq(loans.businessLine, filter.businessLine) : undefined,
    filter.status ? eq(loans.status, filter.status) : undefined,
    filter.delinquency === 'overdue'
      ? and(eq(loans.status, 'active'), isNotNull(loans.overdueSince))
      : filter.delinquency === 'current'
        ? and(eq(loans.status, 'active'), isNull(loans.overdueSince))
        : undefined,
    filter.dueFrom || filter.dueTo
      ? drizzleSql`exists (select 1 from ${installments} i where i.loan_id = ${loans.id} and i.is_current
          and i.due_date >= ${filter.dueFrom ?? '0001-01-01'}::date and i.due_date <= ${filter.dueTo ?? '9999-12-31'}::date)`
      : undefined,
  ];
}

export function createLoansRepo({ db, sql }: Executor): LoansRepo {
  return {
    async findLoanIdentity(orderNo) {
      const [row] = await db
        .select({ id: loans.id, requestHash: loans.requestHash })
        .from(loans)
        .where(eq(loans.orderNo, orderNo))
        .limit(1);
      return row ?? null;
    },

    async lockLoan(loanId) {
      await sql.query(`SELECT id FROM loans WHERE id = $1 FOR UPDATE`, [loanId]);
    },

    async findLoan(orderNo) {
      const [row] = await db
        .select({
          loan: loans,
          funderCode: funders.code,
          funderName: funders.name,
          productCode: products.code,
          productName: products.name,
          nameMask: borrowers.nameMask,
          idNoMask: borrowers.idNoMask,
          mobileMask: borrowers.mobileMask,
          cardNoMask: cards.cardNoMask,
          bankCode: cards.bankCode,
        })
        .from(loans)
        .innerJoin(funders, eq(funders.id, loans.funderId))
        .innerJoin(products, eq(products.id, loans.productId))
        .innerJoin(borrowers, eq(borrowers.id, loans.borrowerId))
        .leftJoin(cards, eq(cards.id, loans.cardId))
        .where(eq(loans.orderNo, orderNo))
        .limit(1);
      if (!row) return null;
      const { loan } = row;
      return {
        ...loan,
        funderCode: row.funderCode,
        funderName: row.funderName,
        productCode: row.productCode,
        productName: row.productName,
        borrower: { nameMask: row.nameMask, idNoMask: row.idNoMask, mobileMask: row.mobileMask },
        card:
          row.cardNoMask && row.bankCode
            ? { cardNoMask: row.cardNoMask, bankCode: row.bankCode }
            : null,
      };
    },

    async findPlan(loanId, version) {
      const [plan] = await db
        .select()
        .from(planVersions)
        .where(and(eq(planVersions.loanId, loanId), eq(planVersions.version, version)))
        .limit(1);
      if (!plan) return null;
      // Per period up to the version's count, the row of the latest version ≤ it: a reschedule
      // adds rows only for the periods it replaced (schema/loans.ts).
      const raw = await sql.query<Record<string, string | number>>(
        `SELECT DISTINCT ON (i.period) i.period, i.due_date::text AS "dueDate",
                i.principal_due AS "principalDue", i.interest_due AS "interestDue", i.fee_due AS "feeDue",
                i.penalty_due AS "penaltyDue", i.principal_paid AS "principalPaid",
                i.interest_paid AS "interestPaid", i.fee_paid AS "feePaid", i.penalty_paid AS "penaltyPaid",
                i.status, i.overdue_days AS "overdueDays"
           FROM installments i JOIN plan_versions v ON v.id = i.plan_version_id
          WHERE v.loan_id = $1 AND v.version <= $2 AND i.period <= $3
          ORDER BY i.period, v.version DESC`,
        [loanId, plan.version, plan.periodCount],
      );
      const money = (v: string | number) => BigInt(v);
      const rows: InstallmentRecord[] = raw.map((r) => ({
        period: Number(r.period),
        dueDate: String(r.dueDate),
        principalDue: money(r.principalDue!),
        interestDue: money(r.interestDue!),
        feeDue: money(r.feeDue!),
        penaltyDue: money(r.penaltyDue!),
        principalPaid: money(r.principalPaid!),
        interestPaid: money(r.interestPaid!),
        feePaid: money(r.feePaid!),
        penaltyPaid: money(r.penaltyPaid!),
        status: r.status as InstallmentRecord['status'],
        overdueDays: Number(r.overdueDays),
      }));
      return {
        version: plan.version,
        reason: plan.reason,
        periodCount: plan.periodCount,
        change: plan.change ?? null,
        createdBy: plan.createdBy,
        createdAt: plan.createdAt,
        installments: rows,
      };
    },

    async insertLoan(b) {
      // Borrowers are one per ID number; a repeat intake keeps the details first recorded.
      const [borrower] = await db
        .insert(borrowers)
        .values(b.borrower)
        .onConflictDoUpdate({
          target: borrowers.idNoHash,
          set: { updatedAt: drizzleSql`${borrowers.updatedAt}` },
        })
        .returning({ id: borrowers.id });
      let cardId: bigint | null = null;
      if (b.card) {
        const [card] = await db
          .insert(cards)
          .values({ ...b.card, borrowerId: borrower!.id })
          .onConflictDoUpdate({
            target: [cards.borrowerId, cards.cardNoHash],
            set: { updatedAt: drizzleSql`${cards.updatedAt}` },
          })
          .returning({ id: cards.id });
        cardId = card!.id;
      }
      const [loan] = await db
        .insert(loans)
        .values({
          orderNo: b.orderNo,
          requestHash: b.requestHash,
          businessLine: b.businessLine,
          funderId: b.funderId,
          productId: b.productId,
          borrowerId: borrower!.id,
          cardId,
          principal: b.principal,
          outstandingPrincipal: b.principal,
          annualRate: b.annualRate,
          termMonths: b.termMonths,
          repaymentMethod: b.repaymentMethod,
          dayCount: b.dayCount,
          startDate: b.startDate,
          firstDueDate: b.firstDueDate,
          residualValue: b.residualValue,
          paymentTiming: b.paymentTiming,
          currentPlanVersion: 1,
        })
        .onConflictDoNothing({ target: loans.orderNo })
        .returning({ id: loans.id });
      if (!loan) return null;
      const [plan] = await db
        .insert(planVersions)
        .values({
          loanId: loan.id,
          version: 1,
          reason: 'intake',
          periodCount: b.installments.length,
          createdBy: 'intake',
        })
        .returning({ id: planVersions.id });
      await sql.query(
        `insert into installments (loan_id, plan_version_id, period, due_date, principal_due, interest_due)
         select $1::bigint, $2::bigint, p, d, pr, i
         from unnest($3::int[], $4::date[], $5::bigint[], $6::bigint[]) as t(p, d, pr, i)`,
        [
          loan.id,
          plan!.id,
          b.installments.map((x) => x.period),
          b.installments.map((x) => x.dueDate),
          b.installments.map((x) => x.principalDue),
          b.installments.map((x) => x.interestDue),
        ],
      );
      return loan.id;
    },

    async countLoans(filter) {
      const [row] = await db
        .select({ n: drizzleSql<number>`count(*)::int` })
        .from(loans)
        .innerJoin(funders, eq(funders.id, loans.funderId))
        .innerJoin(products, eq(products.id, loans.productId))
        .where(and(...loanConditions(filter)));
      return row?.n ?? 0;
    },

    async listLoans(filter, beforeId, limit) {
      const conditions: (SQL | undefined)[] = [
        beforeId !== null ? lt(loans.id, beforeId) : undefined,
        ...loanConditions(filter),
      ];
      return db
        .select({
          id: loans.id,
          orderNo: loans.orderNo,
          businessLine: loans.businessLine,
          funderCode: funders.code,
          funderName: funders.name,
          productCode: products.code,
          productName: products.name,
          borrowerName: borrowers.nameMask,
          principal: loans.principal,
          outstandingPrincipal: loans.outstandingPrincipal,
          termMonths: loans.termMonths,
          repaymentMethod: loans.repaymentMethod,
          status: loans.status,
          pausedReason: loans.pausedReason,
          pausedUntil: loans.pausedUntil,
          createdAt: loans.createdAt,
          nextDueDate: drizzleSql<
            string | null
          >`(select min(i.due_date)::text from ${installments} i
            where i.loan_id = ${loans.id} and i.is_current and i.status in ${openStatuses})`,
          overdueSince: loans.overdueSince,
          delinquencyBucket: loans.delinquencyBucket,
        })
        .from(loans)
        .innerJoin(funders, eq(funders.id, loans.funderId))
        .innerJoin(products, eq(products.id, loans.productId))
        .innerJoin(borrowers, eq(borrowers.id, loans.borrowerId))
        .where(and(...conditions))
        .orderBy(desc(loans.id))
        .limit(limit);
    },

    async listDebits(loanId) {
      return db
        .select({
          id: debitOrders.id,
          period: installments.period,
          amount: debitOrders.amount,
          channelCode: debitOrders.channelCode,
          status: debitOrders.status,
          resultClass: debitOrders.resultClass,
          rawCode: debitOrders.rawCode,
          rawMessage: debitOrders.rawMessage,
          businessDate: debitOrders.businessDate,
          window: debitOrders.window,
          createdAt: debitOrders.createdAt,
          finishedAt: debitOrders.finishedAt,
        })
        .from(debitOrders)
        .innerJoin(installments, eq(installments.id, debitOrders.installmentId))
        .where(eq(debitOrders.loanId, loanId))
        .orderBy(asc(debitOrders.id));
    },

    async setPause(loanId, pause) {
      const [before] = await db
        .select({ reason: loans.pausedReason, until: loans.pausedUntil })
        .from(loans)
        .where(eq(loans.id, loanId))
        .for('update');
      await db
        .update(loans)
        .set({ pausedReason: pause?.reason ?? null, pausedUntil: pause?.until ?? null })
        .where(eq(loans.id, loanId));
      return before ?? { reason: null, until: null };
    },

    async markPeriodsPaid(loanId, version, periods) {
      const rows = await sql.query<{ principal: bigint; interest: bigint }>(
        `with paid as (
           update installments i
              set principal_paid = i.principal_due, interest_paid = i.interest_due,
                  fee_paid = i.fee_due, penalty_paid = i.penalty_due, status = 'paid',
                  paid_at = (i.due_date + time '10:00') at time zone 'Asia/Shanghai', updated_at = now()
             from plan_versions v
            where v.id = i.plan_version_id and v.loan_id = $1 and v.version = $2
              and i.period = any($3::int[]) and i.status <> 'paid'
           returning i.principal_due, i.interest_due)
         select coalesce(sum(principal_due), 0)::bigint as principal, coalesce(sum(interest_due), 0)::bigint as interest from paid`,
        [loanId, version, periods],
      );
      const paid = rows[0] ?? { principal: 0n, interest: 0n };
      await db
        .update(loans)
        .set({
          outstandingPrincipal: drizzleSql`${loans.outstandingPrincipal} - ${paid.principal}`,
          updatedAt: new Date(),
        })
        .where(eq(loans.id, loanId));
      return paid;
    },

    async refreshOverdue(today) {
      const rows = await sql.query<{ n: bigint }>(
        `with changed as (
           update installments i set status = 'overdue', overdue_days = ($1::date - i.due_date), updated_at = now()
             from loans l
            where l.id = i.loan_id and l.status = 'active' and i.is_current and i.due_date < $1::date
              and i.status in ${OPEN_INSTALLMENT}
              and (i.status <> 'overdue' or i.overdue_days <> ($1::date - i.due_date))
           returning 1)
         select count(*)::bigint as n from changed`,
        [today],
      );
      return Number(rows[0]?.n ?? 0n);
    },
  };
}
