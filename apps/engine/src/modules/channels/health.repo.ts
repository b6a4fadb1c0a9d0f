// Durable channel health: outcome counters in 10-second buckets, the circuit state on the
// channel row, routing decisions and verified notifications.
import { and, desc, eq, isNull } from 'drizzle-orm';
import {
  channelNotifications,
  channels,
  routingDecisions,
  type CircuitState,
} from '@repay/db/schema';
import type { HealthCounts } from '@repay/rules';
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
    async recordOutcome(o: Outcome): Promise<void> {
      const latency = Math.max(0, Math.round(o.latencyMs));
      await sql.query(
        `INSERT INTO channel_health_buckets AS b
                (channel_code, bank_code, bucket_start, attempts, successes, borrower_failures, errors, latency_ms_sum, latency_ms_max)
         VALUES ($1, $2, $3, 1, $4, $5, $6, $7::bigint, $8::int)
         ON CONFLICT (channel_code, bank_code, bucket_start) DO UPDATE SET
           attempts = b.attempts + 1,
           successes = b.successes + EXCLUDED.successes,
           borrower_failures = b.borrower_failures + EXCLUDED.borrower_failures,
           errors = b.errors + EXCLUDED.errors,
           latency_ms_sum = b.latency_ms_sum + EXCLUDED.latency_ms_sum,
           latency_ms_max = greatest(b.latency_ms_max, EXCLUDED.latency_ms_max)`,
        [
          o.channelCode,
          o.bankCode,
          bucketOf(o.at),
          o.success ? 1 : 0,
          o.borrowerFailure ? 1 : 0,
          o.error ? 1 : 0,
          latency,
          latency,
        ],
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

    /** The debit order's decision is recorded once; a repeat returns the first. */
    async recordDecision(values: NewRoutingDecision) {
      const [inserted] = await db
        .insert(routingDecisions)
        .values(values)
        .onConflictDoNothing()
        .returning();
      if (inserted) return inserted;
      const [row] = await db
        .select()
        .from(routingDecisions)
        .where(eq(routingDecisions.decisionKey, values.decisionKey));
      return row!;
    },

    recentDecisions: (limit: number) =>
      db.select().from(routingDecisions).orderBy(desc(routingDecisions.id)).limit(limit),

    /** Fen of this card's debits today per channel that succeeded or are still in flight. */
    async usedTodayByChannel(cardId: bigint, businessDate: string): Promise<Map<string, bigint>> {
      const rows = await sql.query<{ channelCode: string; used: bigint | string }>(
        `SELECT channel_code AS "channelCode", coalesce(sum(amount), 0)::bigint AS used FROM debit_orders
          WHERE card_id = $1 AND business_date = $2::date AND status <> 'failed' AND channel_code IS NOT NULL
          GROUP BY channel_code`,
        [cardId, businessDate],
      );
      return new Map(rows.map((r) => [r.channelCode, BigInt(r.used)]));
    },

    /** Channels where this installment's debits failed today with one of these classes. */
    async channelsThatFailed(
      installmentId: bigint,
      businessDate: string,
      classes: readonly string[],
    ): Promise<string[]> {
      const rows = await sql.query<{ channelCode: string }>(
        `SELECT DISTINCT channel_code AS "channelCode" FROM debit_orders
          WHERE installment_id = $1 AND business_date = $2::date AND status = 'failed'
            AND result_class = ANY($3::text[]) AND channel_code IS NOT NULL`,
        [installmentId, businessDate, [...classes]],
      );
      return rows.map((r) => r.channelCode);
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
