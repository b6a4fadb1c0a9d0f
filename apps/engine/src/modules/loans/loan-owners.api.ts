// Which funder owns each loan now: the REST layer limits an API key to its funders' loans.
import type { Executor } from '../../lib/executor';

/** orderNo → funder code, for the loans that exist (unknown orderNos are left out). */
export async function funderCodesOfLoans(
  tx: Executor,
  orderNos: readonly string[],
): Promise<Map<string, string>> {
  if (orderNos.length === 0) return new Map();
  const rows = await tx.sql.query<{ orderNo: string; funderCode: string }>(
    `SELECT l.order_no AS "orderNo", f.code AS "funderCode"
       FROM loans l JOIN funders f ON f.id = l.funder_id
      WHERE l.order_no = ANY($1::text[])`,
    [orderNos],
  );
  return new Map(rows.map((r) => [r.orderNo, r.funderCode]));
}
