// What the state machine reads beyond the locked orders to judge an answer: the channel's
// serial an order already has, and which installments are still part of their loan's plan
// (a success learned after the order failed may find its installment rescheduled away).
import type { Executor } from '../../lib/executor';

export function createDebitAnswersRepo({ sql }: Executor) {
  return {
    /** The channel serial of each order that has one (orders already locked by the caller). */
    async serialsOf(orderIds: bigint[]): Promise<Map<bigint, string>> {
      if (orderIds.length === 0) return new Map();
      const rows = await sql.query<{ id: bigint; serial: string }>(
        `SELECT id, channel_serial AS serial FROM debit_orders
          WHERE id = ANY($1::bigint[]) AND channel_serial IS NOT NULL`,
        [orderIds],
      );
      return new Map(rows.map((r) => [BigInt(r.id), r.serial]));
    },

    /** Of these installments, those of their loan's current plan. */
    async currentInstallments(installmentIds: bigint[]): Promise<Set<bigint>> {
      if (installmentIds.length === 0) return new Set();
      const rows = await sql.query<{ id: bigint }>(
        `SELECT id FROM installments WHERE id = ANY($1::bigint[]) AND is_current`,
        [installmentIds],
      );
      return new Set(rows.map((r) => BigInt(r.id)));
    },
  };
}

export type DebitAnswersRepo = ReturnType<typeof createDebitAnswersRepo>;
