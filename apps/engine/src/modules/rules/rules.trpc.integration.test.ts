import { addDays, exampleRemittance } from '@repay/rules';
import { type TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Caller, type Harness } from '../../testing/harness';
import { seedDemoLoans } from '../../seed/demo-seed';

let h: Harness;
let pm: Caller;
let admin: Caller;
let finance: Caller;
let ops: Caller;
let auditor: Caller;
beforeAll(async () => {
  h = await startHarness();
  await seedDemoLoans(h.app, 60);
  pm = await h.callerAs('pm');
  admin = await h.callerAs('admin');
  finance = await h.callerAs('finance');
  ops = await h.callerAs('ops');
  auditor = await h.callerAs('auditor');
});
afterAll(() => h.close());

const errorOf = (p: Promise<unknown>) =>
  p.then(
    () => {
      throw new Error('expected a refusal');
    },
    (e: unknown) => e as TRPCError,
  );
const now = () => h.app.clock.now();

const feeBody = (multiplier: string, graceDays = 0) => ({
  charges: [
    {
      id: 'penalty',
      type: 'penalty',
      name: '罚息',
      base: 'overdue_principal',
      formula: `base * contractRate * ${multiplier} / dayBase`,
      dayBase: 360,
      graceDays,
      accrueFrom: 'due_date',
      rounding: 'on_total',
      // Within every business line's all-in ceiling (36 %), whatever the loan's rate.
      caps: { annualRate: '0.36' },
    },
  ],
});

/** finance drafts, pm approves: the four-eyes path to an approved version. */
async function approvedVersion(ruleSetId: string, body: unknown) {
  const draft = await finance.rules.saveDraft({ ruleSetId, body, note: 'test' });
  await finance.rules.submit({ versionId: draft.id });
  await pm.rules.approve({ versionId: draft.id });
  return draft.id;
}

describe('seeded rules', () => {
  it('resolve by most specific scope, with the version id recorded', async () => {
    const { ruleResolver } = h.app.services;
    const trust = await ruleResolver.resolveRule(
      'fee',
      { businessLine: 'consumer', funderCode: 'F-TRUST-01', productCode: 'CONSUMER-STD' },
      now(),
    );
    expect(trust?.scopeKey).toBe('F-TRUST-01');
    expect(trust?.rule.charges[0]?.graceDays).toBe(3);
    expect(trust?.versionId).toMatch(/^\d+$/);
    const self = await ruleResolver.resolveRule(
      'fee',
      { businessLine: 'consumer', funderCode: 'F-SELF-03' },
      now(),
    );
    expect(self?.scopeType).toBe('global');
    const lease = await ruleResolver.resolveRule('window', { businessLine: 'lease' }, now());
    expect(lease?.rule.slots.map((s) => s.start)).toEqual(['12:00', '18:00']);
    const scf = await ruleResolver.resolveRule('window', { businessLine: 'supply_chain' }, now());
    expect(scf?.scopeType).toBe('global');
  });

  it('answer "which rule governs this loan" for every kind', async () => {
    const loan = (await auditor.loans.list({ funderCode: 'F-TRUST-01', limit: 1 })).items[0]!;
    const inForce = await auditor.rules.forLoan({ orderNo: loan.orderNo });
    expect(inForce.map((r) => r.kind)).toEqual([
      'fee',
      'window',
      'sms',
      'routing',
      'allocation',
      'remittance',
    ]);
    expect(inForce.every((r) => r.resolved !== null)).toBe(true);
    expect(inForce.find((r) => r.kind === 'fee')?.resolved?.ruleSetName).toBe('华信信托逾期费用');
  });

  it('are listed with their published version', async () => {
    const list = await auditor.rules.list({});
    expect(list.length).toBe(11);
    expect(list.every((s) => s.published === 1)).toBe(true);
  });
});

