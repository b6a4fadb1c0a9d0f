// A collections history written set-based, for the report tests and the dashboard benchmark:
// loans on cards (six banks, the demo funders and products in turn) with monthly-ish
// installments, and for every installment due by `today` the orders the windows would have
// made: a first attempt on its due date at 10:00, a retry at 16:00 and one the next morning
// while the earlier failed, each at one of the sandbox channels with that channel's raw codes.
// Mostly successes; failures of each class (and some never routed); a few successes reversed, a
// few settlement debits (no window); today's last attempts still waiting for an answer. And the
// channels' health buckets of every date, and a few circuit moves. Deterministic: every choice
// is a function of the row's id.
//
// The orders go in with the debit guard's trigger off for that statement only: each is one the
// guard would allow when it was made (its installment open and due, nothing else in flight).
// The dimensions' trigger fills in the product, line, bank and attempt as it does for every
// order (a bulk load writes the same values itself).
import { sqlFor, type DbHandle } from '@repay/db';

export const HISTORY_BANKS = ['ICBC', 'CCB', 'ABC', 'BOC', 'CMB', 'BOCOM'] as const;
export const HISTORY_CHANNELS = ['sandbox-a', 'sandbox-b', 'sandbox-c'] as const;

export interface HistoryShape {
  /** Loans to write (their ids follow whatever is there). */
  loans: number;
  /** Installments per loan, every 30 days from the loan's first due date. */
  installments: number;
  /** The earliest first due date; loan i's is `i % 28` days later. */
  firstDue: string;
  /** The last business date with orders (its last attempts still in flight). */
  today: string;
  /** Prefix of order numbers and lookup hashes (several histories in one database). */
  tag: string;
  /** Loans per statement (a million orders in one statement holds too much at once). */
  chunk?: number;
  /**
   * A bulk load (the benchmark): debit_orders' secondary indexes are dropped first and built
   * again at the end, each as it was (a sort per index instead of millions of random inserts).
   */
  bulk?: boolean;
}

/** Raw codes per class and channel (the sandbox vocabularies: baofoo, allinpay, unionpay). */
const CODES = {
  success: ['0000', '0000', '00'],
  funds: ['BF00313', '3051', '51'],
  limit: ['BF00315', '3061', '61'],
  card: ['BF00311', '3054', '14'],
  request: ['BF00402', '1002', '30'],
  pending: ['BF00100', '2000', '05'],
};
const codeOf = (kind: keyof typeof CODES, ch: string) =>
  `(ARRAY['${CODES[kind].join("','")}'])[${ch} + 1]`;

export async function writeDebitHistory(database: DbHandle, shape: HistoryShape) {
  const q = <T extends object>(text: string, params: unknown[] = []) =>
    database.sql.query<T>(text, params);
  const chunk = shape.chunk ?? 100_000;
  // Indexes that back no constraint (the primary key and the order key's stay), as they are.
  const dropped = shape.bulk
    ? await q<{ name: string; definition: string }>(
        `SELECT c.relname AS name, pg_get_indexdef(i.indexrelid) AS definition
           FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
          WHERE i.indrelid = 'debit_orders'::regclass
            AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid)`,
      )
    : [];
  for (const index of dropped) await q(`DROP INDEX ${index.name}`);
  const [start] = await q<{ n: number }>(`SELECT coalesce(max(id), 0)::int AS n FROM borrowers`);
  const base = start!.n;
  for (let from = 1; from <= shape.loans; from += chunk) {
    const to = Math.min(shape.loans, from + chunk - 1);
    await q(
      `WITH b AS (
         INSERT INTO borrowers (name_enc, name_mask, id_no_enc, id_no_hash, id_no_mask, mobile_enc, mobile_hash, mobile_mask)
         SELECT 'x', '张*', 'x', $3 || '-i-' || g, '1101**', 'x', $3 || '-m-' || g, '138****0000'
           FROM generate_series($1::int, $2::int) g
         RETURNING id),
       c AS (
         INSERT INTO cards (borrower_id, card_no_enc, card_no_hash, card_no_mask, bank_code)
         SELECT b.id, 'x', $3 || '-c-' || b.id, '622202******0000',
                (ARRAY['${HISTORY_BANKS.join("','")}'])[1 + b.id % ${HISTORY_BANKS.length}]
           FROM b RETURNING id, borrower_id),
       f AS (SELECT array_agg(id ORDER BY id) AS ids FROM funders),
       p AS (SELECT array_agg(id ORDER BY id) AS ids, array_agg(business_line ORDER BY id) AS lines FROM products),
       l AS (
         INSERT INTO loans (order_no, business_line, funder_id, product_id, borrower_id, card_id, principal, annual_rate,
                            term_months, repayment_method, day_count, start_date, first_due_date,
                            outstanding_principal, request_hash)
         SELECT $3 || '-' || c.borrower_id,
                p.lines[1 + c.borrower_id % array_length(p.ids, 1)],
                f.ids[1 + (c.borrower_id / 3) % array_length(f.ids, 1)],
                p.ids[1 + c.borrower_id % array_length(p.ids, 1)],
                c.borrower_id, c.id, 300000 + (c.borrower_id % 997) * 1300, 0.12, $5::int,
                'equal_principal', '30/360', $4::date - 30 + (c.borrower_id % 28)::int,
                $4::date + (c.borrower_id % 28)::int, 300000 + (c.borrower_id % 997) * 1300, 'bench'
           FROM c, f, p
         RETURNING id, principal, first_due_date),
       v AS (
         INSERT INTO plan_versions (loan_id, version, reason, period_count, created_by)
         SELECT id, 1, 'history', $5::int, 'history' FROM l RETURNING id, loan_id)
       INSERT INTO installments (loan_id, plan_version_id, period, due_date, principal_due, interest_due)
       SELECT l.id, v.id, k, l.first_due_date + 30 * (k - 1), l.principal / $5::int, 3000 + l.id % 89 * 7
         FROM l JOIN v ON v.loan_id = l.id CROSS JOIN generate_series(1, $5::int) k`,
      [base + from, base + to, shape.tag, shape.firstDue, shape.installments],
    );
    await writeOrders(database, shape, base + from, base + to);
  }
  if (dropped.length > 0) {
    await database.db.transaction(async (tx) => {
      const t = sqlFor(tx);
      await t.exec(`SET LOCAL maintenance_work_mem = '512MB'`);
      for (const index of dropped) await t.exec(index.definition);
    });
  }
  await writeHealth(database, shape);
}

