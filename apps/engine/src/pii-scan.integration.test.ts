// Personal data never appears in clear outside its encrypted columns. The main flows are driven
// through the real surfaces (REST intake, card binding, settlement by REST and by the console,
// the deduction window from the console and from the job engine, channel notifications, an
// asset transfer, a channel's statement reconciled, unbinding, refused inputs that carry
// personal data), then every captured text is scanned for a full card number, ID number, mobile
// or borrower name in clear: the server's log at debug level (with production's redaction),
// everything the engine printed, every REST, callback and tRPC answer (every query procedure, as
// every role), and every column of every table. Masks and keyed hashes are fine. The one file
// the console downloads is a channel's statement as the channel sent it (order ids, amounts).
import { createHmac } from 'node:crypto';
import { format } from 'node:util';
import { defaultInstances } from '@repay/channel-sandbox/instances';
import { buildSandbox, type Sandbox } from '@repay/channel-sandbox/server';
import type { JobQueue } from '@repay/db';
import { isValidCardNo, isValidChineseIdNo, RULE_KINDS, USER_ROLES } from '@repay/rules';
import { exampleRuleBodies } from '@repay/rules/examples';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startJobs } from './jobs';
import { signedHeaders } from './lib/api-signature';
import { maskCardNo, maskIdNo, maskMobile, maskName } from './lib/mask';
import { appRouter } from './trpc/root';
import { CONSOLE_ORIGIN, exampleLoan, startHarness, type Harness } from './testing/harness';

type Kind = 'card' | 'idNo' | 'mobile' | 'name';
/** A value that must never be seen in clear, and how a report names it (masked). */
interface Secret {
  kind: Kind;
  value: string;
  label: string;
}

const maskOf: Record<Kind, (v: string) => string> = {
  card: maskCardNo,
  idNo: maskIdNo,
  mobile: maskMobile,
  name: maskName,
};

interface Borrower {
  orderNo: string;
  funderCode: string;
  name: string;
  /** As sent at intake (one in lower case: intake stores it upper-cased). */
  idNo: string;
  mobile: string;
  /** The card bound at the channels (by its last four digits the sandbox's outcome), if any. */
  card?: { cardNo: string; bankCode: string; mobile: string };
  /** The card named at intake, if any. */
  intakeCard?: { cardNo: string; bankCode: string };
  /** Yuan; the example's otherwise. */
  principal?: string;
}

// Checksum-valid ID numbers and Luhn-valid cards of 16–19 digits, distinct from every other test.
const BORROWERS = {
  ok: {
    orderNo: 'PS-OK',
    funderCode: 'F-TRUST-01',
    name: '欧阳明远',
    idNo: '44030519850612346x',
    mobile: '15811223344',
    // The mobile the bank holds for the card differs from the loan's.
    card: { cardNo: '6222027712345640000', bankCode: 'ICBC', mobile: '15911223355' },
  },
  funds: {
    orderNo: 'PS-FUNDS',
    funderCode: 'F-TRUST-01',
    name: '司马青云',
    idNo: '310104199211305280',
    mobile: '17722334455',
    card: { cardNo: '621700223344560051', bankCode: 'CCB', mobile: '17722334455' },
  },
  frozen: {
    orderNo: 'PS-FROZEN',
    funderCode: 'F-TRUST-01',
    name: '诸葛晓雪',
    idNo: '510107197801012346',
    mobile: '18633445566',
    card: { cardNo: '6228483344500054', bankCode: 'ABC', mobile: '18633445566' },
  },
  settle: {
    orderNo: 'PS-SETTLE',
    funderCode: 'F-TRUST-01',
    name: '上官婉清',
    idNo: '330106200002291232',
    mobile: '19955667788',
    intakeCard: { cardNo: '621661445566710000', bankCode: 'BOC' },
  },
  debitSettle: {
    orderNo: 'PS-DSETTLE',
    funderCode: 'F-TRUST-01',
    name: '东方既白',
    idNo: '320102198808087655',
    mobile: '13566778899',
    // Within the channels' single limit: settled in one debit.
    principal: '10000.00',
    card: { cardNo: '62258855667750000', bankCode: 'CMB', mobile: '13566778899' },
  },
  bank: {
    orderNo: 'PS-BANK',
    funderCode: 'F-BANK-02',
    name: '慕容秋水',
    idNo: '420106199503152229',
    mobile: '14788990011',
    card: { cardNo: '622262889900190000', bankCode: 'BOCOM', mobile: '14788990011' },
  },
} satisfies Record<string, Borrower>;
const borrowers: Borrower[] = Object.values(BORROWERS);
const orderNos = borrowers.map((b) => b.orderNo);

/** Refused inputs: sent once, never stored, and never to be echoed back. */
const REFUSED = {
  mobile: '10811223344',
  cardNo: '6222027712345678902',
  idNo: '440305198506123479',
  bindMobile: '1392468013',
  /** PS-OK again with another mobile: a conflict. */
  conflictMobile: '15811223345',
  /** Valid, never bound: unbinding it is refused. */
  unboundCard: '62220277999920000',
};
/** The card PS-FROZEN's borrower binds after the frozen one failed (then the frozen one goes). */
const REPLACEMENT = { cardNo: '6228487766550000', bankCode: 'ABC', mobile: '18633445566' };

/** The payee of a payout an upstream system asks for (a sandbox account that is always paid). */
const PAYEE = { name: '司马长风', accountNo: '6222027788990000', bankCode: 'ICBC' };

