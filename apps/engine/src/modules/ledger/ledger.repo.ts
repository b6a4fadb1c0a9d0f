import { eq, inArray, sql as drizzleSql } from 'drizzle-orm';
import { funders, ledgerAccounts, ledgerEntries } from '@repay/db/schema';
import type { Executor } from '../../lib/executor';
import { attribute, type OwnershipChange } from './attribution';
import type { AccountRef, Journal, LedgerRepo } from './ledger.types';
import { bigintOf } from '../../lib/rows';

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

  /** Completed transfers of the journals' loans, in cut-off order per loan. */
  async function ownershipOf(loanIds: bigint[]) {
    const changes = new Map<string, OwnershipChange[]>();
    if (loanIds.length === 0) return changes;
    const rows = await sql.query<{ loanId: string; cutoffDate: string; from: string; to: string }>(
      `SELECT t.loan_id::text AS "loanId", t.cutoff_date::text AS "cutoffDate", f.code AS "from", g.code AS "to"
         FROM asset_transfer_loans t
         JOIN funders f ON f.id = t.from_funder_id JOIN funders g ON g.id = t.to_funder_id
        WHERE t.status = 'completed' AND t.loan_id = ANY($1::bigint[])
        ORDER BY t.loan_id, t.cutoff_date, t.completed_at`,
      [loanIds],
    );
    for (const r of rows) {
      const list = changes.get(r.loanId) ?? [];
      list.push({ cutoffDate: r.cutoffDate, from: r.from, to: r.to });
      changes.set(r.loanId, list);
    }
    return changes;
  }

  /** Each journal on the accounts of the loan's owner at its effective date. */
  async function attributed(journals: Journal[]) {
    const loanIds = [
      ...new Set(journals.filter((j) => j.loanId && !j.keepAccounts).map((j) => j.loanId!)),
    ];
    const changes = await ownershipOf(loanIds);
    if (changes.size === 0) return journals;
    return journals.map((j) => (j.loanId ? attribute(j, changes.get(String(j.loanId)) ?? []) : j));
  }

  return {
    async insertJournals(given) {
      if (given.length === 0) return new Set<string>();
      const journals = await attributed(given);
      const entries = journals.flatMap((j) => j.entries.map((e) => ({ journal: j, entry: e })));
      const ids = await accountIds(entries.map((e) => e.entry.account));
      // One statement for the journals and their entries (migration 0021): each journal must
      // be complete at the end of the statement that inserts it. A journal posted before
      // (its key exists) inserts nothing, nor do its entries.
      const inserted = await sql.query<{ key: string }>(
        `WITH posted AS (
           INSERT INTO ledger_journals (idempotency_key, kind, effective_date, loan_id, rule_version_id, memo)
           SELECT * FROM unnest($1::text[], $2::text[], $3::date[], $4::bigint[], $5::bigint[], $6::text[])
           ON CONFLICT (idempotency_key) DO NOTHING
           RETURNING id, idempotency_key),
         lines AS (
           INSERT INTO ledger_entries (journal_id, account_id, amount, loan_id)
           SELECT p.id, x.account_id, x.amount, x.loan_id
             FROM unnest($7::text[], $8::bigint[], $9::bigint[], $10::bigint[]) AS x(key, account_id, amount, loan_id)
             JOIN posted p ON p.idempotency_key = x.key)
         SELECT idempotency_key AS key FROM posted`,
        [
          journals.map((j) => j.idempotencyKey),
          journals.map((j) => j.kind),
          journals.map((j) => j.effectiveDate),
          journals.map((j) => j.loanId ?? null),
          journals.map((j) => j.ruleVersionId ?? null),
          journals.map((j) => j.memo ?? null),
          entries.map((e) => e.journal.idempotencyKey),
          entries.map((e) => ids.get(e.entry.account.code)!),
          entries.map((e) => e.entry.amount),
          entries.map((e) => e.journal.loanId ?? null),
        ],
      );
      return new Set(inserted.map((r) => r.key));
    },

    async entriesOf(idempotencyKey) {
      const rows = await sql.query<{
        code: string;
        name: string;
        type: AccountRef['type'];
        funderCode: string | null;
        amount: unknown;
      }>(
        `SELECT a.code, a.name, a.type, f.code AS "funderCode", e.amount
           FROM ledger_journals j
           JOIN ledger_entries e ON e.journal_id = j.id
           JOIN ledger_accounts a ON a.id = e.account_id
           LEFT JOIN funders f ON f.id = a.funder_id
          WHERE j.idempotency_key = $1 ORDER BY e.id`,
        [idempotencyKey],
      );
      return rows.map((r) => ({
        account: {
          code: r.code,
          name: r.name,
          type: r.type,
          ...(r.funderCode === null ? {} : { funderCode: r.funderCode }),
        },
        amount: bigintOf(r.amount),
      }));
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
