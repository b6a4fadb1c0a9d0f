// Who may call what, probed: every tRPC procedure of the router is called as each role (and
// signed out, and before a forced password change) and must be allowed or refused exactly as the
// design below says; every REST operation of the OpenAPI document must name the scope designed for
// it. A procedure or operation missing from the design fails. The probed matrix is written to
// docs/access-matrix.md for reviewers: the test fails when that file is stale
// (ACCESS_MATRIX=write regenerates it).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_SCOPES, hasPermission, roles, type Permission, type Role } from '../modules/auth';
import type { SessionUser } from '../modules/auth';
import { startHarness, type Harness } from '../testing/harness';
import { createCallerFactory, type TrpcContext } from './init';
import { appRouter } from './root';

/** How a procedure is gated: open, signed in (even before a forced password change), or a permission. */
type Gate = 'public' | 'signedIn' | Permission;

const designedGates: Record<string, Gate> = {
  'auth.login': 'public',
  'auth.logout': 'public',
  'auth.me': 'public',
  'auth.logoutEverywhere': 'signedIn',
  'auth.changePassword': 'signedIn',
  'auth.ping': 'dashboard.read',
  'users.list': 'users.manage',
  'users.create': 'users.manage',
  'users.setStatus': 'users.manage',
  'users.resetPassword': 'users.manage',
  'users.changeRole': 'users.manage',
  'apiKeys.list': 'apiKeys.manage',
  'apiKeys.create': 'apiKeys.manage',
  'apiKeys.revoke': 'apiKeys.manage',
  'apiKeys.rotate': 'apiKeys.manage',
  'dashboard.summary': 'dashboard.read',
  'loans.list': 'loans.read',
  'loans.get': 'loans.read',
  'loans.plan': 'loans.read',
  'loans.planVersions': 'loans.read',
  'loans.history': 'loans.read',
  'loans.waivers': 'loans.read',
  'loans.pause': 'loans.collect',
  'loans.resume': 'loans.collect',
  'loans.reschedule': 'loans.reschedule',
  'loans.settlementQuote': 'loans.quote',
  'loans.settle': 'loans.receive',
  'loans.recordRepayment': 'loans.receive',
  'loans.waive': 'loans.waive',
  'loans.decideWaiver': 'loans.waive.approve',
  'funders.list': 'reference.read',
  'funders.create': 'reference.write',
  'funders.update': 'reference.write',
  'products.list': 'reference.read',
  'products.create': 'reference.write',
  'products.update': 'reference.write',
  'businessLines.list': 'reference.read',
  'businessLines.update': 'reference.write',
  'rules.abilities': 'rules.read',
  'rules.reviewInbox': 'rules.read',
  'rules.list': 'rules.read',
  'rules.get': 'rules.read',
  'rules.version': 'rules.read',
  'rules.diff': 'rules.read',
  'rules.validate': 'rules.read',
  'rules.forLoan': 'rules.read',
  'rules.simulate': 'rules.read',
  'rules.create': 'rules.write',
  'rules.saveDraft': 'rules.write',
  'rules.submit': 'rules.write',
  'rules.discardDraft': 'rules.write',
  'rules.approve': 'rules.write',
  'rules.reject': 'rules.write',
  'rules.publish': 'rules.write',
  'rules.promote': 'rules.write',
  'rules.abandon': 'rules.write',
  'rules.rollback': 'rules.write',
  'ruleVersions.list': 'rules.read',
  'channels.list': 'channels.read',
  'channels.health': 'channels.read',
  'channels.decisions': 'channels.read',
  'channels.history': 'channels.read',
  'channels.forLoan': 'loans.read',
  'channels.setStatus': 'channels.write',
  'channels.updateConfig': 'channels.write',
  'channels.resetCircuit': 'channels.write',
  'debits.now': 'debits.read',
  'debits.slotsToday': 'debits.read',
  'debits.eligibility': 'debits.read',
  'debits.runs': 'debits.read',
  'debits.orders': 'debits.read',
  'debits.order': 'debits.read',
  'debits.resolutions': 'debits.read',
  'debits.startRun': 'debits.run',
  'debits.runAction': 'debits.run',
  'debits.queryNow': 'debits.run',
  'debits.resolve': 'debits.review',
  'debits.decideResolution': 'debits.review',
  'anomalies.list': 'anomalies.read',
  'anomalies.get': 'anomalies.read',
  'anomalies.handle': 'anomalies.handle',
  'overdue.summary': 'overdue.read',
  'overdue.runs': 'overdue.read',
  'overdue.loans': 'overdue.read',
  'overdue.accruals': 'overdue.read',
  'overdue.accrualList': 'overdue.read',
  'overdue.accrue': 'overdue.run',
  'transfers.list': 'transfers.read',
  'transfers.get': 'transfers.read',
  'transfers.ofLoan': 'transfers.read',
  'transfers.receivables': 'transfers.read',
  'transfers.create': 'transfers.write',
  'transfers.decide': 'transfers.approve',
  'recon.days': 'recon.read',
  'recon.runs': 'recon.read',
  'recon.imports': 'recon.read',
  'recon.importFile': 'recon.read',
  'recon.formats': 'recon.read',
  'recon.previewFormat': 'recon.read',
  'recon.upload': 'recon.run',
  'recon.run': 'recon.run',
  'recon.saveFormat': 'recon.formats',
  'recon.cases': 'recon.read',
  'recon.case': 'recon.read',
  'recon.assignCase': 'recon.handle',
  'recon.actOnCase': 'recon.handle',
  'recon.decideCase': 'recon.handle',
  'reconAssets.runs': 'recon.read',
  'reconAssets.breaks': 'recon.read',
  'reconAssets.funders': 'recon.read',
  'reconAssets.files': 'recon.read',
  'reconAssets.comparison': 'recon.read',
  'reconAssets.fileFormats': 'recon.read',
  'reconAssets.run': 'recon.run',
  'reconAssets.upload': 'recon.run',
  'jobs.list': 'jobs.read',
  'jobs.runs': 'jobs.read',
  'jobs.run': 'jobs.read',
  'jobs.start': 'jobs.run',
  'jobs.retry': 'jobs.run',
  'clock.get': 'dashboard.read',
  'clock.advance': 'clock.move',
  'views.list': 'dashboard.read',
  'views.save': 'dashboard.read',
  'views.remove': 'dashboard.read',
  'payouts.list': 'payouts.read',
  'payouts.get': 'payouts.read',
  'payouts.positions': 'payouts.read',
  'payouts.movements': 'payouts.read',
  'payouts.batches': 'payouts.read',
  'payouts.funderAccounts': 'payouts.read',
  'payouts.refunds': 'payouts.read',
  'payouts.resolve': 'payouts.handle',
  'payouts.cancel': 'payouts.handle',
  'payouts.dispatch': 'payouts.handle',
  'payouts.payBatchAgain': 'payouts.handle',
  'payouts.openAccount': 'positions.manage',
  'payouts.topUp': 'positions.manage',
  'payouts.transfer': 'positions.manage',
  'payouts.setBuffer': 'positions.manage',
  'payouts.sync': 'positions.manage',
  'payouts.addFunderAccount': 'positions.manage',
  'payouts.setFunderAccount': 'positions.manage',
  'payouts.remit': 'remittance.run',
  'payouts.requestRefund': 'refunds.handle',
  'payouts.decideRefund': 'refunds.handle',
  'payouts.payRefundAgain': 'refunds.handle',
  'audit.list': 'audit.read',
  'audit.entityTypes': 'audit.read',
  'ledger.entries': 'ledger.read',
  'ledger.journal': 'ledger.read',
  'ledger.choices': 'ledger.read',
  'ledger.collections': 'ledger.read',
  'reports.collections': 'reports.read',
  'reports.channels': 'reports.read',
  'reports.channelHours': 'reports.read',
  'reports.risk': 'reports.read',
  'reports.money': 'reports.read',
  'reports.forecast': 'reports.read',
};