const secrets: Secret[] = [
  ...borrowers.flatMap((b): Secret[] => {
    const of = (kind: Kind, value: string): Secret => ({
      kind,
      value,
      label: `${kind} ${maskOf[kind](value)} (${b.orderNo})`,
    });
    return [
      of('name', b.name),
      of('idNo', b.idNo.toUpperCase()),
      of('mobile', b.mobile),
      ...(b.card ? [of('card', b.card.cardNo), of('mobile', b.card.mobile)] : []),
      ...(b.intakeCard ? [of('card', b.intakeCard.cardNo)] : []),
    ];
  }),
  { kind: 'mobile', value: REFUSED.mobile, label: 'refused mobile 108****3344' },
  { kind: 'card', value: REFUSED.cardNo, label: 'refused card 622202******8902' },
  { kind: 'idNo', value: REFUSED.idNo, label: 'refused ID 440305********3479' },
  { kind: 'mobile', value: REFUSED.bindMobile, label: 'refused binding mobile 139****8013' },
  { kind: 'mobile', value: REFUSED.conflictMobile, label: 'conflicting mobile 158****3345' },
  { kind: 'card', value: REFUSED.unboundCard, label: 'unbound card 622202******0000' },
  { kind: 'card', value: REPLACEMENT.cardNo, label: 'card 622848******0000 (PS-FROZEN, second)' },
  { kind: 'name', value: PAYEE.name, label: 'payee 司*** (PS-P1)' },
  { kind: 'card', value: PAYEE.accountNo, label: 'payee account 622202******0000 (PS-P1)' },
];
const uniqueSecrets = [...new Map(secrets.map((s) => [s.value.toUpperCase(), s])).values()];

// ---------------------------------------------------------------------------------------------
// The scanner.

interface Finding {
  where: string;
  what: string;
}

/** The text as a reader would see it: JSON escapes and URL encoding undone. */
function readings(text: string): string[] {
  const out = [text];
  try {
    out.push(JSON.stringify(JSON.parse(text)));
  } catch {
    // not JSON (log lines and answers' bodies mostly are)
  }
  try {
    out.push(decodeURIComponent(text));
  } catch {
    // a stray % is no encoding
  }
  return out;
}

// Not inside a word, nor the decimals of a number (a log's responseTime has 15 and more).
const ID_SHAPE = /(?<![0-9A-Za-z.])[1-9]\d{16}[\dXx](?![0-9A-Za-z])/g;
const DIGIT_RUN = /(?<![0-9A-Za-z.])\d{15,19}(?![0-9A-Za-z])/g;
const MOBILE_SHAPE = /(?<!\d)1[3-9]\d{9}(?!\d)/g;
const usedMobiles = new Set(secrets.filter((s) => s.kind === 'mobile').map((s) => s.value));

/**
 * Every clear value in the text: each known secret (case-insensitive, anywhere), any resident ID
 * number with a valid checksum (ours or not), any UnionPay-like card number passing Luhn, and
 * any mobile shape equal to a mobile used here.
 */
function scan(where: string, text: string | null | undefined): Finding[] {
  if (!text) return [];
  // By clear value: a value found by name and by shape is one finding.
  const found = new Map<string, Finding>();
  const generic = (value: string, what: string) => {
    if (!found.has(value.toUpperCase())) found.set(value.toUpperCase(), { where, what });
  };
  for (const reading of readings(text)) {
    const upper = reading.toUpperCase();
    for (const s of uniqueSecrets)
      if (upper.includes(s.value.toUpperCase()))
        found.set(s.value.toUpperCase(), { where, what: s.label });
    for (const m of reading.matchAll(ID_SHAPE))
      if (isValidChineseIdNo(m[0])) generic(m[0], `an ID number ${maskIdNo(m[0])}`);
    for (const m of reading.matchAll(DIGIT_RUN))
      if (m[0].startsWith('62') && isValidCardNo(m[0]))
        generic(m[0], `a card number ${maskCardNo(m[0])}`);
    for (const m of reading.matchAll(MOBILE_SHAPE))
      if (usedMobiles.has(m[0])) generic(m[0], `a mobile ${maskMobile(m[0])}`);
  }
  return [...found.values()];
}

function report(findings: Finding[]): string {
  return findings.map((f) => `${f.what} in clear at ${f.where}`).join('\n');
}

// ---------------------------------------------------------------------------------------------
// What the engine says, captured.

/** Every line the server logs (production's logger and redaction, at debug level). */
const logLines: string[] = [];
/** Everything the engine's own loggers print (jobs, channels, runs in the background). */
const printed: string[] = [];
/** Every answer of REST, callbacks and tRPC: where, and its text (headers and body). */
const answers: { where: string; text: string }[] = [];

let sandbox: Sandbox;
let h: Harness;
let boss: JobQueue | null = null;
const q = <T extends object>(text: string, params: unknown[] = []) =>
  h.app.database.sql.query<T>(text, params);

type Answer = { status: number; body: any };

async function rest(
  method: string,
  path: string,
  body?: unknown,
  opts?: Parameters<Harness['api']>[3],
): Promise<Answer> {
  const res = await h.api(method, path, body, opts);
  answers.push({ where: `REST ${method} ${path} → ${res.status}`, text: JSON.stringify(res.body) });
  return res;
}

