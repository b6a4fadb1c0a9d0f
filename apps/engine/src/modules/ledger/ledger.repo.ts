import { eq, inArray, sql as drizzleSql } from 'drizzle-orm';
import { funders, ledgerAccounts, ledgerEntries, ledgerJournals } from '@repay/db/schema';
import type { Executor } from '../../lib/executor';
import type { LedgerRepo } from './ledger.types';

export function createLedgerRepo({ db }: Executor): LedgerRepo {
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
    const funderCodes = [
      ...new Set(unique.map((r) => r.funderCode).filter((c): c is string => !!c)),
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
        unique.map((r) => ({
          code: r.code,
          name: r.name,
          type: r.type,
          funderId: r.funderCode ? (funderIds.get(r.funderCode) ?? null) : null,
        })),
      )
      .onConflictDoNothing();
    const rows = await db
      .select({ id: ledgerAccounts.id, code: ledgerAccounts.code })
      .from(ledgerAccounts)
      .where(
        inArray(
          ledgerAccounts.code,
          unique.map((r) => r.code),
        ),
      );
    return new Map(rows.map((r) => [r.code, r.id]));
  }

  return {
    async insertJournal(journal) {
      const [row] = await db
        .insert(ledgerJournals)
        .values({
          idempotencyKey: journal.idempotencyKey,
          kind: journal.kind,
          effectiveDate: journal.effectiveDate,
          loanId: journal.loanId ?? null,
          ruleVersionId: journal.ruleVersionId ?? null,
          memo: journal.memo ?? null,
        })
        .onConflictDoNothing()
        .returning({ id: ledgerJournals.id });
      if (!row) return false;
      const ids = await accountIds(journal.entries.map((e) => e.account));
      await db.insert(ledgerEntries).values(
        journal.entries.map((e) => ({
          journalId: row.id,
          accountId: ids.get(e.account.code)!,
          amount: e.amount,
          loanId: journal.loanId ?? null,
        })),
      );
      return true;
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
