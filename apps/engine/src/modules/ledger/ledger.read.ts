// The ledger as finance reads it: lines (流水) under filters, one journal whole (its lines sum to
// zero), the choices of the search form, and the money that came in on loans (还款记录: every
// collection journal, with what it paid per component). Amounts in yuan.
import { fenToYuan } from '@repay/rules';
import { notFound } from '../../lib/errors';
import { readKeysetPage } from '../../lib/paging';
import type { CollectionRow, EntryRow, LedgerReadRepo } from './ledger.read.repo';
import { KIND_OF_SOURCE } from './ledger.read.repo';
import type { CollectionFilter, CollectionSource, LedgerEntryFilter } from './ledger.schema';

const SOURCE_OF_KIND = Object.fromEntries(
  Object.entries(KIND_OF_SOURCE).map(([source, kind]) => [kind, source]),
) as Record<string, CollectionSource>;

const entryView = (r: EntryRow) => ({
  id: String(r.id),
  journalId: String(r.journalId),
  journalKey: r.journalKey,
  kind: r.kind,
  effectiveDate: r.effectiveDate,
  accountCode: r.accountCode,
  accountName: r.accountName,
  accountType: r.accountType,
  funderCode: r.funderCode,
  orderNo: r.orderNo,
  period: r.period,
  /** Positive: debit (借); negative: credit (贷). */
  amount: fenToYuan(r.amount),
  debit: r.amount > 0n ? fenToYuan(r.amount) : null,
  credit: r.amount < 0n ? fenToYuan(-r.amount) : null,
  memo: r.memo,
  at: r.createdAt.toISOString(),
});

export type LedgerEntryView = ReturnType<typeof entryView>;

const collectionView = (r: CollectionRow) => {
  const total = r.principal + r.interest + r.fee + r.penalty + r.unallocated;
  return {
    id: String(r.id),
    journalId: String(r.id),
    /** The journal's key less its kind: the debit order, the offline reference, the quote. */
    reference: r.key.slice(r.key.indexOf(':') + 1),
    source: SOURCE_OF_KIND[r.kind] ?? 'debit',
    effectiveDate: r.effectiveDate,
    at: r.createdAt.toISOString(),
    orderNo: r.orderNo,
    productCode: r.productCode,
    businessLine: r.businessLine,
    /** The borrower's name as its mask. */
    borrowerName: r.borrowerName,
    funderCode: r.funderCode,
    channel: r.channel,
    amount: fenToYuan(total),
    principal: fenToYuan(r.principal),
    interest: fenToYuan(r.interest),
    fee: fenToYuan(r.fee),
    penalty: fenToYuan(r.penalty),
    unallocated: fenToYuan(r.unallocated),
  };
};

export type CollectionView = ReturnType<typeof collectionView>;

export function createLedgerBook(deps: { repo: LedgerReadRepo }) {
  const { repo } = deps;
  return {
    async entries(filter: LedgerEntryFilter & { limit: number; cursor?: string | null }) {
      const { page, nextCursor } = await readKeysetPage(filter, (q) => repo.entries(q));
      return { items: page.map(entryView), nextCursor };
    },

    async journal(journalId: string) {
      const found = await repo.journal(BigInt(journalId));
      if (!found) throw notFound(`journal ${journalId}`, 'journalId');
      const first = found.lines[0]!;
      const total = found.lines.reduce((sum, l) => sum + l.amount, 0n);
      return {
        id: journalId,
        key: first.journalKey,
        kind: first.kind,
        effectiveDate: first.effectiveDate,
        orderNo: first.orderNo,
        memo: first.memo,
        ruleVersionId: found.ruleVersionId,
        at: found.createdAt.toISOString(),
        /** The sum of the lines: zero, as the ledger's trigger holds every journal. */
        total: fenToYuan(total),
        debits: fenToYuan(found.lines.reduce((s, l) => (l.amount > 0n ? s + l.amount : s), 0n)),
        lines: found.lines.map(entryView),
      };
    },

    async choices() {
      const { kinds, accounts } = await repo.choices();
      return {
        kinds,
        accounts,
        accountKinds: [...new Set(accounts.map((a) => a.code.split(':')[0]!))].sort(),
      };
    },

    async collections(filter: CollectionFilter & { limit: number; cursor?: string | null }) {
      const { page, nextCursor } = await readKeysetPage(filter, (q) => repo.collections(q));
      return { items: page.map(collectionView), nextCursor };
    },
  };
}

export type LedgerBook = ReturnType<typeof createLedgerBook>;
