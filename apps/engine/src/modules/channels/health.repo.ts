// Durable channel health: outcome counters in 10-second buckets, the circuit state on the
// channel row, routing decisions and verified notifications.
import { and, desc, eq, inArray, isNull } from 'drizzle-orm';
import {
  channelNotifications,
  channels,
  routingDecisions,
  type CircuitState,
  type RoutingDecisionRow,
} from '@repay/db/schema';
import type { HealthCounts } from '@repay/rules';
import { jsonArray } from '@repay/db';
import type { Executor } from '../../lib/executor';

export const BUCKET_SECONDS = 10;

export interface Outcome {
  channelCode: string;
  bankCode: string;
  at: Date;
  success: boolean;
  borrowerFailure: boolean;
  error: boolean;
  latencyMs: number;
}

export type NewRoutingDecision = typeof routingDecisions.$inferInsert;
export type NewNotification = typeof channelNotifications.$inferInsert;

const bucketOf = (at: Date) =>
  new Date(Math.floor(at.getTime() / (BUCKET_SECONDS * 1000)) * BUCKET_SECONDS * 1000);

const toCounts = (row: Record<string, unknown> | undefined): HealthCounts => ({
  attempts: Number(row?.attempts ?? 0),
  successes: Number(row?.successes ?? 0),
  borrowerFailures: Number(row?.borrowerFailures ?? 0),
  errors: Number(row?.errors ?? 0),
});

