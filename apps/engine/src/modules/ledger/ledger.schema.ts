// The ledger lists' filters: one schema each for the console's list (tRPC, with cursor and
// limit) and its export (the query string of GET /exports/<list>.csv), so both read the same rows.
import { z } from 'zod';

/** A database id: a keyset page's cursor, a journal. */
const id = z.string().regex(/^\d{1,18}$/, 'an id');
const date = z.iso.date('a date as YYYY-MM-DD');
const text = (max: number) => z.string().trim().min(1).max(max);

/** Business dates (the journal's effective date, Asia/Shanghai), both ends included. */
const dates = { from: date.optional(), to: date.optional() };

/** A range that ends before it starts is refused on `to`. */
function ordered(v: { from?: string; to?: string }, ctx: z.RefinementCtx) {
  if (v.from && v.to && v.to < v.from)
    ctx.addIssue({ code: 'custom', path: ['to'], message: 'the end is before the start' });
}

const entryShape = {
  ...dates,
  /** An account's whole code (`clearing.collections:F-TRUST-01`). */
  account: text(128).optional(),
  /** The account's kind: its code before the funder (`clearing.collections`). */
  accountKind: z
    .string()
    .trim()
    .regex(/^[a-z][a-z0-9_.]*$/, 'an account kind such as clearing.collections')
    .max(64)
    .optional(),
  /** The funder the account belongs to. */
  funderCode: text(32).optional(),
  /** The loan's order number (lines of its journals). */
  orderNo: text(64).optional(),
  /** The journal's kind (`debit_collected`, `loan_booked`, …). */
  kind: z
    .string()
    .trim()
    .regex(/^[a-z][a-z0-9_]*$/, 'a journal kind such as debit_collected')
    .max(64)
    .optional(),
};

const paging = {
  cursor: id.nullish(),
  limit: z.number().int().min(1).max(200).default(50),
};

export const ledgerEntryFilter = z.strictObject(entryShape).superRefine(ordered);
export const ledgerEntryInput = z.strictObject({ ...entryShape, ...paging }).superRefine(ordered);
export type LedgerEntryFilter = z.infer<typeof ledgerEntryFilter>;

/** What a collection journal was: a channel debit, offline, a settlement, a reversal (冲正). */
export const COLLECTION_SOURCES = ['debit', 'offline', 'settlement', 'reversal'] as const;
export type CollectionSource = (typeof COLLECTION_SOURCES)[number];

const collectionShape = {
  ...dates,
  source: z.enum(COLLECTION_SOURCES).optional(),
  /** The funder the money was booked to (the loan's owner at the journal's date). */
  funderCode: text(32).optional(),
  productCode: text(32).optional(),
  orderNo: text(64).optional(),
};

export const collectionFilter = z.strictObject(collectionShape).superRefine(ordered);
export const collectionInput = z
  .strictObject({ ...collectionShape, ...paging })
  .superRefine(ordered);
export type CollectionFilter = z.infer<typeof collectionFilter>;

export const journalInput = z.strictObject({ journalId: id });
