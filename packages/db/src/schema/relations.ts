// Relations for drizzle's relational queries (`db.query.loans.findFirst({ with: … })`).
// They add no SQL; foreign keys live on the tables.
import { relations } from 'drizzle-orm';
import { sessions, users } from './auth';
import { ledgerAccounts, ledgerEntries, ledgerJournals } from './ledger';
import { installments, loans, planVersions } from './loans';
import { borrowers, cards } from './parties';
import { funders, products } from './reference';

export const fundersRelations = relations(funders, ({ many }) => ({ loans: many(loans) }));
export const productsRelations = relations(products, ({ many }) => ({ loans: many(loans) }));

export const borrowersRelations = relations(borrowers, ({ many }) => ({
  cards: many(cards),
  loans: many(loans),
}));
export const cardsRelations = relations(cards, ({ one }) => ({
  borrower: one(borrowers, { fields: [cards.borrowerId], references: [borrowers.id] }),
}));

export const loansRelations = relations(loans, ({ one, many }) => ({
  funder: one(funders, { fields: [loans.funderId], references: [funders.id] }),
  product: one(products, { fields: [loans.productId], references: [products.id] }),
  borrower: one(borrowers, { fields: [loans.borrowerId], references: [borrowers.id] }),
  card: one(cards, { fields: [loans.cardId], references: [cards.id] }),
  planVersions: many(planVersions),
  installments: many(installments),
}));
export const planVersionsRelations = relations(planVersions, ({ one, many }) => ({
  loan: one(loans, { fields: [planVersions.loanId], references: [loans.id] }),
  installments: many(installments),
}));
export const installmentsRelations = relations(installments, ({ one }) => ({
  loan: one(loans, { fields: [installments.loanId], references: [loans.id] }),
  planVersion: one(planVersions, {
    fields: [installments.planVersionId],
    references: [planVersions.id],
  }),
}));

export const ledgerJournalsRelations = relations(ledgerJournals, ({ many }) => ({
  entries: many(ledgerEntries),
}));
export const ledgerEntriesRelations = relations(ledgerEntries, ({ one }) => ({
  journal: one(ledgerJournals, {
    fields: [ledgerEntries.journalId],
    references: [ledgerJournals.id],
  }),
  account: one(ledgerAccounts, {
    fields: [ledgerEntries.accountId],
    references: [ledgerAccounts.id],
  }),
}));

export const usersRelations = relations(users, ({ many }) => ({ sessions: many(sessions) }));
export const sessionsRelations = relations(sessions, ({ one }) => ({
  user: one(users, { fields: [sessions.userId], references: [users.id] }),
}));
