// The engine runs as a role that may only read and write rows (the grants below, as the docs give
// them): its main flows work — a loan over REST, a card bound, a window run settled, the nightly
// accrual, console sign-in, the job engine — and that role can neither change the schema nor
// rewrite the audit log or the ledger. Roles exist on PostgreSQL only: PGlite has one superuser.
import { randomBytes } from 'node:crypto';
import { defaultInstances } from '@repay/channel-sandbox/instances';
import { buildSandbox, type Sandbox } from '@repay/channel-sandbox/server';
import { openDatabase, pgError, type DbHandle } from '@repay/db';
import { testDatabaseUrl } from '@repay/db/testing';
import { luhnCardNo } from '@repay/rules';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from './http/server';
import { startJobs } from './jobs';
import { signedHeaders } from './lib/api-signature';
import { exampleLoan, openApp, startHarness, type App, type Harness } from './testing/harness';

const role = `repay_app_${randomBytes(4).toString('hex')}`;
const password = randomBytes(12).toString('hex');

/** What the engine's role is granted (the owner runs the migrations). */
const appRoleGrants = (database: string, roleName: string) => [
  `GRANT CONNECT ON DATABASE "${database}" TO ${roleName}`,
  ...['public', 'pgboss'].flatMap((schema) => [
    `GRANT USAGE ON SCHEMA ${schema} TO ${roleName}`,
    `GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA ${schema} TO ${roleName}`,
    `GRANT USAGE ON ALL SEQUENCES IN SCHEMA ${schema} TO ${roleName}`,
    `GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA ${schema} TO ${roleName}`,
  ]),
];

describe.skipIf(testDatabaseUrl() === undefined)(
  'least privilege: the engine on a role with row privileges only (PostgreSQL; PGlite has no roles)',
  () => {
    let sandbox: Sandbox;
    let h: Harness;
    let restricted: DbHandle;
    let app: App;
    let baseUrl: string;
    let close: () => Promise<void>;

    beforeAll(async () => {
      sandbox = await buildSandbox({ instances: defaultInstances() });
      h = await startHarness({
        sandboxUrl: await sandbox.app.listen({ port: 0, host: '127.0.0.1' }),
      });
      // The owner creates the job engine's schema and queues once (as a deployment's migration
      // step would), then the role is granted rows in both schemas.
      const ownerJobs = await startJobs(h.app, { schedule: true, work: false });
      await ownerJobs.stop({ graceful: false, wait: true });
      const url = new URL(h.database.url!);
      const admin = postgres(url.toString(), { max: 1, onnotice: () => {} });
      await admin.unsafe(`CREATE ROLE ${role} LOGIN PASSWORD '${password}'`);
      for (const grant of appRoleGrants(url.pathname.slice(1), role)) await admin.unsafe(grant);
      await admin.end();

      url.username = role;
      url.password = password;
      restricted = await openDatabase({ url: url.toString(), max: 4 });
      app = await openApp({ env: h.app.env, database: restricted, clock: h.clock });
      const server = await buildServer(app, { logger: false });
      baseUrl = await server.listen({ port: 0, host: '127.0.0.1' });
      close = async () => {
        await server.close();
        await app.close();
      };
    }, 120_000);

    afterAll(async () => {
      await close?.();
      await h?.close();
      await sandbox?.app.close();
      const admin = postgres(testDatabaseUrl()!, { max: 1, onnotice: () => {} });
      await admin.unsafe(`DROP ROLE IF EXISTS ${role}`);
      await admin.end();
    });

    async function api(method: string, path: string, body: unknown) {
      const raw = JSON.stringify(body);
      const res = await fetch(baseUrl + path, {
        method,
        headers: {
          ...signedHeaders(h.credentials, { method, pathWithQuery: path, body: raw }),
          'content-type': 'application/json',
        },
        body: raw,
      });
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    }

    it('runs the main flows', async () => {
      const [who] = await restricted.sql.query<{ user: string }>(`SELECT current_user AS user`);
      expect(who?.user).toBe(role);

      // A loan over REST (nonce, loan, plan, journal, outbox, audit) and its card bound.
      expect((await api('POST', '/api/v1/loans', exampleLoan({ orderNo: 'LP-0001' }))).status).toBe(
        201,
      );
      const card = {
        orderNo: 'LP-0001',
        cardNo: luhnCardNo('62220202010010', '0000'),
        bankCode: 'ICBC',
        mobile: '13800138000',
      };
      const started = await api('POST', '/api/v1/cards/bind', card);
      const bound = await api(
        'POST',
        `/api/v1/cards/bind/${String(started.body.bindingId)}/confirm`,
        {
          smsCode: '123456',
        },
      );
      expect(bound.status, JSON.stringify([started.body, bound.body])).toBe(200);

      // A window run: shards claimed with leases, orders sent, answers applied, ledger posted.
      const run = await app.services.debitRuns.startRun(
        { date: '2026-03-15', window: '10:00' },
        'least-privilege',
      );
      await app.services.debitRuns.work(run.runId);
      const [orders] = await restricted.sql.query<{ succeeded: number; journals: number }>(
        `SELECT (SELECT count(*)::int FROM debit_orders WHERE status = 'succeeded') AS succeeded,
                (SELECT count(*)::int FROM ledger_journals) AS journals`,
      );
      expect(orders?.succeeded).toBeGreaterThan(0);
      expect(orders?.journals).toBeGreaterThan(1);

      // The nightly accrual, console sign-in (throttle rows, sessions), user administration.
      await app.services.overdueAccrual.catchUp('least-privilege');
      await expect(
        app.services.auth.login({ username: 'ops', password: 'nope', clientAddress: '10.0.0.1' }),
      ).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
      const session = await app.services.auth.login({
        username: 'ops',
        password: 'repay123',
        clientAddress: '10.0.0.1',
      });
      expect(await app.services.auth.sessionUser(session.token)).toMatchObject({ username: 'ops' });
      await app.services.auth.logoutEverywhere(session.user);
      await app.services.auth.prune();
      await app.services.apiKeys.pruneNonces();

      // The job engine starts, schedules and stops on the same role.
      const jobs = await startJobs(app, { schedule: true, work: true });
      await jobs.stop({ graceful: true, wait: true, timeout: 5_000 });
    }, 120_000);

    it.each([
      ['ALTER TABLE loans ADD COLUMN note text', 'insufficient_privilege'],
      ['DROP TABLE audit_log', 'insufficient_privilege'],
      ['CREATE TABLE shadow (id int)', 'insufficient_privilege'],
      ['ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only', 'insufficient_privilege'],
      ['TRUNCATE audit_log', 'insufficient_privilege'],
      ['TRUNCATE ledger_entries', 'insufficient_privilege'],
      [`UPDATE audit_log SET reason = 'rewritten'`, 'restrict_violation'],
      ['DELETE FROM audit_log', 'restrict_violation'],
      ['UPDATE ledger_entries SET amount = amount', 'restrict_violation'],
      ['DELETE FROM ledger_journals', 'restrict_violation'],
    ])('refuses %s (%s)', async (statement, expected) => {
      const error = await restricted.sql.query(statement).catch((e: unknown) => e);
      const codes = { insufficient_privilege: '42501', restrict_violation: '23001' } as const;
      expect(pgError(error)?.code).toBe(codes[expected as keyof typeof codes]);
    });
  },
);