/** A raw HTTP call, recorded with its answer's headers and body. */
async function http(where: string, url: string, init: RequestInit): Promise<Answer> {
  const res = await fetch(url, init);
  const text = await res.text();
  const headers = [...res.headers].map(([k, v]) => `${k}: ${v}`).join('\n');
  answers.push({ where: `${where} → ${res.status}`, text });
  answers.push({ where: `${where} → ${res.status} (headers)`, text: headers });
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

/** One tRPC call as the console's pages make it, over HTTP. */
async function trpc(
  cookie: string,
  role: string,
  path: string,
  input: unknown,
  type: 'query' | 'mutation',
): Promise<Answer> {
  const encoded = input === undefined ? '' : `?input=${encodeURIComponent(JSON.stringify(input))}`;
  const res = await http(
    `tRPC ${path}${input === undefined ? '' : `(${JSON.stringify(input)})`} as ${role}`,
    type === 'query' ? `${h.baseUrl}/trpc/${path}${encoded}` : `${h.baseUrl}/trpc/${path}`,
    type === 'query'
      ? { headers: { cookie } }
      : {
          method: 'POST',
          headers: { cookie, origin: CONSOLE_ORIGIN, 'content-type': 'application/json' },
          body: JSON.stringify(input ?? {}),
        },
  );
  return res;
}

const cookies = new Map<string, string>();
async function signIn(username: string): Promise<string> {
  const known = cookies.get(username);
  if (known) return known;
  const res = await fetch(`${h.baseUrl}/trpc/auth.login`, {
    method: 'POST',
    headers: { origin: CONSOLE_ORIGIN, 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: 'repay123' }),
  });
  expect(res.status).toBe(200);
  const cookie = res.headers.getSetCookie()[0]!.split(';')[0]!;
  cookies.set(username, cookie);
  return cookie;
}
const query = async (role: string, path: string, input?: unknown) =>
  trpc(await signIn(role), role, path, input, 'query');
const mutate = async (role: string, path: string, input: unknown) =>
  trpc(await signIn(role), role, path, input, 'mutation');

/** A channel notification signed as the sandbox instance signs it. */
function notify(code: string, body: unknown, secret?: string) {
  const instance = defaultInstances().find((i) => i.code === code)!;
  const text = JSON.stringify(body);
  const ts = String(Math.floor(Date.now() / 1000));
  return http(`callback ${code}`, `${h.baseUrl}/callbacks/channels/${code}/notify`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-sandbox-merchant': instance.merchant,
      'x-sandbox-timestamp': ts,
      'x-sandbox-signature': createHmac('sha256', secret ?? instance.secret)
        .update(`${ts}.${text}`)
        .digest('hex'),
    },
    body: text,
  });
}

const loanBody = (b: Borrower, extra: Record<string, unknown> = {}) =>
  exampleLoan({
    orderNo: b.orderNo,
    funderCode: b.funderCode,
    borrower: { name: b.name, idNo: b.idNo, mobile: b.mobile },
    card: b.intakeCard,
    ...(b.principal ? { principal: b.principal } : {}),
    ...extra,
  });

beforeAll(async () => {
  for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const)
    vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
      printed.push(`console.${method}: ${format(...args)}`);
    });
  sandbox = await buildSandbox({ instances: defaultInstances() });
  const sandboxUrl = await sandbox.app.listen({ port: 0, host: '127.0.0.1' });
  h = await startHarness({
    sandboxUrl,
    // 10:05 on a Sunday: the consumer window of 10:00 is open.
    clock: '2026-03-15T10:05:00+08:00',
    log: { level: 'debug', stream: { write: (line: string) => void logLines.push(line) } },
  });
}, 120_000);
afterAll(async () => {
  await boss?.stop({ graceful: true, wait: true, timeout: 10_000 });
  await h?.close();
  await sandbox?.app.close();
  vi.restoreAllMocks();
});

// ---------------------------------------------------------------------------------------------

