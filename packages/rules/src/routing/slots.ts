// A channel's concurrency shared by every engine process (docs/domain.md, Channels: a channel's
// limits are the channel's, not each worker's). Pure: the engine holds each process's share as
// a lease in the database and feeds this function what the others hold and want.
//
// Each process asks for what it needs (its calls waiting or out, up to the limit); the limit
// is divided among those asking so that nobody gets more than it asks and those asking more
// share the rest equally (max-min fairness), ties going to the earlier holder. A process gets
// only slots nobody else holds, and keeps those its calls still occupy, so the slots held add
// up to the limit at most whatever order the processes renew in: one lowering its share gives
// slots back only as its calls come home, and another takes them at its next renewal.

export interface SlotHolder {
  holder: string;
  /** Slots it holds now (an unexpired lease). */
  slots: number;
  /** Calls it has waiting or out, up to the limit. */
  wants: number;
}

export interface SlotShare {
  /** Slots this process holds after the renewal (its lease). */
  slots: number;
  /** How many calls it may have out from now on (≤ slots). */
  permits: number;
  /** Its fair share, which it may not have yet (slots others still hold). */
  fair: number;
}

/** Max-min fair division of `limit` among the wants, in the holders' order. */
export function fairShares(limit: number, wants: number[]): number[] {
  const shares = wants.map(() => 0);
  let left = Math.max(0, limit);
  let open = wants.map((_, i) => i).filter((i) => wants[i]! > 0);
  while (left > 0 && open.length > 0) {
    const each = Math.floor(left / open.length);
    if (each === 0) {
      // Fewer slots than askers: one each, in order.
      for (const i of open.slice(0, left)) shares[i]! += 1;
      break;
    }
    for (const i of open) {
      const add = Math.min(each, wants[i]! - shares[i]!);
      shares[i]! += add;
      left -= add;
    }
    open = open.filter((i) => shares[i]! < wants[i]!);
  }
  return shares;
}

/**
 * This process's slots at a renewal: `others` are the unexpired leases of the other processes
 * (in the order ties go by), `wants` what it asks, `busy` how many of its calls are still out.
 */
export function slotShare(input: {
  limit: number;
  others: SlotHolder[];
  me: string;
  wants: number;
  held: number;
  busy: number;
}): SlotShare {
  const limit = Math.max(0, input.limit);
  const everyone = [
    ...input.others,
    { holder: input.me, slots: input.held, wants: Math.min(input.wants, limit) },
  ].sort((a, b) => (a.holder < b.holder ? -1 : a.holder > b.holder ? 1 : 0));
  const shares = fairShares(
    limit,
    everyone.map((h) => Math.min(h.wants, limit)),
  );
  const fair = shares[everyone.findIndex((h) => h.holder === input.me)]!;
  const othersHold = input.others.reduce((sum, h) => sum + h.slots, 0);
  const free = Math.max(0, limit - othersHold);
  const permits = Math.min(fair, free);
  // Slots its calls still occupy stay its own until they come home.
  const slots = Math.max(permits, Math.min(input.held, input.busy));
  return { slots, permits, fair };
}
