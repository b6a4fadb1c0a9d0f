// An order's moves: a guarded UPDATE from the states it may leave plus an event row, set-based;
// and a re-send of an order the channel never received, made submitted again in one statement.
import type { DebitStatus } from '@repay/db/schema';
import type { Executor } from '../../lib/executor';
import { bigintOf } from '../../lib/rows';
import { DEBIT_AWAITING_ANSWER } from '../../lib/status-sql';
import type { Move, MovePatch } from './debits.types';

export function createDebitMovesRepo({ sql }: Executor) {
  return {
    /**
     * An order about to be sent again with the same id (the channel has no such order): made
     * submitted again, the re-send counted, its query moved on and an event written, in one
     * statement committed before the call. Only an order of `today`, submitted or pending, that
     * the channel never acknowledged (no answer of it carried one of `heldCodes`: it was
     * submitted and never answered, answered busy, or not in time), sent again fewer than
     * `maxResends` times, and still due for the query that found it missing (so that two sweeps
     * send it once); returns how many times it was sent again, or null. A re-send is a new debit
     * at the channel: 'refused' when the debit guard's rule no longer allows it (the loan was
     * paid, settled, paused or rescheduled meanwhile), and nothing changed.
     */
    async markResent(
      id: bigint,
      opts: {
        today: string;
        dueBy: Date;
        maxResends: number;
        heldCodes: string[];
        nextQueryAt: Date;
        reason: string;
      },
      actor: { type: string; id: string },
    ): Promise<number | 'refused' | null> {
      // The order's row is locked first (`old`), then the guard's rule locks the loan and the
      // installment (`checked`): the lock order of every money path.
      const [row] = await sql.query<{ resends: number | null; refused: boolean | null }>(
        `WITH old AS (
           SELECT d.id, d.status FROM debit_orders d
            WHERE d.id = $1 AND d.status IN ${DEBIT_AWAITING_ANSWER} AND d.business_date = $2::date
              AND d.resends < $4 AND d.next_query_at <= $3
              AND NOT EXISTS (SELECT 1 FROM debit_order_events e
                               WHERE e.debit_order_id = d.id AND e.raw_code = ANY($5::text[]))
            FOR UPDATE),
         checked AS (
           SELECT old.id, old.status,
                  debit_order_allowed(d.loan_id, d.installment_id, d.source, d.amount, d.business_date,
                                      d.idempotency_key, $3) AS allowed
             FROM old JOIN debit_orders d ON d.id = old.id),
         moved AS (
           UPDATE debit_orders d SET status = 'submitted', resends = d.resends + 1, next_query_at = $6,
                  submitted_at = now(), updated_at = now()
             FROM checked old WHERE d.id = old.id AND old.allowed
            RETURNING d.id, old.status AS from_status, d.resends),
         logged AS (
           INSERT INTO debit_order_events (debit_order_id, from_status, to_status, raw_code, raw_message, actor_type, actor_id)
           SELECT id, from_status, 'submitted', 'RESEND',
                  'sent again with the same order id (' || resends || ' of ' || $4 || '): ' || $7, $8, $9
             FROM moved)
         SELECT (SELECT resends FROM moved) AS resends, (SELECT NOT allowed FROM checked) AS refused`,
        [
          id,
          opts.today,
          opts.dueBy,
          opts.maxResends,
          opts.heldCodes,
          opts.nextQueryAt,
          opts.reason,
          actor.type,
          actor.id,
        ],
      );
      if (row?.refused) return 'refused';
      return row?.resends == null ? null : Number(row.resends);
    },

    /**
     * Guarded transitions, set-based: each order moves only from the states listed for it,
     * and every move writes its event row, in one statement. Returns the ids that moved.
     */
    async transitionMany(moves: Move[], actor: { type: string; id: string }): Promise<Set<bigint>> {
      if (moves.length === 0) return new Set();
      const col = <T>(f: (m: Move) => T) => moves.map(f);
      const rows = await sql.query<{ id: bigint }>(
        `WITH x AS (
           SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::jsonb[], $6::boolean[],
                                $7::text[], $8::text[], $9::text[], $10::text[], $11::boolean[],
                                $12::timestamptz[], $13::int[], $14::boolean[], $15::boolean[], $16::bigint[],
                                $19::timestamptz[])
             AS t(id, from_list, to_status, channel_code, routing, set_result, result_class, raw_code,
                  raw_message, channel_serial, set_next, next_query_at, query_attempts, submitted, finished, amount,
                  guard_at)),
         old AS (
           SELECT d.id, d.status FROM debit_orders d WHERE d.id = ANY($1::bigint[])
            ORDER BY d.id FOR UPDATE),
         moved AS (
           UPDATE debit_orders d SET status = x.to_status,
                  channel_code = coalesce(x.channel_code, d.channel_code),
                  routing = coalesce(x.routing, d.routing),
                  result_class = CASE WHEN x.set_result THEN x.result_class ELSE d.result_class END,
                  raw_code = CASE WHEN x.set_result THEN x.raw_code ELSE d.raw_code END,
                  raw_message = CASE WHEN x.set_result THEN x.raw_message ELSE d.raw_message END,
                  channel_serial = coalesce(x.channel_serial, d.channel_serial),
                  next_query_at = CASE WHEN x.set_next THEN x.next_query_at ELSE d.next_query_at END,
                  query_attempts = coalesce(x.query_attempts, d.query_attempts),
                  amount = coalesce(x.amount, d.amount),
                  submitted_at = CASE WHEN x.submitted THEN now() ELSE d.submitted_at END,
                  finished_at = CASE WHEN x.finished THEN now() ELSE d.finished_at END,
                  updated_at = now()
             FROM x JOIN old ON old.id = x.id
            WHERE d.id = x.id AND old.status = ANY(string_to_array(x.from_list, ','))
              AND (x.guard_at IS NULL
                   OR debit_order_allowed(d.loan_id, d.installment_id, d.source, coalesce(x.amount, d.amount),
                                          d.business_date, d.idempotency_key, x.guard_at))
            RETURNING d.id, old.status AS from_status, x.to_status, x.result_class, x.raw_code, x.raw_message)
         INSERT INTO debit_order_events (debit_order_id, from_status, to_status, result_class, raw_code, raw_message, actor_type, actor_id)
         SELECT id, from_status, to_status, result_class, raw_code, raw_message, $17, $18 FROM moved
         RETURNING debit_order_id AS id`,
        [
          col((m) => m.id),
          col((m) => m.from.join(',')),
          col((m) => m.to),
          col((m) => m.patch.channelCode ?? null),
          col((m) => (m.patch.routing === undefined ? null : JSON.stringify(m.patch.routing))),
          col((m) => 'resultClass' in m.patch),
          col((m) => m.patch.resultClass ?? null),
          col((m) => m.patch.rawCode ?? null),
          col((m) => m.patch.rawMessage ?? null),
          col((m) => m.patch.channelSerial ?? null),
          col((m) => 'nextQueryAt' in m.patch),
          col((m) => m.patch.nextQueryAt ?? null),
          col((m) => m.patch.queryAttempts ?? null),
          col((m) => m.patch.submitted ?? false),
          col((m) => m.patch.finished ?? false),
          col((m) => m.patch.amount ?? null),
          actor.type,
          actor.id,
          col((m) => m.patch.guardAt ?? null),
        ],
      );
      return new Set(rows.map((r) => bigintOf(r.id)));
    },

    /** One guarded transition (see transitionMany). False when the order was elsewhere. */
    async transition(
      id: bigint,
      from: DebitStatus[],
      to: DebitStatus,
      patch: MovePatch,
      actor: { type: string; id: string },
    ): Promise<boolean> {
      return (await this.transitionMany([{ id, from, to, patch }], actor)).has(id);
    },
  };
}
