// Double-entry ledger. Append-only: triggers in migration `0001_ledger_immutability`
// reject UPDATE/DELETE/TRUNCATE on journals and entries. Every journal has two entries or
// more summing to zero: checked at the end of each statement that inserts entries (0019;
// so a journal's entries are inserted in one statement) and, for a journal left without
// entries, at commit (0001).
// Corrections are new (reversing) journals.
import { sql } from 'drizzle-orm';
import { check, date, index, pgTable, text } from 'drizzle-orm/pg-core';
import { id, money, oneOf, ref, timestamptz } from './columns';
import { LEDGER_ACCOUNT_TYPES } from './enums';
import { installments, loans } from './loans';
import { funders } from './reference';

export const ledgerAccounts = pgTable(
  'ledger_accounts',
  {
    id: id(),
    // e.g. 'receivable:principal', 'payable:funder:F-TRUST-01'.
    code: text('code').notNull().unique(),
    name: text('name').notNull(),
    type: text('type', { enum: LEDGER_ACCOUNT_TYPES }).notNull(),
    funderId: ref('funder_id').references(() => funders.id),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
  },
  (t) => [oneOf('ledger_accounts_type_check', t.type, LEDGER_ACCOUNT_TYPES)],
);

export const ledgerJournals = pgTable(
  'ledger_journals',
  {
    id: id(),
    // Derived from business ids (e.g. 'debit:123:allocation'): a replay collides here.
    idempotencyKey: text('idempotency_key').notNull().unique(),
    // Open set owned by the ledger module (allocation, fee_accrual, payout, reversal, …).
    kind: text('kind').notNull(),
    effectiveDate: date('effective_date', { mode: 'string' }).notNull(),
    loanId: ref('loan_id').references(() => loans.id),
    // The rule version that produced this posting, when one did ("why did this happen").
    ruleVersionId: ref('rule_version_id'),
    memo: text('memo'),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
  },
  (t) => [
    index('ledger_journals_loan_idx').on(t.loanId),
    index('ledger_journals_effective_date_idx').on(t.effectiveDate),
    check('ledger_journals_kind_check', sql`${t.kind} ~ '^[a-z][a-z0-9_]*$'`),
  ],
);

export const ledgerEntries = pgTable(
  'ledger_entries',
  {
    id: id(),
    journalId: ref('journal_id')
      .notNull()
      .references(() => ledgerJournals.id),
    accountId: ref('account_id')
      .notNull()
      .references(() => ledgerAccounts.id),
    // Fen. Positive = debit, negative = credit; a journal's entries sum to zero.
    amount: money('amount').notNull(),
    loanId: ref('loan_id').references(() => loans.id),
    installmentId: ref('installment_id').references(() => installments.id),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
  },
  (t) => [
    index('ledger_entries_journal_idx').on(t.journalId),
    index('ledger_entries_account_idx').on(t.accountId),
    index('ledger_entries_loan_idx').on(t.loanId),
    check('ledger_entries_amount_check', sql`${t.amount} <> 0`),
  ],
);

export type LedgerAccount = typeof ledgerAccounts.$inferSelect;
export type NewLedgerAccount = typeof ledgerAccounts.$inferInsert;
export type LedgerJournal = typeof ledgerJournals.$inferSelect;
export type NewLedgerJournal = typeof ledgerJournals.$inferInsert;
export type LedgerEntry = typeof ledgerEntries.$inferSelect;
export type NewLedgerEntry = typeof ledgerEntries.$inferInsert;
