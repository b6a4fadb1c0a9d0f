// What a repository runs on: the drizzle handle (database or transaction) and the raw-SQL door
// bound to the same connection. Repositories (*.repo.ts) and the modules' cross-module
// functions (*.api.ts) query through it; a service never does: it hands its transaction's
// executor (`repos.tx`) to another module's function.
import type { Db, Sql } from '@repay/db';

export interface Executor {
  db: Db;
  sql: Sql;
}