/** The orders of the loans of borrowers [from, to] (see the header). */
async function writeOrders(database: DbHandle, shape: HistoryShape, from: number, to: number) {
  await database.db.transaction(async (tx) => {
    const t = sqlFor(tx);
    await t.exec('ALTER TABLE debit_orders DISABLE TRIGGER debit_orders_guard');
    // A bulk load writes the order's dimensions itself (the trigger would read a loan and a card
    // and count the installment's orders for each of millions of rows): the same values.
    if (shape.bulk)
      await t.exec('ALTER TABLE debit_orders DISABLE TRIGGER debit_orders_dimensions');
    await t.query(
      `WITH i AS (
         SELECT i.id, i.loan_id, i.due_date, i.principal_due + i.interest_due AS amount, l.funder_id, l.card_id,
                l.product_id, l.business_line, c.bank_code, (i.id * 7919) % 1000 AS p
           FROM loans l JOIN installments i ON i.loan_id = l.id JOIN cards c ON c.id = l.card_id
          WHERE l.borrower_id BETWEEN $1 AND $2 AND i.due_date <= $3::date),
       s AS (
         SELECT i.*, CASE WHEN p < 780 THEN 1 WHEN p < 870 THEN 2 WHEN p < 920 THEN 3 ELSE 4 END AS first_success
           FROM i),
       a AS (
         SELECT s.*, g.n AS attempt, (s.id + g.n) % 3 AS ch,
                CASE g.n WHEN 3 THEN s.due_date + 1 ELSE s.due_date END AS day,
                CASE g.n WHEN 2 THEN '16:00' ELSE '10:00' END AS win,
                (s.id * 31 + g.n * 17) % 100 AS f
           FROM s CROSS JOIN generate_series(1, 3) g(n)
          WHERE g.n <= s.first_success),
       o AS (
         SELECT a.*,
                CASE WHEN a.day = $3::date AND a.attempt = least(a.first_success, 3) AND a.p % 5 = 0 THEN 'pending'
                     WHEN a.attempt = a.first_success THEN CASE WHEN a.p % 97 = 0 THEN 'reversed' ELSE 'succeeded' END
                     WHEN a.f < 8 THEN 'no_route'
                     ELSE 'failed' END AS st,
                CASE WHEN a.f < 55 THEN 'funds' WHEN a.f < 70 THEN 'limit' WHEN a.f < 85 THEN 'card' ELSE 'request' END AS kind,
                a.p % 50 = 7 AS settlement
           FROM a WHERE a.day <= $3::date)
       INSERT INTO debit_orders (idempotency_key, loan_id, installment_id, funder_id, card_id, product_id,
                                 business_line, bank_code, attempt, source, business_date,
                                 "window", amount, channel_code, channel_serial, status, result_class, raw_code,
                                 query_attempts, submitted_at, finished_at, created_at, updated_at)
       SELECT CASE WHEN o.settlement THEN 'settlement:h' || o.id || ':' || o.attempt
                   ELSE 'W' || to_char(o.day, 'YYYYMMDD') || replace(o.win, ':', '') || '-' || o.id END,
              o.loan_id, o.id, o.funder_id, o.card_id, o.product_id, o.business_line, o.bank_code, o.attempt,
              CASE WHEN o.settlement THEN 'settlement' ELSE 'window' END,
              o.day, CASE WHEN o.settlement THEN NULL ELSE o.win END, o.amount,
              CASE WHEN o.st = 'no_route' THEN NULL ELSE (ARRAY['${HISTORY_CHANNELS.join("','")}'])[o.ch + 1] END,
              CASE WHEN o.st = 'no_route' THEN NULL ELSE 'S' || o.id || '-' || o.attempt END,
              CASE o.st WHEN 'no_route' THEN 'failed' ELSE o.st END,
              CASE o.st WHEN 'succeeded' THEN 'success' WHEN 'reversed' THEN 'success' WHEN 'pending' THEN 'pending'
                        WHEN 'no_route' THEN NULL
                        ELSE CASE o.kind WHEN 'card' THEN 'fail_card' WHEN 'request' THEN 'fail_request' ELSE 'fail_funds' END END,
              CASE o.st WHEN 'succeeded' THEN ${codeOf('success', 'o.ch')} WHEN 'reversed' THEN ${codeOf('success', 'o.ch')}
                        WHEN 'pending' THEN ${codeOf('pending', 'o.ch')} WHEN 'no_route' THEN 'NO_ROUTE'
                        ELSE CASE o.kind WHEN 'funds' THEN ${codeOf('funds', 'o.ch')} WHEN 'limit' THEN ${codeOf('limit', 'o.ch')}
                                         WHEN 'card' THEN ${codeOf('card', 'o.ch')} ELSE ${codeOf('request', 'o.ch')} END END,
              CASE o.st WHEN 'pending' THEN 1 ELSE 0 END,
              (o.day::timestamp + o.win::time) AT TIME ZONE 'Asia/Shanghai',
              CASE WHEN o.st = 'pending' THEN NULL
                   ELSE (o.day::timestamp + o.win::time + interval '3 seconds') AT TIME ZONE 'Asia/Shanghai' END,
              (o.day::timestamp + o.win::time) AT TIME ZONE 'Asia/Shanghai',
              (o.day::timestamp + o.win::time + interval '3 seconds') AT TIME ZONE 'Asia/Shanghai'
         FROM o ORDER BY o.day, o.win, o.id`,
      [from, to, shape.today],
    );
    await t.exec('ALTER TABLE debit_orders ENABLE TRIGGER debit_orders_guard');
    if (shape.bulk) await t.exec('ALTER TABLE debit_orders ENABLE TRIGGER debit_orders_dimensions');
  });
}

