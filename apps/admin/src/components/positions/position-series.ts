// The chart's lines from position movements (newest first, as the engine lists them): per
// account, oldest first, each movement a point of usable and balance after it, and each line
// carried on to the latest movement of any account (a position stays until something moves it).
export interface MovementPoint {
  channelCode: string;
  at: string;
  balanceAfter: string;
  usableAfter: string;
}

export interface AccountSeries {
  channelCode: string;
  usable: [string, number][];
  balance: [string, number][];
}

export function positionSeries(movements: readonly MovementPoint[]): AccountSeries[] {
  const byAccount = new Map<string, AccountSeries>();
  const sorted = [...movements].sort((a, b) => a.at.localeCompare(b.at));
  for (const m of sorted) {
    let s = byAccount.get(m.channelCode);
    if (!s) {
      s = { channelCode: m.channelCode, usable: [], balance: [] };
      byAccount.set(m.channelCode, s);
    }
    s.usable.push([m.at, Number(m.usableAfter)]);
    s.balance.push([m.at, Number(m.balanceAfter)]);
  }
  const until = sorted.at(-1)?.at;
  for (const s of byAccount.values()) {
    const last = s.usable.at(-1)!;
    if (until !== undefined && last[0] !== until) {
      s.usable.push([until, last[1]]);
      s.balance.push([until, s.balance.at(-1)![1]]);
    }
  }
  return [...byAccount.values()].sort((a, b) => a.channelCode.localeCompare(b.channelCode));
}
