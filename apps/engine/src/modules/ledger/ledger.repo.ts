import { eq, inArray, sql as drizzleSql } from 'drizzle-orm';
import { funders, ledgerAccounts, ledgerEntries } from '@repay/db/schema';
import type { Executor } from '../../lib/executor';
import type { LedgerRepo } from './ledger.types';

export function createLedgerRepo({ db, sql }: Executor): LedgerRepo {
  /** Accounts are created on first use; their codes are the chart of accounts (accounts.ts). */
  async function accountIds(
    refs: {
      code: string;
      name: string;
      type: 'asset' | 'liability' | 'income' | 'expense' | 'equity';
      funderCode?: string;
    }[],
  ) {
    const unique = [...new Map(refs.map((r) => [r.code, r])).values()];
    const idsOf = async (codes: string[]) =>
      (
        await db
          .select({ id: ledgerAccounts.id, code: ledgerAccounts.code })
          .from(ledgerAccounts)
          .where(inArray(ledgerAccounts.code, codes))
      ).map((r): [string, bigint] => [r.code, r.id]);
    const ids = new Map(unique.length ? await idsOf(unique.map((r) => r.code)) : []);
    const missing = unique.filter((r) => !ids.has(r.code));
    if (missing.length === 0) return ids;
    const funderCodes = [
      ...new Set(missing.map((r) => r.funderCode).filter((c): c is string => !!c)),
    ];
    const funderIds = new Map(
      funderCodes.length
        ? (
            await db
              .select({ id: funders.id, code: funders.code })
              .from(funders)
              .where(inArray(funders.code, funderCodes))
          ).map((f) => [f.code, f.id])
        : [],
    );
    await db
      .insert(ledgerAccounts)
      .values(
        missing.map((r) => ({
          code: r.code,
          name: r.name,
          type: r.type,
          funderId: r.funderCode ? (funderIds.get(r.funderCode) ?? null) : null,
        })),
      )
      .onConflictDoNothing();
    for (const [code, id] of await idsOf(missing.map((r) => r.code))) ids.set(code, id);
    return ids;
  }

  return {
    async insertJournals(journals) {
      if (journals.length === 0) return new Set<string>();
      // Set-based (unnest): a batch of journals is one statement, however many.
      const inserted = await sql.query<{ id: string; key: string }>(
        `INSERT INTO ledger_journals (idempotency_key, kind, effective_date, loan_id, rule_version_id, memo)
         SELECT * FROM unnest($1::text[], $2::text[], $3::date[], $4::bigint[], $5::bigint[], $6::text[])
         ON CONFLICT (idempotency_key) DO NOTHING
         RETURNING id::text, idempotency_key AS key`,
        [
          journals.map((j) => j.idempotencyKey),
          journals.map((j) => j.kind),
          journals.map((j) => j.effectiveDate),
          journals.map((j) => j.loanId ?? null),
          journals.map((j) => j.ruleVersionId ?? null),
          journals.map((j) => j.memo ?? null),
        ],
      );
      if (inserted.length === 0) return new Set<string>();
      const idOf = new Map(inserted.map((r) => [r.key, BigInt(r.id)]));
      const entries = journals
        .filter((j) => idOf.has(j.idempotencyKey))
        .flatMap((j) => j.entries.map((e) => ({ journal: j, entry: e })));
      const ids = await accountIds(entries.map((e) => e.entry.account));
      await sql.query(
        `INSERT INTO ledger_entries (journal_id, account_id, amount, loan_id)
         SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::bigint[], $4::bigint[])`,
        [
          entries.map((e) => idOf.get(e.journal.idempotencyKey)!),
          entries.map((e) => ids.get(e.entry.account.code)!),
          entries.map((e) => e.entry.amount),
          entries.map((e) => e.journal.loanId ?? null),
        ],
      );
      return new Set(idOf.keys());
    },

    async insertJournal(journal) {
      return (await this.insertJournals([journal])).has(journal.idempotencyKey);
    },

    async balances(filter) {
      const rows = await db
        .select({
          accountCode: ledgerAccounts.code,
          balance: drizzleSql<string>`coalesce(sum(${ledgerEntries.amount}), 0)::text`,
        })
        .from(ledgerAccounts)
        .leftJoin(ledgerEntries, eq(ledgerEntries.accountId, ledgerAccounts.id))
        .leftJoin(funders, eq(funders.id, ledgerAccounts.funderId))
        .where(filter.funderCode ? eq(funders.code, filter.funderCode) : undefined)
        .groupBy(ledgerAccounts.code)
        .orderBy(ledgerAccounts.code);
      return rows.map((r) => ({ accountCode: r.accountCode, balance: BigInt(r.balance) }));
    },
  };
}
