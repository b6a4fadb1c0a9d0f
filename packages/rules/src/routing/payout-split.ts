// How a funder's remittance is cut into payouts (docs/domain.md, Positions): whole when one
// payout account can pay it, else split across accounts, the largest capacity first, and what
// no account can pay now stays one part that waits for a top-up. Nothing is ever dropped:
// the parts always add up to the amount.

export interface PayoutCapacity {
  code: string;
  /** What the account can pay in one order now: its usable position, within the single limit. */
  capacityFen: bigint;
}

export interface PayoutPart {
  /** The account the part was cut for (routing decides again when it is sent); null: waits. */
  code: string | null;
  amountFen: bigint;
}

export function splitAcrossPositions(
  amountFen: bigint,
  capacities: readonly PayoutCapacity[],
): PayoutPart[] {
  if (amountFen <= 0n) return [];
  const whole = capacities.find((c) => c.capacityFen >= amountFen);
  if (whole) return [{ code: whole.code, amountFen }];
  const parts: PayoutPart[] = [];
  let left = amountFen;
  const byCapacity = [...capacities].sort((a, b) =>
    a.capacityFen === b.capacityFen ? 0 : a.capacityFen > b.capacityFen ? -1 : 1,
  );
  for (const c of byCapacity) {
    if (left === 0n || c.capacityFen <= 0n) break;
    const take = c.capacityFen < left ? c.capacityFen : left;
    parts.push({ code: c.code, amountFen: take });
    left -= take;
  }
  if (left > 0n) parts.push({ code: null, amountFen: left });
  return parts;
}
