// Integration-test harness: a fresh migrated database per test file, the real HTTP server on an
// ephemeral port, reference data, and helpers for signed REST calls and tRPC callers.
import { createTestDatabase, type TestDatabase } from '@repay/db/testing';
import { openApp, type App } from '../app';
import { signedHeaders } from '../lib/api-signature';
import { movableClock, type MovableClock } from '../lib/clock';
import { loadEnv } from '../env';
import { buildServer } from '../http/server';
import { seedReference } from '../seed/demo-seed';
import { createCallerFactory } from '../trpc/init';
import { appRouter } from '../trpc/root';
import { API_SCOPES, type ApiScope, type SessionUser } from '../modules/auth';
import { systemActor } from '../modules/events';
import { freePort } from './free-port';

/** A second engine process on a test's database (leases, crashes): tests open it from here. */
export { openApp, type App };

export const TEST_CLOCK = '2026-03-15T10:00:00+08:00';
/** The console's origin by default (REPAY_CONSOLE_ORIGINS): tRPC mutations over HTTP send it. */
export const CONSOLE_ORIGIN = 'http://localhost:3000';

const createCaller = createCallerFactory(appRouter);
export type Caller = ReturnType<typeof createCaller>;

type Credentials = { key: string; secret: string };
/** A REST answer: its status and parsed body. */
type Answer = { status: number; body: any };
type CardToBind = { orderNo: string; cardNo: string; bankCode: string; mobile: string };

export interface Harness {
  app: App;
  database: TestDatabase;
  /** The app's clock, pinned at the test instant until a test moves it. */
  clock: MovableClock;
  baseUrl: string;
  /** A key with every scope and every funder: what `api` signs with unless told otherwise. */
  credentials: Credentials;
  api(
    method: string,
    path: string,
    body?: unknown,
    opts?: { rawBody?: string; headers?: Record<string, string>; as?: Credentials },
  ): Promise<{ status: number; body: any }>;
  /** Another API key (every scope and every funder unless limited). */
  apiKey(limits?: { scopes?: ApiScope[]; funderCodes?: string[] | null }): Promise<Credentials>;
  callerAs(username: string): Promise<Caller>;
  /** A loan on the example terms (with these overrides), created over REST: throws unless 201. */
  createLoan(overrides?: Record<string, unknown>): Promise<void>;
  /** Bind a card to a loan at the channels (start, then confirm with the sandbox's code). */
  bindCard(card: CardToBind): Promise<{ started: Answer; bound: Answer }>;
  /**
   * A loan on the example terms (with these overrides) and its card bound at the channels:
   * the answers of the loan's creation and of the binding's confirmation, for the test to check.
   */
  loanOnCard(
    loan: Record<string, unknown>,
    card: Omit<CardToBind, 'orderNo'>,
  ): Promise<{ created: Answer; bound: Answer }>;
  count(table: string): Promise<number>;
  close(): Promise<void>;
}

export async function startHarness(
  opts: {
    clock?: string;
    sandboxUrl?: string;
    env?: Record<string, string>;
    /** The server's log, as production writes it, into this stream (none by default). */
    log?: { stream: { write(line: string): void }; level?: string };
  } = {},
): Promise<Harness> {
  const database = await createTestDatabase();
  // The port is chosen first so that channels can be told where to send notifications.
  const port = await freePort();
  const env = loadEnv({
    REPAY_CALLBACK_BASE_URL: `http://127.0.0.1:${port}/callbacks`,
    ...process.env,
    REPAY_CLOCK: opts.clock ?? TEST_CLOCK,
    NODE_ENV: 'test',
    ...(opts.sandboxUrl ? { REPAY_SANDBOX_URL: opts.sandboxUrl } : {}),
    ...opts.env,
  });
  const clock = movableClock(opts.clock ?? TEST_CLOCK);
  const app = await openApp({ env, database, clock });
  await seedReference(app);
  const apiKey: Harness['apiKey'] = (limits = {}) =>
    app.services.apiKeys.createApiKey(
      {
        name: 'test upstream',
        scopes: limits.scopes ?? [...API_SCOPES],
        funderCodes: limits.funderCodes ?? null,
        reason: 'integration test',
      },
      systemActor('test'),
    );
  const credentials = await apiKey();
  const server = await buildServer(
    app,
    opts.log
      ? { logLevel: opts.log.level ?? 'info', logStream: opts.log.stream }
      : { logger: false },
  );
  await server.listen({ port, host: '127.0.0.1' });
  const baseUrl = `http://127.0.0.1:${port}`;

  const harness: Harness = {
    app,
    database,
    clock,
    baseUrl,
    credentials,
    apiKey,
    async api(method, path, body, extra = {}) {
      const raw = extra.rawBody ?? (body === undefined ? '' : JSON.stringify(body));
      const headers = {
        ...signedHeaders(extra.as ?? credentials, { method, pathWithQuery: path, body: raw }),
        ...(raw ? { 'content-type': 'application/json' } : {}),
        ...extra.headers,
      };
      const res = await fetch(baseUrl + path, { method, headers, body: raw || undefined });
      const text = await res.text();
      return { status: res.status, body: text ? JSON.parse(text) : null };
    },
    async createLoan(overrides = {}) {
      const created = await harness.api('POST', '/api/v1/loans', exampleLoan(overrides));
      if (created.status !== 201)
        throw new Error(`loan not created (${created.status}): ${JSON.stringify(created.body)}`);
    },
    async bindCard(card) {
      const started = await harness.api('POST', '/api/v1/cards/bind', card);
      const bound = await harness.api(
        'POST',
        `/api/v1/cards/bind/${started.body?.bindingId}/confirm`,
        { smsCode: '123456' },
      );
      return { started, bound };
    },
    async loanOnCard(loan, card) {
      const created = await harness.api('POST', '/api/v1/loans', exampleLoan(loan));
      const { bound } = await harness.bindCard({ orderNo: loan.orderNo as string, ...card });
      return { created, bound };
    },
    async callerAs(username) {
      const session = await app.services.auth.login({
        username,
        password: 'repay123',
        clientAddress: '127.0.0.1',
      });
      const user: SessionUser = session.user;
      return createCaller({
        services: app.services,
        user,
        sessionToken: session.token,
        clientAddress: '127.0.0.1',
        setSessionCookie: () => {},
        clearSessionCookie: () => {},
      });
    },
    async count(table) {
      const [row] = await app.database.sql.query<{ n: bigint }>(
        `select count(*)::bigint as n from ${table}`,
      );
      return Number(row?.n ?? 0n);
    },
    async close() {
      await server.close();
      await database.dispose();
    },
  };
  return harness;
}

/** docs/api.md's example body, with an ID number and a card number whose checksums are valid. */
export function exampleLoan(overrides: Record<string, unknown> = {}) {
  return {
    orderNo: 'L2026000001',
    businessLine: 'consumer',
    funderCode: 'F-TRUST-01',
    productCode: 'CONSUMER-STD',
    principal: '100000.00',
    annualRate: '0.12',
    termMonths: 12,
    repaymentMethod: 'equal_installment',
    startDate: '2026-01-15',
    firstDueDate: '2026-02-15',
    residualValue: '0.00',
    paymentTiming: 'arrears',
    borrower: { name: '张三', idNo: '110101199003071233', mobile: '13800138000' },
    card: { cardNo: '6222021234567840123', bankCode: 'ICBC' },
    ...overrides,
  };
}
