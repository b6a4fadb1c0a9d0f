// What only the composition needs of the ledger: its read side for the console (the posting
// side is the module's door, index.ts, used inside each module's transaction).
export { createLedgerReadRepo } from './ledger.read.repo';
export { createLedgerBook } from './ledger.read';
export { ledgerRouter } from './ledger.router';
export { ledgerExports } from './ledger.export';
