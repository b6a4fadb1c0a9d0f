// The loan a card binding is for: the REST layer checks its funder against the API key's.
import type { Executor } from '../../lib/executor';

/** The orderNo of the binding's loan (`bnd_42`); null for an unknown binding. */
export async function orderNoOfBinding(tx: Executor, bindingId: string): Promise<string | null> {
  const id = /^bnd_(\d{1,18})$/.exec(bindingId)?.[1];
  if (id === undefined) return null;
  const [row] = await tx.sql.query<{ orderNo: string }>(
    `SELECT l.order_no AS "orderNo" FROM card_bindings b JOIN loans l ON l.id = b.loan_id WHERE b.id = $1`,
    [BigInt(id)],
  );
  return row?.orderNo ?? null;
}