/** The REST operations and the API key scope each needs (funders are checked in api-access). */
const designedScopes: Record<string, string> = {
  createLoan: 'loans:write',
  getLoan: 'loans:read',
  getLoanPlan: 'loans:read',
  listLoanDebits: 'loans:read',
  pauseLoan: 'collections:write',
  resumeLoan: 'collections:write',
  recordRepayment: 'collections:write',
  rescheduleLoan: 'collections:write',
  getSettlementQuote: 'collections:write',
  settleLoan: 'collections:write',
  bindCard: 'cards:write',
  confirmCardBinding: 'cards:write',
  unbindCard: 'cards:write',
  createAssetTransfer: 'transfers:write',
  createPayout: 'payouts:write',
  getPayout: 'payouts:write',
};

/** Who a probe ran as: a role, nobody, or a user who must change the password first. */
type Probe = Role | 'signedOut' | 'mustChangePassword';
const probes: readonly Probe[] = ['signedOut', 'mustChangePassword', ...roles];

function designedAllows(gate: Gate, probe: Probe): boolean {
  if (gate === 'public') return true;
  if (probe === 'signedOut') return false;
  if (gate === 'signedIn') return true;
  if (probe === 'mustChangePassword') return false;
  return hasPermission(probe, gate);
}

type AnyProcedure = { _def: { type: 'query' | 'mutation' | 'subscription' } };
const procedures = (appRouter as unknown as { _def: { procedures: Record<string, AnyProcedure> } })
  ._def.procedures;
