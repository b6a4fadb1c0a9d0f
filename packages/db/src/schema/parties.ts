// Borrowers and their cards. Sensitive values are stored three ways (ARCHITECTURE.md):
// `*_enc` AES-256-GCM ciphertext, `*_hash` keyed HMAC for lookups, `*_mask` for display.
import { index, pgTable, text, unique } from 'drizzle-orm/pg-core';
import { id, oneOf, ref, timestamps } from './columns';
import { ACTIVE_STATUSES } from './enums';

export const borrowers = pgTable(
  'borrowers',
  {
    id: id(),
    nameEnc: text('name_enc').notNull(),
    nameMask: text('name_mask').notNull(),
    idNoEnc: text('id_no_enc').notNull(),
    // One borrower per ID number: intake upserts on this hash.
    idNoHash: text('id_no_hash').notNull().unique(),
    idNoMask: text('id_no_mask').notNull(),
    mobileEnc: text('mobile_enc').notNull(),
    mobileHash: text('mobile_hash').notNull(),
    mobileMask: text('mobile_mask').notNull(),
    ...timestamps(),
  },
  (t) => [index('borrowers_mobile_hash_idx').on(t.mobileHash)],
);

export const cards = pgTable(
  'cards',
  {
    id: id(),
    borrowerId: ref('borrower_id')
      .notNull()
      .references(() => borrowers.id),
    cardNoEnc: text('card_no_enc').notNull(),
    cardNoHash: text('card_no_hash').notNull(),
    cardNoMask: text('card_no_mask').notNull(),
    bankCode: text('bank_code').notNull(),
    status: text('status', { enum: ACTIVE_STATUSES }).notNull().default('active'),
    ...timestamps(),
  },
  (t) => [
    unique('cards_borrower_card_unique').on(t.borrowerId, t.cardNoHash),
    // Statement lines and channel callbacks identify a card by number alone.
    index('cards_card_no_hash_idx').on(t.cardNoHash),
    oneOf('cards_status_check', t.status, ACTIVE_STATUSES),
  ],
);

export type Borrower = typeof borrowers.$inferSelect;
export type NewBorrower = typeof borrowers.$inferInsert;
export type Card = typeof cards.$inferSelect;
export type NewCard = typeof cards.$inferInsert;
