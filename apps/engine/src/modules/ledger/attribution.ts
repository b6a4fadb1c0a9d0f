// Who a loan's money belongs to at a date (asset transfers). A collection belongs to the
// owner at its effective date: a journal for an earlier date than a completed transfer's cut-off
// goes to the owner of then, and the principal the transfer moved is trued up (the receivable
// sold was smaller by what that journal collected).
import { accounts } from './accounts';
import type { AccountRef, Journal, JournalEntry } from './ledger.types';

/** A completed transfer of one loan, in cut-off order. */
export interface OwnershipChange {
  cutoffDate: string;
  from: string;
  to: string;
}

/** The owner on `date`: the buyer of the last cut-off on or before it, else the first seller. */
export function ownerAt(changes: OwnershipChange[], date: string): string | null {
  if (changes.length === 0) return null;
  let owner = changes[0]!.from;
  for (const c of changes) if (c.cutoffDate <= date) owner = c.to;
  return owner;
}

/** The same account of another funder (every per-funder code ends in `:<funder code>`). */
export function accountOfFunder(ref: AccountRef, funderCode: string): AccountRef {
  const suffix = `:${ref.funderCode}`;
  if (!ref.funderCode || ref.funderCode === funderCode || !ref.code.endsWith(suffix)) return ref;
  return {
    ...ref,
    code: `${ref.code.slice(0, -suffix.length)}:${funderCode}`,
    name: ref.name.replace(`(${ref.funderCode})`, `(${funderCode})`),
    funderCode,
  };
}

const PRINCIPAL_RECEIVABLE = 'receivable.principal:';

/** The journal with its accounts moved to the owner at its effective date (and the true-up). */
export function attribute(journal: Journal, changes: OwnershipChange[]): Journal {
  if (journal.keepAccounts) return journal;
  const owner = ownerAt(changes, journal.effectiveDate);
  if (owner === null) return journal;
  const current = changes.at(-1)!.to;
  const entries: JournalEntry[] = journal.entries.map((e) => ({
    ...e,
    account: accountOfFunder(e.account, owner),
  }));
  if (owner !== current)
    for (const e of journal.entries.filter((x) => x.account.code.startsWith(PRINCIPAL_RECEIVABLE)))
      entries.push(
        { account: accounts.principalReceivable(owner), amount: -e.amount },
        { account: accounts.principalReceivable(current), amount: e.amount },
      );
  return { ...journal, entries };
}
