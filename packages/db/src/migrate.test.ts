import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type DbHandle } from './client';
import { migrate, migrationsFolder } from './migrate';
import { availableDrivers, openDriver } from './testing/drivers';
import { testDatabaseUrl } from './testing/env';
import { createEmptyPostgresDatabase } from './testing/postgres';
import type { TestDatabase } from './testing/index';

const journal = JSON.parse(
  await readFile(join(migrationsFolder, 'meta/_journal.json'), 'utf8'),
) as {
  entries: { tag: string }[];
};

const EXPECTED_TABLES = [
  'accrual_runs',
  'api_keys',
  'api_nonces',
  'asset_recon_breaks',
  'asset_recon_runs',
  'asset_transfer_loans',
  'asset_transfers',
  'audit_log',
  'borrowers',
  'business_clock',
  'business_lines',
  'card_agreements',
  'card_binding_attempts',
  'card_bindings',
  'cards',
  'channel_anomalies',
  'channel_daily_rollups',
  'channel_health_buckets',
  'channel_notifications',
  'channel_slot_leases',
  'channels',
  'debit_daily_failure_codes',
  'debit_daily_rollups',
  'debit_order_events',
  'debit_orders',
  'debit_resolutions',
  'debit_rollup_days',
  'debit_run_shards',
  'debit_runs',
  'fee_accruals',
  'funder_accounts',
  'funder_asset_files',
  'funder_asset_lines',
  'funders',
  'installments',
  'job_runs',
  'ledger_accounts',
  'ledger_entries',
  'ledger_journals',
  'loan_bucket_changes',
  'loans',
  'login_throttles',
  'money_daily_rollups',
  'money_rollup_days',
  'outbox_events',
  'payout_accounts',
  'payout_order_events',
  'payout_orders',
  'plan_versions',
  'position_movements',
  'products',
  'recon_case_actions',
  'recon_cases',
  'recon_runs',
  'refunds',
  'remittance_batches',
  'repayments',
  'report_forecast_rows',
  'report_forecast_runs',
  'risk_daily_rollups',
  'risk_roll_rollups',
  'risk_rollup_days',
  'routing_decisions',
  'rule_publications',
  'rule_sets',
  'rule_versions',
  'saved_views',
  'sessions',
  'settlement_quotes',
  'statement_formats',
  'statement_imports',
  'statement_lines',
  'users',
  'waivers',
];

async function tables(handle: DbHandle): Promise<string[]> {
  const rows = await handle.sql.query<{ table_name: string }>(
    `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name`,
  );
  return rows.map((r) => r.table_name);
}

async function appliedMigrations(handle: DbHandle): Promise<bigint> {
  const [row] = await handle.sql.query<{ n: bigint }>(
    `SELECT count(*) AS n FROM drizzle.__drizzle_migrations`,
  );
  return row!.n;
}

describe('migrate on PGlite', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'repay-db-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('applies every migration to a new data folder, and is a no-op when repeated or reopened', async () => {
    const dataDir = join(dir, 'nested', 'pglite');
    const first = await openDatabase({ dataDir });
    await migrate(first);
    await migrate(first);
    expect(await tables(first)).toEqual(EXPECTED_TABLES);
    expect(await appliedMigrations(first)).toBe(BigInt(journal.entries.length));
    await first.close();

    const again = await openDatabase({ dataDir });
    await migrate(again);
    expect(await appliedMigrations(again)).toBe(BigInt(journal.entries.length));
    await again.close();
  });
});

describe.skipIf(testDatabaseUrl() === undefined)('migrate on PostgreSQL', () => {
  it('applies every migration to an empty database; concurrent migrators do not collide', async () => {
    const empty = await createEmptyPostgresDatabase(testDatabaseUrl()!);
    const a = await openDatabase({ url: empty.url });
    const b = await openDatabase({ url: empty.url });
    try {
      await Promise.all([migrate(a), migrate(b)]);
      await migrate(a);
      expect(await tables(a)).toEqual(EXPECTED_TABLES);
      expect(await appliedMigrations(a)).toBe(BigInt(journal.entries.length));
    } finally {
      await a.close();
      await b.close();
      await empty.drop();
    }
  });
});

// The same migrations must produce the same schema on both engines.
describe.skipIf(availableDrivers().length < 2)('schema parity', () => {
  const dbs: TestDatabase[] = [];
  beforeAll(async () => {
    dbs.push(await openDriver('pglite'), await openDriver('postgres'));
  });
  afterAll(async () => {
    await Promise.all(dbs.map((d) => d.dispose()));
  });

  const describeSchema = async (handle: DbHandle) => ({
    columns: await handle.sql.query(
      `SELECT table_name, column_name, data_type, is_nullable, column_default
         FROM information_schema.columns WHERE table_schema = 'public'
        ORDER BY table_name, column_name`,
    ),
    // PostgreSQL 18 (PGlite 0.5) also lists NOT NULL as constraints (contype 'n'); 15 does not.
    constraints: await handle.sql.query(
      `SELECT conrelid::regclass::text AS tbl, conname, pg_get_constraintdef(oid) AS def
         FROM pg_constraint WHERE connamespace = 'public'::regnamespace AND contype <> 'n' ORDER BY 1, 2`,
    ),
    indexes: await handle.sql.query(
      `SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' ORDER BY 1, 2`,
    ),
    triggers: await handle.sql.query(
      `SELECT tgrelid::regclass::text AS tbl, tgname, tgdeferrable, tginitdeferred
         FROM pg_trigger WHERE NOT tgisinternal ORDER BY 1, 2`,
    ),
  });

  it('columns, constraints, indexes and triggers are identical', async () => {
    const [pglite, postgres] = await Promise.all(dbs.map((d) => describeSchema(d)));
    expect(pglite).toEqual(postgres);
    // The ledger's, the debit and payout guards, final payouts, the debit orders' report
    // dimensions, and the append-only logs' (audit, reconciliation cases, payout history).
    const names = pglite!.triggers.map((t) => (t as { tgname: string }).tgname);
    for (const name of [
      'recon_case_actions_append_only',
      'payout_orders_guard',
      'payout_orders_final',
      'payout_order_events_append_only',
      'debit_orders_dimensions',
    ])
      expect(names).toContain(name);
    expect(pglite!.triggers).toHaveLength(11);
  });
});
