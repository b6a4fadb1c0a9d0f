// @repay/db: schema, client factory, raw-SQL door, migrations. Tests: `@repay/db/testing`.
export {
  openDatabase,
  type Db,
  type DbHandle,
  type Driver,
  type OpenDatabaseOptions,
  type Schema,
  type Tx,
} from './client';
export { copyText, jsonArray, sqlFor, type CopyIn, type Sql } from './sql';
export { sqlList } from './sql-list';
export { migrate, migrationsFolder } from './migrate';
export { createJobQueue, type JobQueue } from './jobs';
export {
  isUniqueViolation,
  pgError,
  PG_CHECK_VIOLATION,
  PG_FOREIGN_KEY_VIOLATION,
  PG_RESTRICT_VIOLATION,
  PG_UNIQUE_VIOLATION,
  type PgErrorInfo,
} from './errors';
export * from './schema/index';