describe('the scanner', () => {
  it('finds a planted clear value in any form a surface may carry it, and passes masks', () => {
    const card = BORROWERS.ok.card.cardNo;
    const id = BORROWERS.ok.idNo;
    expect(scan('sample', `{"card":"x${card}y"}`).map((f) => f.what)).toEqual([
      'card 622202******0000 (PS-OK)',
    ]);
    // Case-insensitive: the ID sent in lower case is found upper-cased, and the other way.
    expect(scan('sample', `id=${id.toUpperCase()}`)).toHaveLength(1);
    expect(scan('sample', `id=${id}`)).toHaveLength(1);
    // A name behind JSON escapes or URL encoding.
    const escaped = JSON.stringify({ n: BORROWERS.ok.name }).replace(
      /[\u0080-\uffff]/g,
      (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
    );
    expect(scan('sample', escaped).map((f) => f.what)).toEqual(['name 欧*** (PS-OK)']);
    expect(scan('sample', `/x?q=${encodeURIComponent(BORROWERS.ok.name)}`)).toHaveLength(1);
    // Clear values of people not in this test: any valid ID, any UnionPay card passing Luhn.
    expect(scan('sample', 'id 110101199003071233.').map((f) => f.what)).toEqual([
      'an ID number 110101********1233',
    ]);
    expect(scan('sample', 'card 6222021234567840123;').map((f) => f.what)).toEqual([
      'a card number 622202******0123',
    ]);
    expect(scan('sample', `tel:${BORROWERS.bank.mobile}`)).not.toEqual([]);
    // The same digits as the decimals of a number (a log line's responseTime) are no card.
    expect(scan('sample', 'card 6250430000080005')).toHaveLength(1);
    expect(scan('sample', '{"responseTime":0.6250430000080005}')).toEqual([]);
    // Masks, tails and hashes are not clear values.
    const masked = borrowers
      .flatMap((b) => [
        maskName(b.name),
        maskIdNo(b.idNo.toUpperCase()),
        maskMobile(b.mobile),
        ...(b.card ? [maskCardNo(b.card.cardNo), `尾号${b.card.cardNo.slice(-4)}`] : []),
      ])
      .join(' ');
    expect(scan('sample', masked)).toEqual([]);
    expect(scan('sample', createHmac('sha256', 'k').update(card).digest('hex'))).toEqual([]);
    expect(report([{ where: 'log line 3', what: 'card 622202******0000 (PS-OK)' }])).toBe(
      'card 622202******0000 (PS-OK) in clear at log line 3',
    );
  });
});

describe('the main flows, driven through the real surfaces', () => {
  it('takes the loans in over REST (a replay answers the same; a conflict names no value)', async () => {
    for (const b of borrowers) {
      const created = await rest('POST', '/api/v1/loans', loanBody(b));
      expect(created.status).toBe(201);
      expect(created.body.borrower).toEqual({
        name: maskName(b.name),
        idNo: maskIdNo(b.idNo.toUpperCase()),
        mobile: maskMobile(b.mobile),
      });
    }
    const replay = await rest('POST', '/api/v1/loans', loanBody(BORROWERS.ok));
    expect(replay.status).toBe(200);
    const conflict = await rest(
      'POST',
      '/api/v1/loans',
      loanBody(BORROWERS.ok, {
        borrower: {
          name: BORROWERS.ok.name,
          idNo: BORROWERS.ok.idNo,
          mobile: REFUSED.conflictMobile,
        },
      }),
    );
    expect(conflict.status).toBe(409);
  });

  it('refuses inputs carrying personal data without echoing it', async () => {
    const ok = BORROWERS.ok;
    const refusals: [Record<string, unknown>, string][] = [
      [{ borrower: { name: ok.name, idNo: ok.idNo, mobile: REFUSED.mobile } }, 'borrower.mobile'],
      [{ borrower: { name: ok.name, idNo: REFUSED.idNo, mobile: ok.mobile } }, 'borrower.idNo'],
      [{ card: { cardNo: REFUSED.cardNo, bankCode: 'ICBC' } }, 'card.cardNo'],
      [{ card: { cardNo: ok.card.cardNo, bankCode: 'icbc' } }, 'card.bankCode'],
      [
        { borrower: { name: ok.name, idNo: ok.idNo, mobile: ok.mobile, phone: ok.mobile } },
        'borrower.phone',
      ],
      [{ borrower: { name: '', idNo: ok.idNo, mobile: ok.mobile } }, 'borrower.name'],
    ];
    for (const [override, field] of refusals) {
      const res = await rest(
        'POST',
        '/api/v1/loans',
        loanBody(ok, { orderNo: 'PS-BAD', ...override }),
      );
      expect([res.status, res.body.error?.field]).toEqual([400, field]);
    }
    const whole = JSON.stringify(loanBody(ok, { orderNo: 'PS-BAD' }));
    const truncated = await rest('POST', '/api/v1/loans', undefined, {
      rawBody: whole.slice(0, -5),
    });
    expect(truncated.status).toBe(400);
    const forged = await rest('POST', '/api/v1/loans', undefined, {
      rawBody: whole,
      headers: { 'x-repay-signature': 'f'.repeat(64) },
    });
    expect(forged.status).toBe(401);
    // A signed body whose content type is not JSON, with clear values in it.
    const text = `cardNo=${ok.card.cardNo}&mobile=${ok.mobile}`;
    const plain = await http(
      'REST POST /api/v1/cards/bind (form body)',
      `${h.baseUrl}/api/v1/cards/bind`,
      {
        method: 'POST',
        headers: {
          ...signedHeaders(h.credentials, {
            method: 'POST',
            pathWithQuery: '/api/v1/cards/bind',
            body: text,
          }),
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: text,
      },
    );
    expect(plain.status).toBe(400);
    const badBind = await rest('POST', '/api/v1/cards/bind', {
      orderNo: ok.orderNo,
      cardNo: ok.card.cardNo,
      bankCode: 'ICBC',
      mobile: REFUSED.bindMobile,
    });
    expect([badBind.status, badBind.body.error?.field]).toEqual([400, 'mobile']);
    const badCard = await rest('POST', '/api/v1/cards/bind', {
      orderNo: ok.orderNo,
      cardNo: REFUSED.cardNo,
      bankCode: 'ICBC',
      mobile: ok.mobile,
    });
    expect([badCard.status, badCard.body.error?.field]).toEqual([400, 'cardNo']);
    const unknownLoan = await rest('POST', '/api/v1/cards/bind', {
      orderNo: 'PS-NONE',
      cardNo: ok.card.cardNo,
      bankCode: 'ICBC',
      mobile: ok.mobile,
    });
    expect(unknownLoan.status).toBe(404);
    expect(await h.count(`loans where order_no = 'PS-BAD'`)).toBe(0);
  });

  it('refuses tRPC input that is not JSON without quoting it', async () => {
    // The JSON parser's own message quotes the text around the fault: a short input whole.
    const body = await http('tRPC auth.login (not JSON)', `${h.baseUrl}/trpc/auth.login`, {
      method: 'POST',
      headers: { origin: CONSOLE_ORIGIN, 'content-type': 'application/json' },
      body: `x${BORROWERS.ok.card.cardNo}`,
    });
    expect([body.status, body.body.error.message]).toEqual([400, 'input is not valid JSON']);
    const input = encodeURIComponent(`{"q":x${BORROWERS.ok.mobile}}`);
    const garbled = await http(
      'tRPC loans.list (not JSON)',
      `${h.baseUrl}/trpc/loans.list?input=${input}`,
      {
        headers: { cookie: await signIn('auditor') },
      },
    );
    expect([garbled.status, garbled.body.error.message]).toEqual([400, 'input is not valid JSON']);
    // An operator searching a mobile in the loan list's order number box: nothing found, and
    // the request's log line (a query's input is in its URL) does not keep it.
    const search = await query('ops', 'loans.list', { orderNo: BORROWERS.ok.mobile });
    expect([search.status, search.body.result.data.items]).toEqual([200, []]);
  });

  it('binds the cards at the channels over REST (a wrong SMS code first)', async () => {
    for (const b of borrowers) {
      if (!b.card) continue;
      const started = await rest('POST', '/api/v1/cards/bind', { orderNo: b.orderNo, ...b.card });
      expect(started.status).toBe(200);
      const path = `/api/v1/cards/bind/${started.body.bindingId}/confirm`;
      if (b === BORROWERS.ok) {
        const wrong = await rest('POST', path, { smsCode: '000000' });
        expect(wrong.status).toBe(422);
      }
      const bound = await rest('POST', path, { smsCode: '123456' });
      expect(bound.status).toBe(200);
      expect(bound.body.status).toBe('bound');
    }
  });

  it('settles early: a quote and an offline settlement over REST, a debit from the console', async () => {
    const quote = await rest('GET', `/api/v1/loans/${BORROWERS.settle.orderNo}/settlement-quote`);
    expect(quote.status).toBe(200);
    const settled = await rest('POST', `/api/v1/loans/${BORROWERS.settle.orderNo}/settle`, {
      quoteId: quote.body.quoteId,
      method: 'offline',
      reference: 'PS-SETTLE-REF',
    });
    expect([settled.status, settled.body.status]).toEqual([200, 'settled']);

    const consoleQuote = await mutate('finance', 'loans.settlementQuote', {
      orderNo: BORROWERS.debitSettle.orderNo,
    });
    expect(consoleQuote.status).toBe(200);
    const byDebit = await mutate('finance', 'loans.settle', {
      orderNo: BORROWERS.debitSettle.orderNo,
      quoteId: consoleQuote.body.result.data.quoteId,
      method: 'debit',
      reference: 'PS-DSETTLE-REF',
    });
    expect([byDebit.status, byDebit.body.result?.data.status]).toEqual([200, 'settled']);

    const repaid = await rest('POST', `/api/v1/loans/${BORROWERS.ok.orderNo}/repayments`, {
      amount: '10.00',
      paidAt: '2026-03-15T09:00:00+08:00',
      reference: 'PS-OK-R1',
      method: 'offline',
    });
    expect(repaid.status).toBe(201);
    const transfer = await rest('POST', '/api/v1/asset-transfers', {
      orderNos: [BORROWERS.funds.orderNo],
      toFunderCode: 'F-SELF-03',
      cutoffDate: '2026-03-17',
      priceRatio: '1.00',
    });
    expect([transfer.status, transfer.body.status]).toEqual([201, 'scheduled']);
    const payout = await rest('POST', '/api/v1/payouts', {
      payoutNo: 'PS-P1',
      funderCode: 'F-TRUST-01',
      purpose: 'disbursement',
      amount: '100.00',
      payee: PAYEE,
    });
    expect(payout.status).toBe(201);
    expect((await rest('GET', '/api/v1/payouts/PS-P1')).status).toBe(200);
  });

  it('runs the 10:00 window: one funder from the console, the rest by the job engine', async () => {
    const started = await mutate('ops', 'debits.startRun', {
      date: '2026-03-15',
      window: '10:00',
      funderCode: 'F-BANK-02',
      reason: '隐私扫描',
    });
    expect(started.status).toBe(200);
    const runStatus = async (scope: string) =>
      (
        await q<{ status: string }>(`select status from debit_runs where run_key = $1`, [
          `2026-03-15@10:00#${scope}`,
        ])
      )[0]?.status;
    await expect.poll(() => runStatus('funder:F-BANK-02'), { timeout: 20_000 }).toBe('completed');
    // Yesterday's accrual by hand (the job engine accrues today when it starts).
    const accrued = await mutate('finance', 'overdue.accrue', {
      date: '2026-03-14',
      reason: '隐私扫描',
    });
    expect(accrued.status).toBe(200);
    // The scheduler's tick at start opens the window for every funder; workers take its shards.
    boss = await startJobs(h.app, { schedule: true, work: true });
    await expect.poll(() => runStatus('*'), { timeout: 30_000, interval: 250 }).toBe('completed');
    const outcomes = await q<{ order_no: string; status: string; result_class: string }>(
      `select l.order_no, d.status, d.result_class from debit_orders d
         join loans l on l.id = d.loan_id where d.source <> 'settlement' order by l.order_no, d.id`,
    );
    const byLoan = (orderNo: string) =>
      outcomes.filter((o) => o.order_no === orderNo).map((o) => o.result_class);
    expect(byLoan('PS-OK')).toEqual(['success', 'success']);
    expect(byLoan('PS-BANK')).toEqual(['success', 'success']);
    expect(byLoan('PS-FUNDS')).toEqual(['fail_funds', 'fail_funds']);
    expect(byLoan('PS-FROZEN')[0]).toBe('fail_card');
  });

  it('records what channels say out of turn: a contradicting answer, an unknown order, a forgery', async () => {
    const [order] = await q<{ key: string; amount: bigint; channel: string }>(
      `select d.idempotency_key as key, d.amount, d.channel_code as channel from debit_orders d
         join loans l on l.id = d.loan_id where l.order_no = 'PS-OK' order by d.id limit 1`,
    );
    expect(order!.channel).toBe('sandbox-a');
    const answer = {
      orderId: order!.key,
      status: 'failed',
      code: 'BF00313',
      msg: '余额不足',
      amount: Number(order!.amount),
      fee: 30,
      channelSerial: 'BF-PS-1',
    };
    expect((await notify('sandbox-a', answer)).status).toBe(200);
    expect(
      (await notify('sandbox-a', { ...answer, orderId: 'W202603151000-424242', status: 'success' }))
        .status,
    ).toBe(200);
    // A forged notification carrying a card number: refused (and logged) without it.
    const forged = await notify(
      'sandbox-a',
      { ...answer, cardNo: BORROWERS.ok.card.cardNo },
      'not-the-secret',
    );
    expect(forged.status).toBe(401);
    expect(await h.count('channel_anomalies')).toBeGreaterThanOrEqual(2);
  });

  it('reconciles sandbox-a’s day from the console: a statement uploaded and run', async () => {
    const ours = await q<{ key: string; amount: bigint }>(
      `select idempotency_key as key, amount from debit_orders
        where channel_code = 'sandbox-a' and status = 'succeeded' order by id`,
    );
    expect(ours.length).toBeGreaterThan(0);
    // Our successes, and one the channel took for an order we never made (a case).
    const lines = [...ours, { key: 'W202603151000-525252', amount: 4_321n }];
    const total = lines.reduce((sum, l) => sum + BigInt(l.amount), 0n);
    const file = [
      'merchant_order_id,channel_serial,type,amount_fen,fee_fen,status,finished_at',
      ...lines.map((l, i) => `${l.key},PS-${i},debit,${l.amount},,success,2026-03-15T03:00:00Z`),
      `# summary,count=${lines.length},success_count=${lines.length},success_amount_fen=${total},fee_fen=0`,
    ].join('\n');
    const uploaded = await mutate('finance', 'recon.upload', {
      channel: 'sandbox-a',
      date: '2026-03-15',
      fileName: 'sandbox-a-2026-03-15.csv',
      file: Buffer.from(file).toString('base64'),
    });
    expect(uploaded.status).toBe(200);
    const run = await mutate('finance', 'recon.run', { channel: 'sandbox-a', date: '2026-03-15' });
    expect(run.status).toBe(200);
    const [opened] = await q<{ id: string }>(`select 'rcc_' || id as id from recon_cases`);
    const taken = await mutate('finance', 'recon.assignCase', { caseId: opened!.id, note: '核对' });
    expect(taken.status).toBe(200);
  });

  it('binds another card and unbinds the frozen one over REST (an unknown card: its mask)', async () => {
    const started = await rest('POST', '/api/v1/cards/bind', {
      orderNo: BORROWERS.frozen.orderNo,
      ...REPLACEMENT,
    });
    expect(started.status).toBe(200);
    const bound = await rest('POST', `/api/v1/cards/bind/${started.body.bindingId}/confirm`, {
      smsCode: '123456',
    });
    expect(bound.status).toBe(200);
    const unknown = await rest('POST', '/api/v1/cards/unbind', {
      orderNo: BORROWERS.frozen.orderNo,
      cardNo: REFUSED.unboundCard,
    });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.message).toContain(maskCardNo(REFUSED.unboundCard));
    const unbound = await rest('POST', '/api/v1/cards/unbind', {
      orderNo: BORROWERS.frozen.orderNo,
      cardNo: BORROWERS.frozen.card.cardNo,
    });
    expect(unbound.status).toBe(200);
  });

  it('reads every loan over REST, masked', async () => {
    for (const orderNo of orderNos) {
      const loan = await rest('GET', `/api/v1/loans/${orderNo}`);
      expect(loan.status).toBe(200);
      expect((await rest('GET', `/api/v1/loans/${orderNo}/plan`)).status).toBe(200);
      expect((await rest('GET', `/api/v1/loans/${orderNo}/debits`)).status).toBe(200);
    }
    expect((await rest('GET', '/api/v1/openapi.json')).status).toBe(200);
    expect((await http('GET /healthz', `${h.baseUrl}/healthz`, {})).status).toBe(200);
  });

  it('answers every tRPC query procedure, as every role', async () => {
    const ids = async (sql: string) => (await q<{ id: string }>(sql)).map((r) => r.id);
    const perLoan = orderNos.map((orderNo) => ({ orderNo }));
    const ruleSets = await ids(`select id::text as id from rule_sets order by id`);
    const versions = await ids(`select id::text as id from rule_versions order by id`);
    const orders = await ids(`select id::text as id from debit_orders order by id`);
    const anomalies = await ids(`select id::text as id from channel_anomalies order by id`);
    const channels = await ids(`select code as id from channels order by code`);
    const imports = (await ids(`select 'imp_' || id as id from statement_imports order by id`)).map(
      (importId) => ({ importId }),
    );
    // The upload above (and any file a statements job fetched meanwhile).
    expect(imports.length).toBeGreaterThanOrEqual(1);
    const cases = (await ids(`select 'rcc_' || id as id from recon_cases order by id`)).map(
      (caseId) => ({ caseId }),
    );
    const transfers = (await ids(`select transfer_id as id from asset_transfers order by id`)).map(
      (transferId) => ({ transferId }),
    );
    expect(transfers).toHaveLength(1);
    // Asset reconciliation: a run, and a funder's file naming every loan (one we do not know).
    expect((await mutate('finance', 'reconAssets.run', { date: '2026-03-15' })).status).toBe(200);
    const funderFile = [
      '订单号,剩余本金,逾期金额,状态',
      ...orderNos.map((orderNo) => `${orderNo},1.00,0.00,正常`),
      'PS-UNKNOWN,1.00,0.00,逾期',
    ].join('\n');
    const uploadedFile = await mutate('finance', 'reconAssets.upload', {
      funder: 'F-TRUST-01',
      date: '2026-03-15',
      fileName: 'f-trust-01.csv',
      file: Buffer.from(funderFile).toString('base64'),
    });
    expect(uploadedFile.status).toBe(200);
    const funderFiles = (await ids(`select 'faf_' || id as id from funder_asset_files`)).map(
      (fileId) => ({ fileId }),
    );
    // A job run by hand (the scheduled ones above are there too): its history is read below.
    expect((await mutate('finance', 'jobs.start', { job: 'asset-transfers' })).status).toBe(200);
    const jobRuns = (await ids(`select id::text as id from job_runs order by id`)).map((runId) => ({
      runId,
    }));
    // The newest journals (collections, settlement, transfer): each one is read as every role.
    const journals = (
      await ids(`select id::text as id from ledger_journals order by id desc limit 8`)
    ).map((journalId) => ({ journalId }));
    const inputs: Record<string, unknown[]> = {
      'auth.me': [undefined],
      'auth.ping': [undefined],
      'users.list': [undefined],
      'apiKeys.list': [undefined],
      'dashboard.summary': [undefined],
      'loans.list': [{}, { funderCode: 'F-BANK-02' }, ...perLoan],
      'loans.get': perLoan,
      'loans.planVersions': perLoan,
      'loans.history': perLoan,
      'loans.waivers': [{}, ...perLoan],
      'loans.plan': perLoan,
      'funders.list': [undefined],
      'products.list': [undefined],
      'businessLines.list': [undefined],
      'rules.abilities': [undefined],
      'rules.reviewInbox': [undefined],
      'rules.list': [{}],
      'rules.get': ruleSets.map((ruleSetId) => ({ ruleSetId })),
      'rules.version': versions.map((versionId) => ({ versionId })),
      'rules.diff': versions.map((toVersionId) => ({ toVersionId })),
      'rules.validate': RULE_KINDS.map((kind) => ({ kind, body: exampleRuleBodies[kind] })),
      'rules.forLoan': perLoan,
      'rules.simulate': versions.map((versionId) => ({ versionId })),
      'ruleVersions.list': [{}, { kind: 'fee', status: 'published' }],
      'channels.list': [undefined],
      'channels.health': channels.map((code) => ({ code })),
      'channels.decisions': [{}],
      'channels.history': [{}, { change: 'status' }],
      'channels.forLoan': perLoan,
      'debits.now': [undefined],
      'debits.slotsToday': [undefined],
      'debits.eligibility': perLoan,
      'debits.runs': [{}],
      'debits.orders': [
        {},
        { dateFrom: '2026-03-01', dateTo: '2026-03-15', outcome: 'success', attempt: 'first' },
        ...perLoan,
      ],
      'debits.order': orders.map((id) => ({ id })),
      'debits.resolutions': [{}],
      'anomalies.list': [{}],
      'anomalies.get': anomalies.map((id) => ({ id })),
      'overdue.summary': [undefined],
      'overdue.runs': [{}],
      'overdue.loans': [{}],
      'overdue.accruals': perLoan,
      'overdue.accrualList': [{}, { bucket: 'M1' }],
      'transfers.list': [{}],
      'transfers.get': transfers,
      'transfers.ofLoan': perLoan,
      'transfers.receivables': [undefined],
      'recon.days': [{}],
      'recon.runs': [{}],
      'recon.imports': [{}],
      'recon.importFile': imports,
      'recon.formats': [undefined],
      'recon.cases': [{}],
      'recon.case': cases,
      'reconAssets.runs': [{}],
      'reconAssets.breaks': [{}, { date: '2026-03-15' }],
      'reconAssets.funders': [{}],
      'reconAssets.files': [{}],
      'reconAssets.comparison': funderFiles,
      'reconAssets.fileFormats': [undefined],
      'payouts.list': [{}],
      'payouts.get': [{ payoutNo: 'PS-P1' }],
      'payouts.positions': [undefined],
      'payouts.movements': [{}],
      'payouts.batches': [{}],
      'payouts.funderAccounts': [{}],
      'payouts.refunds': [{}],
      'jobs.list': [undefined],
      'jobs.runs': [{}, { job: 'overdue-accrual' }],
      'jobs.run': jobRuns,
      'clock.get': [undefined],
      'views.list': [{ page: '/reports' }],
      'audit.list': [{}, { entityType: 'loan' }],
      'audit.entityTypes': [undefined],
      'ledger.entries': [{}, { accountKind: 'clearing.collections' }],
      'ledger.journal': journals,
      'ledger.choices': [undefined],
      'ledger.collections': [{}, { source: 'debit' }, ...perLoan],
      'reports.collections': [
        { from: '2026-03-01', to: '2026-03-15' },
        { from: '2026-03-15', to: '2026-03-15', channel: 'sandbox-a', bank: 'ICBC' },
      ],
      'reports.channels': [{ from: '2026-03-01', to: '2026-03-15' }],
      'reports.channelHours': [{}, { date: '2026-03-15', channel: 'sandbox-a' }],
      'reports.risk': [
        { from: '2026-02-28', to: '2026-03-15' },
        { funderCode: 'F-TRUST-01', businessLine: 'consumer' },
      ],
      'reports.money': [{ from: '2026-03-01', to: '2026-03-15' }, { funderCode: 'F-TRUST-01' }],
      'reports.forecast': [{}, { businessLine: 'consumer', days: 3 }],
    };
    // Typed as the nested routers; at run time one flat record by path ("loans.get").
    const procedures = appRouter._def.procedures as unknown as Record<
      string,
      { _def: { type: string } }
    >;
    const queries = Object.keys(procedures).filter((p) => procedures[p]!._def.type === 'query');
    // A query procedure added later is walked too, once it is given its inputs here.
    expect(queries.filter((p) => !(p in inputs))).toEqual([]);
    expect(Object.keys(inputs).filter((p) => !queries.includes(p))).toEqual([]);
    for (const path of queries) expect(inputs[path], path).not.toEqual([]);

    const refusedAdmin: string[] = [];
    let ok = 0;
    for (const role of USER_ROLES)
      for (const path of queries)
        for (const input of inputs[path]!) {
          const res = await query(role, path, input);
          if (res.status === 200) ok++;
          else if (role === 'admin')
            refusedAdmin.push(`${path} ${JSON.stringify(input)}: ${res.status}`);
        }
    // Every input is sensible: the admin reads everything.
    expect(refusedAdmin).toEqual([]);
    expect(ok).toBeGreaterThan(USER_ROLES.length * 100);
    // Every query as every role, one after another: minutes on a loaded machine.
  }, 240_000);

  it('exports every list as a CSV file, as every role', async () => {
    let files = '';
    for (const role of USER_ROLES)
      for (const list of [
        'audit-log',
        'debit-orders',
        'payout-orders',
        'ledger-entries',
        'repayments',
        'fee-accruals',
        'waivers',
        'rule-versions',
        'channel-history',
      ]) {
        const where = `export ${list}.csv as ${role}`;
        const res = await fetch(`${h.baseUrl}/exports/${list}.csv`, {
          headers: { cookie: await signIn(role) },
        });
        const text = await res.text();
        answers.push({ where: `${where} → ${res.status}`, text });
        if (res.status === 200) files += text;
        else expect(res.status, where).toBe(403);
      }
    // The payout's payee went out as its masks.
    expect(files).toContain(maskName(PAYEE.name));
    expect(files).toContain(maskCardNo(PAYEE.accountNo));
  });
});

describe('no clear personal data outside encrypted storage', () => {
  it('the server log (debug level, every request) carries none', () => {
    expect(logLines.length).toBeGreaterThan(100);
    expect(logLines.some((l) => l.includes('"incoming request"'))).toBe(true);
    // Request lines name the path (a query string is left out: see the operator's search).
    expect(logLines.some((l) => l.includes('"url":"/trpc/loans.list"'))).toBe(true);
    expect(logLines.some((l) => l.includes('channel callback refused'))).toBe(true);
    const findings = logLines.flatMap((line, i) => scan(`server log line ${i + 1}`, line));
    expect(findings, report(findings)).toEqual([]);
  });

  it('what the engine prints (jobs, channels, background runs) carries none', () => {
    // The job engine says it started, and what its ticks did.
    expect(printed.some((l) => l.includes('[repay] jobs'))).toBe(true);
    const findings = printed.flatMap((line, i) => scan(`console line ${i + 1}`, line));
    expect(findings, report(findings)).toEqual([]);
  });

  it('no REST, callback or tRPC answer carries any, and they carry the masks', () => {
    const findings = answers.flatMap((a) => scan(a.where, a.text));
    expect(findings, report(findings)).toEqual([]);
    // The scan read the answers that show people: every loan's masks are in them.
    const all = answers.map((a) => a.text).join('\n');
    for (const b of borrowers) {
      expect(all).toContain(maskIdNo(b.idNo.toUpperCase()));
      expect(all).toContain(maskMobile(b.mobile));
      expect(all).toContain(maskName(b.name));
      if (b.card) expect(all).toContain(maskCardNo(b.card.cardNo));
    }
    expect(answers.filter((a) => a.where.startsWith('tRPC')).length).toBeGreaterThan(1000);
  });

  it('no column of any table holds any (they are ciphertext, hashes and masks)', async () => {
    const columns = await q<{ schema: string; table: string; column: string; type: string }>(
      `select c.table_schema as schema, c.table_name as table, c.column_name as column,
              c.data_type as type
         from information_schema.columns c
         join information_schema.tables t
           on t.table_schema = c.table_schema and t.table_name = c.table_name
        where t.table_type = 'BASE TABLE'
          and c.table_schema not in ('pg_catalog', 'information_schema')
          and c.table_schema not like 'pg\\_%'
        order by c.table_schema, c.table_name, c.ordinal_position`,
    );
    const tables = new Map<string, typeof columns>();
    for (const c of columns) {
      const key = `${c.schema}.${c.table}`;
      tables.set(key, [...(tables.get(key) ?? []), c]);
    }
    const ident = (s: string) => `"${s.replace(/"/g, '""')}"`;
    const findings: Finding[] = [];
    const rowsOf = new Map<string, number>();
    let masksSeen = '';
    for (const [key, cols] of tables) {
      // Every column as text; bytea as its bytes (a clear value stored as bytes shows as itself).
      const select = cols
        .map((c, i) =>
          c.type === 'bytea'
            ? `encode(${ident(c.column)}, 'escape') as c${i}`
            : `${ident(c.column)}::text as c${i}`,
        )
        .join(', ');
      const rows = await q<Record<string, string | null>>(
        `select ${select} from ${ident(cols[0]!.schema)}.${ident(cols[0]!.table)}`,
      );
      rowsOf.set(key, rows.length);
      rows.forEach((row, r) =>
        cols.forEach((c, i) => {
          const value = row[`c${i}`];
          findings.push(...scan(`${key}.${c.column} (row ${r + 1})`, value));
          if (key === 'public.borrowers' || key === 'public.cards') masksSeen += `${value}\n`;
        }),
      );
    }
    expect(findings, report(findings)).toEqual([]);
    // The scan read the people's rows: every borrower and every card, by their masks.
    expect(rowsOf.get('public.borrowers')).toBeGreaterThanOrEqual(borrowers.length);
    expect(rowsOf.get('public.cards')).toBeGreaterThanOrEqual(borrowers.length);
    for (const b of borrowers) {
      expect(masksSeen).toContain(maskIdNo(b.idNo.toUpperCase()));
      expect(masksSeen).toContain(maskMobile(b.mobile));
      for (const card of [b.card, b.intakeCard])
        if (card) expect(masksSeen).toContain(maskCardNo(card.cardNo));
    }
    // The job engine's tables were read too.
    expect([...tables.keys()].some((t) => t.startsWith('pgboss.'))).toBe(true);
  });
});
