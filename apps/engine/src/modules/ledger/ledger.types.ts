// Double-entry postings: positive amount = debit, negative = credit; a journal sums to zero.
export type AccountType = 'asset' | 'liability' | 'income' | 'expense' | 'equity';

export interface AccountRef {
  code: string;
  name: string;
  type: AccountType;
  funderCode?: string;
}

export interface JournalEntry {
  account: AccountRef;
  amount: bigint;
  installmentPeriod?: number;
}

export interface Journal {
  /** Deterministic: posting the same fact twice is refused by a unique constraint. */
  idempotencyKey: string;
  kind: string;
  effectiveDate: string;
  loanId?: bigint;
  ruleVersionId?: bigint;
  memo?: string;
  /** Post to exactly these accounts (transfers): no attribution to the owner at the date. */
  keepAccounts?: boolean;
  entries: JournalEntry[];
}

export interface LedgerRepo {
  /** Inserts the journal and its entries; false when the idempotency key was already posted. */
  insertJournal(journal: Journal): Promise<boolean>;
  /** Many journals and their entries in one statement; returns the keys posted now (not replays). */
  insertJournals(journals: Journal[]): Promise<Set<string>>;
  balances(filter: { funderCode?: string }): Promise<{ accountCode: string; balance: bigint }[]>;
  /** A posted journal's entries on their accounts (empty when the key was never posted). */
  entriesOf(idempotencyKey: string): Promise<JournalEntry[]>;
}