// Sign-outs end the probing user's sessions: they are called after everything else.
const signOuts = new Set(['auth.logout', 'auth.logoutEverywhere']);
const paths = Object.keys(procedures).sort(
  (a, b) => Number(signOuts.has(a)) - Number(signOuts.has(b)) || a.localeCompare(b),
);

const createCaller = createCallerFactory(appRouter);
type Callable = (input: unknown) => Promise<unknown>;

let h: Harness;
const contexts = new Map<Probe, TrpcContext>();
/** path → the probes that were let through. */
const allowed = new Map<string, Set<Probe>>();

function contextFor(user: SessionUser | null, sessionToken: string | null): TrpcContext {
  return {
    services: h.app.services,
    user,
    sessionToken,
    clientAddress: '127.0.0.1',
    setSessionCookie: () => {},
    clearSessionCookie: () => {},
  };
}

/**
 * Calls the procedure with no input: a refused caller is stopped by its gate before the input is
 * read; an allowed one gets past it (an answer, or any other error such as the missing input).
 */
async function letThrough(path: string, context: TrpcContext): Promise<boolean> {
  const caller = createCaller(context) as unknown as Record<string, unknown>;
  const call = path.split('.').reduce<unknown>((node, key) => (node as never)[key], caller);
  try {
    await (call as Callable)(undefined);
    return true;
  } catch (error) {
    if (!(error instanceof TRPCError)) throw error;
    return error.code !== 'UNAUTHORIZED' && error.code !== 'FORBIDDEN';
  }
}

beforeAll(async () => {
  h = await startHarness();
  contexts.set('signedOut', contextFor(null, null));
  for (const role of roles) {
    const session = await h.app.services.auth.login({
      username: role,
      password: 'repay123',
      clientAddress: '127.0.0.1',
    });
    contexts.set(role, contextFor(session.user, session.token));
  }
  const admin = contexts.get('admin')!;
  contexts.set(
    'mustChangePassword',
    contextFor({ ...admin.user!, mustChangePassword: true }, admin.sessionToken),
  );
  for (const path of paths) {
    const through = new Set<Probe>();
    for (const probe of probes)
      if (await letThrough(path, contexts.get(probe)!)) through.add(probe);
    allowed.set(path, through);
  }
}, 120_000);
afterAll(() => h.close());

async function restOperations(): Promise<
  { id: string; method: string; path: string; scope: string }[]
