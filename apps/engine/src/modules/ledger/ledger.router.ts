import { router } from '../../trpc/init';
import { permittedProcedure } from '../../trpc/procedures';
import { collectionInput, journalInput, ledgerEntryInput } from './ledger.schema';

const read = permittedProcedure('ledger.read');

export const ledgerRouter = router({
  /** 流水: the ledger's lines under the filters, newest first. */
  entries: read
    .input(ledgerEntryInput)
    .query(({ ctx, input }) => ctx.services.ledgerBook.entries(input)),
  /** One journal with all its lines (they sum to zero). */
  journal: read
    .input(journalInput)
    .query(({ ctx, input }) => ctx.services.ledgerBook.journal(input.journalId)),
  /** The journal kinds and accounts so far (the search form's choices). */
  choices: read.query(({ ctx }) => ctx.services.ledgerBook.choices()),
  /** 还款记录: the money that came in on every loan (debits, offline, settlements, reversals). */
  collections: read
    .input(collectionInput)
    .query(({ ctx, input }) => ctx.services.ledgerBook.collections(input)),
});
