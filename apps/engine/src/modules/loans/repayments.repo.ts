// Offline repayments: stored once per reference.
import { eq } from 'drizzle-orm';
import { loans, repayments } from '@repay/db/schema';
import type { Executor } from '../../lib/executor';

export function createRepaymentsRepo({ db }: Executor) {
  return {
    async insert(values: typeof repayments.$inferInsert): Promise<boolean> {
      const rows = await db
        .insert(repayments)
        .values(values)
        .onConflictDoNothing()
        .returning({ id: repayments.id });
      return rows.length === 1;
    },
    async byReference(reference: string) {
      const [row] = await db
        .select({
          id: repayments.id,
          reference: repayments.reference,
          orderNo: loans.orderNo,
          amount: repayments.amount,
          paidAt: repayments.paidAt,
          method: repayments.method,
          requestHash: repayments.requestHash,
          allocations: repayments.allocations,
        })
        .from(repayments)
        .innerJoin(loans, eq(loans.id, repayments.loanId))
        .where(eq(repayments.reference, reference));
      return row ?? null;
    },
  };
}

export type RepaymentsRepo = ReturnType<typeof createRepaymentsRepo>;