> {
  const res = await fetch(`${h.baseUrl}/api/v1/openapi.json`);
  const document = (await res.json()) as {
    paths: Record<string, Record<string, { operationId: string; 'x-required-scope': string }>>;
  };
  return Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => ({
      id: op.operationId,
      method: method.toUpperCase(),
      path,
      scope: op['x-required-scope'],
    })),
  );
}

const mark = (yes: boolean) => (yes ? '✓' : '·');

async function renderMatrix(): Promise<string> {
  const head = ['Procedure', 'Type', 'Gate', ...probes];
  const rows = paths.map((path) => [
    `\`${path}\``,
    procedures[path]!._def.type,
    designedGates[path] ?? '—',
    ...probes.map((probe) => mark(allowed.get(path)!.has(probe))),
  ]);
  const rest = (await restOperations())
    .sort((a, b) => a.path.localeCompare(b.path) || a.method.localeCompare(b.method))
    .map((op) => [`\`${op.id}\``, `${op.method} \`${op.path}\``, `\`${op.scope}\``]);
  const table = (header: string[], body: string[][]) =>
    [header, header.map(() => '---'), ...body].map((r) => `| ${r.join(' | ')} |`).join('\n');
  return [
    '# Access matrix',
    '',
    'Generated by `apps/engine/src/trpc/access-matrix.integration.test.ts` from the running code:',
    'each console procedure was called as each role, signed out, and as a user who must change',
    'their password first; ✓ means the call got past the gate. Regenerate with',
    '`ACCESS_MATRIX=write pnpm -C apps/engine exec vitest run src/trpc/access-matrix.integration.test.ts`.',
    'Finer checks inside a permission (which rule kinds a role may author or review, a second',
    'person for large waivers, resolutions and transfers) are enforced by the services.',
    '',
    '## Console (tRPC)',
    '',
    table(head, rows),
    '',
    '## REST API (API keys)',
    '',
    'A key needs the scope; calls on loans are also limited to the key’s funders (another',
    'funder’s loan reads as unknown, 404; intake or a transfer for another funder is 403).',
    '',
    table(['Operation', 'Route', 'Scope'], rest),
    '',
  ].join('\n');
}

describe('console procedures × roles', () => {
  it('every procedure of the router has a designed gate, and the design names no stale one', () => {
    expect(
      paths.filter((p) => !(p in designedGates)),
      'procedures without a gate',
    ).toEqual([]);
    expect(Object.keys(designedGates).filter((p) => !(p in procedures))).toEqual([]);
  });

  it('each procedure lets through exactly the callers its gate allows', () => {
    const mismatches = paths.flatMap((path) =>
      probes
        .filter(
          (probe) => designedAllows(designedGates[path]!, probe) !== allowed.get(path)!.has(probe),
        )
        .map(
          (probe) =>
            `${path} as ${probe}: ${allowed.get(path)!.has(probe) ? 'allowed' : 'refused'}`,
        ),
    );
    expect(mismatches).toEqual([]);
  });

  it('the probe can tell: a refused caller was refused and an allowed one let through', () => {
    expect(allowed.get('users.list')).toEqual(new Set(['admin']));
    expect(allowed.get('auth.me')).toEqual(new Set(probes));
    expect(allowed.get('auth.changePassword')).toEqual(
      new Set(probes.filter((p) => p !== 'signedOut')),
    );
  });
});

describe('REST operations × scopes', () => {
  it('every operation of the OpenAPI document needs the scope designed for it', async () => {
    const actual = Object.fromEntries((await restOperations()).map((op) => [op.id, op.scope]));
    expect(actual).toEqual(designedScopes);
    for (const scope of Object.values(actual)) expect(API_SCOPES).toContain(scope);
  });
});

describe('docs/access-matrix.md', () => {
  it('is the matrix the code produces', async () => {
    const file = join(import.meta.dirname, '../../../../docs/access-matrix.md');
    const rendered = await renderMatrix();
    if (process.env.ACCESS_MATRIX === 'write') writeFileSync(file, rendered);
    expect(readFileSync(file, 'utf8'), 'stale: regenerate with ACCESS_MATRIX=write').toBe(rendered);
  });
});
