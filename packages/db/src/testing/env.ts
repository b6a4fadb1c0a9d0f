// The only place this package reads the environment (lint rule: process.env only in env.ts).

/** `DATABASE_URL` switches test databases from PGlite to a local PostgreSQL server. */
export const testDatabaseUrl = (): string | undefined => process.env.DATABASE_URL || undefined;
