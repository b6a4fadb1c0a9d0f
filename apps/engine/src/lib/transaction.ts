/**
 * Runs `fn` in one database transaction with repositories bound to it: services own the
 * boundary (what must commit together) without touching drizzle.
 */
export type Transactor<R> = <T>(fn: (repos: R) => Promise<T>) => Promise<T>;
