// What a repository runs on: the drizzle handle (database or transaction) and the raw-SQL door
// bound to the same connection. Only *.repo.ts files use it.
import type { Db, Sql } from '@repay/db';

export interface Executor {
  db: Db;
  sql: Sql;
}