describe('bad input changes nothing', () => {
  it('refuses an invalid body with every issue at its JSON path', async () => {
    const before = await h.count('rule_versions');
    const error = await errorOf(
      finance.rules.create({
        kind: 'fee',
        scopeType: 'product',
        scopeKey: 'SCF-STD',
        name: 'bad',
        body: {
          charges: [
            {
              ...feeBody('1.5').charges[0],
              formula: 'base * rate / overdueDays',
              caps: { min: '50', maxPerInstallment: '20' },
            },
          ],
        },
      }),
    );
    expect(error.code).toBe('BAD_REQUEST');
    const data = (
      error as unknown as { shape?: { data: { issues: { field: string; message: string }[] } } }
    ).shape;
    void data;
    expect(error.message).toMatch(/charges\[0\]\.formula: unknown variable "rate"/);
    expect(await h.count('rule_versions')).toBe(before);
    expect(await h.count('rule_sets')).toBe(11);
  });

  it('refuses unknown scopes and overlapping windows', async () => {
    const scope = await errorOf(
      finance.rules.create({
        kind: 'fee',
        scopeType: 'funder',
        scopeKey: 'F-NOPE',
        name: 'x',
        body: feeBody('1.5'),
      }),
    );
    expect(scope.message).toMatch(/unknown funder F-NOPE/);
    const set = (await ops.rules.list({ kind: 'window' })).find((s) => s.scopeKey === 'consumer')!;
    const overlap = await errorOf(
      ops.rules.saveDraft({
        ruleSetId: set.id,
        body: {
          slots: [
            { start: '10:00', end: '11:00' },
            { start: '10:30', end: '12:00' },
          ],
          days: { mode: 'every_day' },
          eligibility: {
            dueToday: true,
            overdueUpToDays: 30,
            skipPaused: true,
            maxAttemptsPerDay: 3,
            minAmount: '1.00',
          },
          amount: { strategy: 'full' },
        },
      }),
    );
    expect(overlap.message).toMatch(
      /slots\[1\]\.start: slot 10:30–12:00 overlaps slot 10:00–11:00/,
    );
  });
});