/**
 * Health buckets of every date with orders: each channel and bank answered in the first ten
 * minutes of both windows, a bucket every 10 seconds; and a circuit that opened and closed.
 */
async function writeHealth(database: DbHandle, shape: HistoryShape) {
  await database.sql.query(
    `INSERT INTO channel_health_buckets (channel_code, bank_code, bucket_start, attempts, successes, borrower_failures,
                                         errors, latency_ms_sum, latency_ms_max)
     SELECT ch, bank, t, n, n * 8 / 10, n / 10, CASE WHEN h % 13 = 0 THEN n - n * 8 / 10 - n / 10 ELSE 0 END,
            n * (120 + h % 400), 200 + h % 900
       FROM generate_series(0, $2::date - $1::date) k,
            LATERAL (SELECT $1::date + k AS d) dd,
            unnest(ARRAY['${HISTORY_CHANNELS.join("','")}']) ch,
            unnest(ARRAY['${HISTORY_BANKS.join("','")}']) bank,
            unnest(ARRAY['10:00'::time, '16:00'::time]) w,
            generate_series(0, 590, 10) s,
            LATERAL (SELECT ((d::timestamp + w + s * interval '1 second') AT TIME ZONE 'Asia/Shanghai') AS t) x,
            LATERAL (SELECT abs(hashtext(ch || bank || t::text)) AS h) y,
            LATERAL (SELECT 1 + h % 20 AS n) z
     ON CONFLICT (channel_code, bank_code, bucket_start) DO NOTHING`,
    [shape.firstDue, shape.today],
  );
  await database.sql.query(
    `INSERT INTO audit_log (actor_type, actor_id, action, entity_type, entity_id, reason, diff, created_at)
     SELECT 'system', 'circuit-breaker', 'channel.circuit', 'channel', 'sandbox-b', r, jsonb_build_object('circuit', jsonb_build_object('from', f, 'to', t)),
            ($1::date::timestamp + interval '10 hours' + m * interval '1 minute') AT TIME ZONE 'Asia/Shanghai'
       FROM (VALUES ('closed', 'open', 'success rate 0.41 under 0.5', 3), ('open', 'half_open', 'cooled down', 8),
                    ('half_open', 'closed', 'probe succeeded', 9)) v(f, t, r, m)`,
    [shape.today],
  );
}
