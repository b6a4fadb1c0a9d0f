// Allowed values of every enumerated text column, stored as `text` + CHECK (ARCHITECTURE.md).
// The lists are the domain vocabulary of @repay/rules, defined once for the whole system.
export * from '@repay/rules/vocabulary';