describe("the business line's all-in ceiling", () => {
  const penalty = (formula: string, caps?: Record<string, string>) => ({
    charges: [{ ...feeBody('1').charges[0], formula, dayBase: 365, caps }],
  });

  it('refuses base * 0.06 (6 % a day) with no caps when saved, naming the case, and stores nothing', async () => {
    const set = (await auditor.rules.list({ kind: 'fee' })).find((s) => s.scopeType === 'global')!;
    const before = await h.count('rule_versions');
    const error = await errorOf(
      finance.rules.saveDraft({ ruleSetId: set.id, body: penalty('base * 0.06') }),
    );
    expect(error.code).toBe('BAD_REQUEST');
    expect(error.message).toBe(
      'charges[0].formula: penalty "罚息" charges ¥6,000.00 on ¥10,000.00 overdue 10 days at a ' +
        '0 % contract rate: 2,190 % a year all-in, above the ceiling of 36 % (consumer); cap it ' +
        'with caps.annualRate at most 0.36 or lower the formula',
    );
    // Neither is a new rule set with it, nor an uncapped multiple of the contract rate.
    const created = await errorOf(
      finance.rules.create({
        kind: 'fee',
        scopeType: 'business_line',
        scopeKey: 'supply_chain',
        name: '供应链费用',
        body: penalty('base * contractRate * 1.5 / dayBase'),
      }),
    );
    expect(created.message).toMatch(/at a 18 % contract rate: 45 % a year all-in/);
    expect(await h.count('rule_versions')).toBe(before);
  });

  it("passes a compliant rule, and refuses it at review once its line's ceiling is lowered", async () => {
    const admin = await h.callerAs('admin');
    const created = await finance.rules.create({
      kind: 'fee',
      scopeType: 'business_line',
      scopeKey: 'supply_chain',
      name: '供应链费用',
      body: penalty('base * 0.0005', { annualRate: '0.36' }),
    });
    expect(created.version.status).toBe('draft');
    await expect(
      ops.businessLines.update({
        code: 'supply_chain',
        allInAnnualCeiling: '0.24',
        reason: '监管',
      }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const lowered = await admin.businessLines.update({
      code: 'supply_chain',
      allInAnnualCeiling: '0.240',
      reason: '监管要求',
    });
    expect(lowered).toMatchObject({ code: 'supply_chain', allInAnnualCeiling: '0.24' });
    const audit = await h.app.database.sql.query<{ reason: string; diff: unknown }>(
      `select reason, diff from audit_log where action = 'business_line.update'`,
    );
    expect(audit).toEqual([
      { reason: '监管要求', diff: { allInAnnualCeiling: { from: '0.36', to: '0.24' } } },
    ]);
    const refused = await errorOf(finance.rules.submit({ versionId: created.version.id }));
    expect(refused.message).toMatch(/above the ceiling of 24 % \(supply_chain\)/);
    // Capped at the new ceiling it passes.
    const fixed = await finance.rules.saveDraft({
      ruleSetId: created.set.id,
      versionId: created.version.id,
      body: penalty('base * 0.0005', { annualRate: '0.24' }),
    });
    expect((await finance.rules.submit({ versionId: fixed.id })).status).toBe('submitted');
    expect((await auditor.businessLines.list()).map((l) => l.allInAnnualCeiling)).toEqual([
      '0.36',
      '0.36',
      '0.24',
    ]);
    await admin.businessLines.update({
      code: 'supply_chain',
      allInAnnualCeiling: '0.36',
      reason: '恢复',
    });
  });
});

describe('roles', () => {
  it('lets only the right roles write each kind, and never the author approve', async () => {
    const fee = (await auditor.rules.list({ kind: 'fee' }))[0]!;
    expect(
      (await errorOf(auditor.rules.saveDraft({ ruleSetId: fee.id, body: feeBody('2') }))).code,
    ).toBe('FORBIDDEN');
    expect(
      (await errorOf(ops.rules.saveDraft({ ruleSetId: fee.id, body: feeBody('2') }))).message,
    ).toMatch(/ops may not edit fee rules/);
    const mine = await pm.rules.saveDraft({ ruleSetId: fee.id, body: feeBody('2') });
    await pm.rules.submit({ versionId: mine.id });
    expect((await errorOf(pm.rules.approve({ versionId: mine.id }))).message).toMatch(
      /author of a version cannot approve/,
    );
    expect((await errorOf(finance.rules.approve({ versionId: mine.id }))).code).toBe('FORBIDDEN');
    const approved = await admin.rules.approve({ versionId: mine.id, note: 'ok' });
    expect(approved.status).toBe('approved');
  });

  it('discards a draft (abandoned, kept in the history with the reason); a submitted version is not a draft', async () => {
    const fee = (await auditor.rules.list({ kind: 'fee' }))[0]!;
    const draft = await pm.rules.saveDraft({ ruleSetId: fee.id, body: feeBody('3') });
    expect(
      (await errorOf(ops.rules.discardDraft({ versionId: draft.id, note: '不用了' }))).message,
    ).toMatch(/ops may not edit fee rules/);
    const discarded = await pm.rules.discardDraft({
      versionId: draft.id,
      note: '模板草稿，不用了',
    });
    expect(discarded.status).toBe('abandoned');
    expect(
      (await errorOf(pm.rules.discardDraft({ versionId: draft.id, note: '再丢一次' }))).code,
    ).toBe('CONFLICT');
    const submitted = await pm.rules.saveDraft({ ruleSetId: fee.id, body: feeBody('4') });
    await pm.rules.submit({ versionId: submitted.id });
    expect(
      (await errorOf(pm.rules.discardDraft({ versionId: submitted.id, note: '提交后不可丢弃' })))
        .code,
    ).toBe('CONFLICT');
    const [audited] = await h.app.database.sql.query<{ reason: string }>(
      `select reason from audit_log where action like '%discard%' order by id desc limit 1`,
    );
    expect(audited?.reason).toBe('模板草稿，不用了');
  });

  it("lets finance write a funder's remittance rule, not ops; it governs that funder once published", async () => {
    const body = {
      ...exampleRemittance,
      settlement: 'T+0',
      minAmount: '50.00',
      platformFee: { percent: '0.30', fixedPerBatch: '1.00', minPerBatch: '0.00' },
    };
    expect(
      (
        await errorOf(
          ops.rules.create({
            kind: 'remittance',
            scopeType: 'funder',
            scopeKey: 'F-BANK-02',
            name: '北银划付',
            body,
          }),
        )
      ).message,
    ).toMatch(/ops may not edit remittance rules/);
    expect((await finance.rules.abilities()).authorKinds).toContain('remittance');
    expect((await ops.rules.abilities()).authorKinds).not.toContain('remittance');
    const refused = await errorOf(
      finance.rules.create({
        kind: 'remittance',
        scopeType: 'funder',
        scopeKey: 'F-BANK-02',
        name: '北银划付',
        body: { ...body, cutoff: '25:00', platformFee: { ...body.platformFee, percent: '120' } },
      }),
    );
    expect(refused.message).toMatch(/^cutoff: /);
    const created = await finance.rules.create({
      kind: 'remittance',
      scopeType: 'funder',
      scopeKey: 'F-BANK-02',
      name: '北银划付',
      body,
    });
    expect(
      (await errorOf(ops.rules.saveDraft({ ruleSetId: created.set.id, body }))).message,
    ).toMatch(/ops may not edit remittance rules/);
    // Before it is published, the draft is compared with the global rule the funder falls back on.
    const simulated = await finance.rules.simulate({ versionId: created.version.id });
    if (simulated.kind !== 'remittance') throw new Error('expected a remittance simulation');
    const today = h.app.clock.today();
    expect(simulated.published).toEqual({
      settlement: 'T+1',
      cutoff: '16:00',
      minAmount: '100.00',
      asOf: addDays(today, -1),
    });
    expect(simulated.draft).toEqual({
      settlement: 'T+0',
      cutoff: '16:00',
      minAmount: '50.00',
      asOf: today,
    });

    await finance.rules.submit({ versionId: created.version.id });
    await pm.rules.approve({ versionId: created.version.id });
    await pm.rules.publish({
      versionId: created.version.id,
      expectedRevision: 0,
      reason: '北银 T+0 划付',
    });
    const { ruleResolver } = h.app.services;
    const bank = await ruleResolver.resolveRule('remittance', { funderCode: 'F-BANK-02' }, now());
    expect(bank).toMatchObject({ versionId: created.version.id, scopeType: 'funder' });
    expect(bank?.rule.platformFee.percent).toBe('0.30');
    const trust = await ruleResolver.resolveRule('remittance', { funderCode: 'F-TRUST-01' }, now());
    expect(trust).toMatchObject({ scopeType: 'global', ruleSetName: '默认资金方划付' });
  });
});

describe('publishing', () => {
  it('publishes atomically, lets only one of two concurrent publishers win, and takes effect for resolution', async () => {
    const created = await finance.rules.create({
      kind: 'fee',
      scopeType: 'product',
      scopeKey: 'CONSUMER-STD',
      name: '消费分期费用',
      body: feeBody('1.2'),
    });
    const setId = created.set.id;
    const first = await approvedVersion(setId, feeBody('1.3'));
    const second = await approvedVersion(setId, feeBody('1.4'));
    const stale = await errorOf(
      pm.rules.publish({ versionId: first, expectedRevision: 5, reason: 'go live' }),
    );
    expect(stale.code).toBe('CONFLICT');

    const results = await Promise.allSettled([
      pm.rules.publish({ versionId: first, expectedRevision: 0, reason: 'go live' }),
      admin.rules.publish({ versionId: second, expectedRevision: 0, reason: 'go live too' }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const loser = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect((loser.reason as TRPCError).code).toBe('CONFLICT');
    const detail = await auditor.rules.get({ ruleSetId: setId });
    expect(detail.set.revision).toBe(1);
    expect(detail.publications).toHaveLength(1);

    const winner = detail.published!;
    const resolved = await h.app.services.ruleResolver.resolveRule(
      'fee',
      { businessLine: 'consumer', funderCode: 'F-TRUST-01', productCode: 'CONSUMER-STD' },
      now(),
    );
    expect(resolved?.versionId).toBe(winner.id);
  });

  it('releases to a gray subset, stably per loan, then promotes; abandons; rolls back', async () => {
    const set = (await auditor.rules.list({ kind: 'fee' })).find(
      (s) => s.scopeKey === 'F-BANK-02',
    )!;
    const v2 = await approvedVersion(set.id, feeBody('9'));
    const published = await pm.rules.publish({
      versionId: v2,
      expectedRevision: set.revision,
      reason: 'try 9× on a fifth',
      gray: { percent: 20 },
    });
    expect(published.version.status).toBe('gray');
    const { ruleResolver } = h.app.services;
    const snapshot = await ruleResolver.snapshot('fee');
    const ctx = (i: number) => ({
      businessLine: 'consumer',
      funderCode: 'F-BANK-02',
      loanKey: `ORDER-${i}`,
    });
    const sides = Array.from({ length: 2000 }, (_, i) => snapshot(ctx(i), now())!.gray);
    const again = await ruleResolver.snapshot('fee');
    expect(Array.from({ length: 2000 }, (_, i) => again(ctx(i), now())!.gray)).toEqual(sides);
    const share = sides.filter(Boolean).length / sides.length;
    expect(share).toBeGreaterThan(0.15);
    expect(share).toBeLessThan(0.25);
    const grayDetail = await auditor.rules.get({ ruleSetId: set.id });
    expect(grayDetail.gray?.id).toBe(v2);
    expect(grayDetail.published?.versionNo).toBe(1);

    // A second gray or a full publish while gray is live is refused.
    const v3 = await approvedVersion(set.id, feeBody('3'));
    expect(
      (
        await errorOf(
          pm.rules.publish({
            versionId: v3,
            expectedRevision: published.revision,
            reason: 'again',
          }),
        )
      ).code,
    ).toBe('CONFLICT');

    const promoted = await pm.rules.promote({
      ruleSetId: set.id,
      expectedRevision: published.revision,
      reason: 'looks fine',
    });
    expect(promoted.version.status).toBe('published');
    const after = await ruleResolver.snapshot('fee');
    expect(
      Array.from({ length: 200 }, (_, i) => after(ctx(i), now())!.versionId).every(
        (id) => id === v2,
      ),
    ).toBe(true);

    const gray3 = await pm.rules.publish({
      versionId: v3,
      expectedRevision: promoted.revision,
      reason: 'try 3×',
      gray: { funderCodes: ['F-BANK-02'] },
    });
    const abandoned = await pm.rules.abandon({
      ruleSetId: set.id,
      expectedRevision: gray3.revision,
      reason: 'complaints',
    });
    expect(abandoned.version.status).toBe('abandoned');
    expect((await ruleResolver.resolveRule('fee', ctx(1), now()))?.versionId).toBe(v2);

    const v1 = (await auditor.rules.get({ ruleSetId: set.id })).versions.find(
      (v) => v.versionNo === 1,
    )!;
    expect(v1.status).toBe('superseded');
    const rolled = await admin.rules.rollback({
      ruleSetId: set.id,
      toVersionId: v1.id,
      expectedRevision: abandoned.revision,
      reason: 'back to v1',
    });
    expect(rolled.version.versionNo).toBeGreaterThan(3);
    expect(rolled.version.status).toBe('published');
    expect(rolled.version.body).toEqual((await auditor.rules.version({ versionId: v1.id })).body);
    const resolved = await ruleResolver.resolveRule('fee', ctx(1), now());
    expect(resolved?.versionId).toBe(rolled.version.id);
    expect(resolved?.rule.charges[0]?.caps?.annualRate).toBe('0.24');

    const audit = await h.app.database.sql.query<{
      action: string;
      actor_id: string;
      reason: string | null;
      diff: unknown;
    }>(
      `select action, actor_id, reason, diff from audit_log where entity_type = 'rule_version' and entity_id = $1 order by id`,
      [v2],
    );
    expect(audit.map((a) => a.action)).toEqual([
      'rule.draft',
      'rule.submit',
      'rule.approve',
      'rule.publish_gray',
      'rule.promote',
    ]);
    expect(audit[3]?.reason).toBe('try 9× on a fifth');
    expect(JSON.stringify(audit[0]?.diff)).toContain('base * contractRate * 9 / dayBase');
  });
});

describe('simulation', () => {
  it('shows the fee delta of a draft on the overdue installments it governs', async () => {
    const set = (await auditor.rules.list({ kind: 'fee' })).find((s) => s.scopeType === 'global')!;
    const draft = await finance.rules.saveDraft({ ruleSetId: set.id, body: feeBody('3') });
    const result = await finance.rules.simulate({ versionId: draft.id });
    if (result.kind !== 'fee') throw new Error('expected a fee simulation');
    expect(result.scanned).toBeGreaterThan(0);
    expect(result.affected).toBeGreaterThan(0);
    expect(Number(result.delta)).not.toBe(0);
    expect(result.samples[0]?.delta).toMatch(/^-?\d+\.\d{2}$/);
  });

  it('counts eligible installments per slot for a date, and routing shares', async () => {
    const windowSet = (await auditor.rules.list({ kind: 'window' })).find(
      (s) => s.scopeKey === 'consumer',
    )!;
    const { published } = await auditor.rules.get({ ruleSetId: windowSet.id });
    const body = published!.body as { slots: unknown[] };
    const draft = await ops.rules.saveDraft({
      ruleSetId: windowSet.id,
      body: { ...body, slots: body.slots.slice(0, 1) },
    });
    const result = await ops.rules.simulate({ versionId: draft.id, date: '2026-03-15' });
    if (result.kind !== 'window') throw new Error('expected a window simulation');
    expect(result.published.slots).toHaveLength(3);
    expect(result.draft.slots).toHaveLength(1);
    expect(result.draft.slots[0]!.eligible).toBe(result.published.slots[0]!.eligible);

    const routingSet = (await auditor.rules.list({ kind: 'routing' }))[0]!;
    const routing = (await auditor.rules.get({ ruleSetId: routingSet.id })).published!;
    const r = await ops.rules.simulate({ versionId: routing.id });
    if (r.kind !== 'routing') throw new Error('expected a routing simulation');
    expect(r.draft).toEqual(r.published);
  });

  it("shows a remittance draft's fee, net and carry on sample batches next to the rule in force", async () => {
    const set = (await auditor.rules.list({ kind: 'remittance' })).find(
      (s) => s.scopeType === 'global',
    )!;
    const draft = await finance.rules.saveDraft({
      ruleSetId: set.id,
      body: {
        ...exampleRemittance,
        minAmount: '0.00',
        platformFee: { percent: '1.00', fixedPerBatch: '0.50', minPerBatch: '1.00' },
      },
    });
    const result = await finance.rules.simulate({ versionId: draft.id });
    if (result.kind !== 'remittance') throw new Error('expected a remittance simulation');
    expect(result.date).toBe(h.app.clock.today());
    expect(result.samples).toEqual([
      {
        gross: '50.00',
        published: { fee: '0.25', net: '49.75', carried: true },
        draft: { fee: '1.00', net: '49.00', carried: false },
      },
      {
        gross: '100.50',
        published: { fee: '0.50', net: '100.00', carried: false },
        draft: { fee: '1.51', net: '98.99', carried: false },
      },
      {
        gross: '1000.00',
        published: { fee: '5.00', net: '995.00', carried: false },
        draft: { fee: '10.50', net: '989.50', carried: false },
      },
      {
        gross: '10000.00',
        published: { fee: '50.00', net: '9950.00', carried: false },
        draft: { fee: '100.50', net: '9899.50', carried: false },
      },
      {
        gross: '1000000.00',
        published: { fee: '5000.00', net: '995000.00', carried: false },
        draft: { fee: '10000.50', net: '989999.50', carried: false },
      },
    ]);
  });
});