export function createChannelHealthRepo({ db, sql }: Executor) {
  return {
    /**
     * Count answers: summed per (channel, bank, bucket) first, then one upsert, so that a
     * batch of answers costs one statement and many workers add up.
     */
    async recordOutcomes(outcomes: Outcome[]): Promise<void> {
      const sums = new Map<string, (string | number | Date)[]>();
      for (const o of outcomes) {
        const bucket = bucketOf(o.at);
        const key = `${o.channelCode}\u0000${o.bankCode}\u0000${bucket.getTime()}`;
        const latency = Math.max(0, Math.round(o.latencyMs));
        const row = sums.get(key) ?? [o.channelCode, o.bankCode, bucket, 0, 0, 0, 0, 0, 0];
        row[3] = (row[3] as number) + 1;
        row[4] = (row[4] as number) + (o.success ? 1 : 0);
        row[5] = (row[5] as number) + (o.borrowerFailure ? 1 : 0);
        row[6] = (row[6] as number) + (o.error ? 1 : 0);
        row[7] = (row[7] as number) + latency;
        row[8] = Math.max(row[8] as number, latency);
        sums.set(key, row);
      }
      if (sums.size === 0) return;
      const rows = [...sums.values()];
      const column = (i: number) => rows.map((r) => r[i]);
      await sql.query(
        `INSERT INTO channel_health_buckets AS b
                (channel_code, bank_code, bucket_start, attempts, successes, borrower_failures, errors, latency_ms_sum, latency_ms_max)
         SELECT * FROM unnest($1::text[], $2::text[], $3::timestamptz[], $4::int[], $5::int[], $6::int[], $7::int[], $8::bigint[], $9::int[])
         ON CONFLICT (channel_code, bank_code, bucket_start) DO UPDATE SET
           attempts = b.attempts + EXCLUDED.attempts,
           successes = b.successes + EXCLUDED.successes,
           borrower_failures = b.borrower_failures + EXCLUDED.borrower_failures,
           errors = b.errors + EXCLUDED.errors,
           latency_ms_sum = b.latency_ms_sum + EXCLUDED.latency_ms_sum,
           latency_ms_max = greatest(b.latency_ms_max, EXCLUDED.latency_ms_max)`,
        [0, 1, 2, 3, 4, 5, 6, 7, 8].map(column),
      );
    },

    /** Sums over [since, until] for a channel, one bank or all of them. */
    async counts(channelCode: string, since: Date, until: Date, bankCode?: string) {
      const [row] = await sql.query<Record<string, unknown>>(
        `SELECT sum(attempts) AS attempts, sum(successes) AS successes,
                sum(borrower_failures) AS "borrowerFailures", sum(errors) AS errors
           FROM channel_health_buckets
          WHERE channel_code = $1 AND bucket_start >= $2 AND bucket_start <= $3
            AND ($4::text IS NULL OR bank_code = $4)`,
        [channelCode, bucketOf(since), until, bankCode ?? null],
      );
      return toCounts(row);
    },

    /** Success rates of every channel (and per bank) over one window, for routing. */
    async ratesSince(since: Date) {
      const rows = await sql.query<
        Record<string, unknown> & { channelCode: string; bankCode: string }
      >(
        `SELECT channel_code AS "channelCode", bank_code AS "bankCode",
                sum(attempts) AS attempts, sum(successes) AS successes,
                sum(borrower_failures) AS "borrowerFailures", sum(errors) AS errors
           FROM channel_health_buckets WHERE bucket_start >= $1
          GROUP BY channel_code, bank_code`,
        [bucketOf(since)],
      );
      return rows.map((r) => ({
        channelCode: r.channelCode,
        bankCode: r.bankCode,
        ...toCounts(r),
      }));
    },

    /** Per-minute series for the console chart. */
    series: (channelCode: string, since: Date) =>
      sql.query<{
        minute: Date;
        attempts: number;
        successes: number;
        borrowerFailures: number;
        errors: number;
        latencyMsSum: number;
        latencyMsMax: number;
      }>(
        `SELECT date_trunc('minute', bucket_start) AS minute,
                sum(attempts)::int AS attempts, sum(successes)::int AS successes,
                sum(borrower_failures)::int AS "borrowerFailures", sum(errors)::int AS errors,
                sum(latency_ms_sum)::float8 AS "latencyMsSum", max(latency_ms_max)::int AS "latencyMsMax"
           FROM channel_health_buckets
          WHERE channel_code = $1 AND bucket_start >= $2
          GROUP BY 1 ORDER BY 1`,
        [channelCode, since],
      ),

    /**
     * Move the circuit from the state we read to the next one; false when another worker moved
     * it first (the transition is then theirs, and ours is dropped).
     */
    async moveCircuit(
      code: string,
      from: { state: CircuitState; changedAt: Date | null },
      to: { state: CircuitState; reason: string; at: Date },
    ): Promise<boolean> {
      const rows = await db
        .update(channels)
        .set({ circuitState: to.state, circuitReason: to.reason, circuitChangedAt: to.at })
        .where(
          and(
            eq(channels.code, code),
            eq(channels.circuitState, from.state),
            from.changedAt === null
              ? isNull(channels.circuitChangedAt)
              : eq(channels.circuitChangedAt, from.changedAt),
          ),
        )
        .returning({ id: channels.id });
      return rows.length === 1;
    },

    /** Decisions are recorded once per order id; a repeat returns the first one made. */
    async recordDecisions(values: NewRoutingDecision[]): Promise<Map<string, RoutingDecisionRow>> {
      if (values.length === 0) return new Map();
      const col = <T>(f: (v: NewRoutingDecision) => T) => values.map(f);
      const inserted = await sql.query<Record<string, unknown>>(
        `INSERT INTO routing_decisions (decision_key, subject, loan_id, rule_version_id, route, bank_code, amount, chosen, candidates)
         SELECT * FROM ROWS FROM (unnest($1::text[], $2::text[], $3::bigint[], $4::bigint[], $5::text[], $6::text[], $7::bigint[], $8::text[]),
                                  jsonb_array_elements($9::jsonb))
         ON CONFLICT (decision_key) DO NOTHING
         RETURNING id, decision_key AS "decisionKey", created_at AS "createdAt"`,
        [
          col((v) => v.decisionKey),
          col((v) => v.subject),
          col((v) => v.loanId ?? null),
          col((v) => v.ruleVersionId ?? null),
          col((v) => v.route ?? null),
          col((v) => v.bankCode),
          col((v) => v.amount),
          col((v) => v.chosen ?? null),
          jsonArray(col((v) => v.candidates)),
        ],
      );
      // A decision inserted now is what was given (its id and time from the database): the
      // candidates are not read back and parsed, a chunk's worth of JSON per statement.
      const given = new Map(values.map((v) => [v.decisionKey, v]));
      const byKey = new Map(
        inserted.map((r): [string, RoutingDecisionRow] => {
          const v = given.get(r.decisionKey as string)!;
          return [
            v.decisionKey,
            {
              id: BigInt(r.id as string),
              decisionKey: v.decisionKey,
              subject: v.subject,
              loanId: v.loanId ?? null,
              ruleVersionId: v.ruleVersionId ?? null,
              route: v.route ?? null,
              bankCode: v.bankCode,
              amount: v.amount,
              chosen: v.chosen ?? null,
              candidates: v.candidates,
              createdAt: new Date(r.createdAt as string),
            },
          ];
        }),
      );
      const missing = values.map((v) => v.decisionKey).filter((k) => !byKey.has(k));
      if (missing.length > 0)
        for (const d of await db
          .select()
          .from(routingDecisions)
          .where(inArray(routingDecisions.decisionKey, missing)))
          byKey.set(d.decisionKey, d);
      return byKey;
    },

    recentDecisions: (limit: number) =>
      db.select().from(routingDecisions).orderBy(desc(routingDecisions.id)).limit(limit),

    /**
     * Fen of these cards' debits today per channel that succeeded or are still in flight:
     * card → channel → fen.
     */
    async usedToday(cardIds: bigint[], businessDate: string) {
      const rows = await sql.query<{ cardId: string; channelCode: string; used: string }>(
        // Per card through (card_id, business_date): a lateral probe per card (OFFSET 0 keeps
        // the planner from flattening it into a join). With the card list as a filter, stale
        // statistics (orders grow fast during a window) made the planner scan all of today's
        // orders through the date index for every batch: 0.17 s a batch at 100,000 orders.
        `SELECT c.id::text AS "cardId", d.channel_code AS "channelCode", sum(d.amount)::text AS used
           FROM unnest($1::bigint[]) AS c(id)
           JOIN LATERAL (
             SELECT channel_code, amount FROM debit_orders o
              WHERE o.card_id = c.id AND o.business_date = $2::date AND o.status <> 'failed'
                AND o.channel_code IS NOT NULL OFFSET 0) d ON true
          GROUP BY c.id, d.channel_code`,
        [cardIds, businessDate],
      );
      const byCard = new Map<bigint, Map<string, bigint>>();
      for (const r of rows) {
        const card = BigInt(r.cardId);
        const channels = byCard.get(card) ?? new Map<string, bigint>();
        channels.set(r.channelCode, BigInt(r.used));
        byCard.set(card, channels);
      }
      return byCard;
    },

    /** Per installment, the channels where its debits failed today, with the classes. */
    async failuresToday(installmentIds: bigint[], businessDate: string) {
      const rows = await sql.query<{
        installmentId: string;
        channelCode: string;
        resultClass: string;
      }>(
        // A lateral probe per installment through (installment_id, business_date), as above.
        `SELECT DISTINCT n.id::text AS "installmentId", d.channel_code AS "channelCode",
                d.result_class AS "resultClass"
           FROM unnest($1::bigint[]) AS n(id)
           JOIN LATERAL (
             SELECT channel_code, result_class FROM debit_orders o
              WHERE o.installment_id = n.id AND o.business_date = $2::date AND o.status = 'failed'
                AND o.result_class IS NOT NULL AND o.channel_code IS NOT NULL OFFSET 0) d ON true`,
        [installmentIds, businessDate],
      );
      const byInstallment = new Map<bigint, { channelCode: string; resultClass: string }[]>();
      for (const r of rows) {
        const id = BigInt(r.installmentId);
        byInstallment.set(id, [...(byInstallment.get(id) ?? []), r]);
      }
      return byInstallment;
    },

    /** Stored once per distinct body: true when this delivery is the first. */
    async insertNotification(values: NewNotification): Promise<boolean> {
      const rows = await db
        .insert(channelNotifications)
        .values(values)
        .onConflictDoNothing()
        .returning({ id: channelNotifications.id });
      return rows.length === 1;
    },

    notificationsOf: (channelCode: string, orderId: string) =>
      db
        .select()
        .from(channelNotifications)
        .where(
          and(
            eq(channelNotifications.channelCode, channelCode),
            eq(channelNotifications.orderId, orderId),
          ),
        )
        .orderBy(channelNotifications.id),
  };
}

export type ChannelHealthRepo = ReturnType<typeof createChannelHealthRepo>;
