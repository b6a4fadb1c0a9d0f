import { defaultInstances } from '@repay/channel-sandbox/instances';
import { buildSandbox, type Sandbox } from '@repay/channel-sandbox/server';
import { isValidCardNo } from '@repay/rules';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../testing/harness';
import { demoLoanInput, seedDemoAgreements, seedDemoLoans, seedReference } from './demo-seed';

let h: Harness;
let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await buildSandbox({ instances: defaultInstances() });
  h = await startHarness({ sandboxUrl: await sandbox.app.listen({ port: 0, host: '127.0.0.1' }) });
});
afterAll(async () => {
  await h.close();
  await sandbox.app.close();
});

describe('demo seed', () => {
  it('creates loans across the three business lines with paid, due and overdue installments', async () => {
    const result = await seedDemoLoans(h.app, 60);
    expect(result.created).toBe(60);
    const statuses = await h.app.database.sql.query<{ status: string; n: bigint }>(
      `select status, count(*)::bigint as n from installments group by status`,
    );
    const byStatus = Object.fromEntries(statuses.map((s) => [s.status, Number(s.n)]));
    expect(byStatus.paid).toBeGreaterThan(0);
    expect(byStatus.pending).toBeGreaterThan(0);
    expect(byStatus.overdue ?? 0).toBeGreaterThan(0);
    const lines = await h.app.database.sql.query<{ business_line: string }>(
      `select distinct business_line from loans order by 1`,
    );
    expect(lines.map((l) => l.business_line)).toEqual(['consumer', 'lease', 'supply_chain']);
  });

  it('gives every demo loan a card number that passes the check an upstream request must pass', () => {
    const cards = Array.from({ length: 200 }, (_, i) => demoLoanInput(i, '2026-03-15').card!);
    expect(cards.filter((c) => !isValidCardNo(c.cardNo))).toEqual([]);
  });

  it('is idempotent: seeding again creates nothing', async () => {
    const again = await seedDemoLoans(h.app, 60);
    expect(again.created).toBe(0);
    expect((await seedReference(h.app)).created).toEqual([]);
  });

  it("keeps the ledger in step with the plans: each funder's principal receivable = outstanding principal", async () => {
    const rows = await h.app.database.sql.query<{ code: string; ledger: bigint; loans: bigint }>(
      `select f.code,
              coalesce((select sum(e.amount) from ledger_entries e join ledger_accounts a on a.id = e.account_id
                         where a.code = 'receivable.principal:' || f.code), 0)::bigint as ledger,
              coalesce((select sum(l.outstanding_principal) from loans l where l.funder_id = f.id), 0)::bigint as loans
         from funders f order by f.code`,
    );
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) expect(r.ledger).toBe(r.loans);
    const [unbalanced] = await h.app.database.sql.query<{ n: bigint }>(
      `select count(*)::bigint as n from (select journal_id from ledger_entries group by journal_id having sum(amount) <> 0) x`,
    );
    expect(unbalanced?.n).toBe(0n);
  });

  it('marks past-due unpaid installments overdue with their overdue days', async () => {
    const rows = await h.app.database.sql.query<{ bad: bigint }>(
      `select count(*)::bigint as bad from installments
        where is_current and status = 'overdue' and overdue_days <> ('2026-03-15'::date - due_date)`,
    );
    expect(rows[0]?.bad).toBe(0n);
    const [pastPending] = await h.app.database.sql.query<{ n: bigint }>(
      `select count(*)::bigint as n from installments where is_current and status = 'pending' and due_date < '2026-03-15'`,
    );
    expect(pastPending?.n).toBe(0n);
  });

  it('binds the demo cards at the sandbox channels once, so windows have something to debit', async () => {
    const bound = await seedDemoAgreements(h.app, 1000);
    const [active] = await h.app.database.sql.query<{ n: number }>(
      `select count(*)::int as n from loans where status = 'active'`,
    );
    expect(bound).toBeGreaterThan(0);
    expect(bound).toBeLessThanOrEqual(active!.n);
    const [agreements] = await h.app.database.sql.query<{ cards: number }>(
      `select count(distinct card_id)::int as cards from card_agreements where status = 'active'`,
    );
    expect(agreements!.cards).toBe(bound);
    expect(await seedDemoAgreements(h.app, 1000)).toBe(0);
  });
});
