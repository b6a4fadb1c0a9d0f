import { and, asc, eq, inArray } from 'drizzle-orm';
import {
  cardAgreements,
  cardBindingAttempts,
  cardBindings,
  cards,
  channels,
  loans,
  type ChannelRow,
} from '@repay/db/schema';
import type { Executor } from '../../lib/executor';
import { DEBIT_IN_FLIGHT } from '../../lib/status-sql';

export interface LoanForBinding {
  loanId: bigint;
  orderNo: string;
  status: string;
  businessLine: string;
  funderCode: string;
  productCode: string;
  borrowerId: bigint;
  /** The card the loan debits now. */
  cardId: bigint | null;
  nameEnc: string;
  idNoEnc: string;
}

export interface ChannelOverview {
  code: string;
  name: string;
  adapter: string;
  vocabulary: string;
  endpoint: string;
  status: 'up' | 'down' | 'maintenance';
  banks: { bankCode: string; singleLimitFen: number; dailyLimitFen: number }[];
  costPerTxnFen: bigint;
  maxConcurrency: number;
  ratePerSecond: number;
  timeoutMs: number;
  maintenance: { start: string; end: string }[];
  circuitState: 'closed' | 'open' | 'half_open';
  circuitReason: string | null;
  circuitChangedAt: Date | null;
  agreements: bigint;
  todayCount: bigint;
  todaySuccess: bigint;
  todayAmountFen: bigint;
  updatedAt: Date;
}

export type NewChannel = typeof channels.$inferInsert;
export type BindingAttempt = typeof cardBindingAttempts.$inferSelect;

export function createChannelsRepo({ db, sql }: Executor) {
  return {
    listChannels: (): Promise<ChannelRow[]> =>
      db.select().from(channels).orderBy(asc(channels.code)),
    /** The registry with agreement counts and today's debit volume (no secrets). */
    overview: (today: string) =>
      sql.query<ChannelOverview>(
        `SELECT c.code, c.name, c.adapter, c.vocabulary, c.endpoint, c.status, c.banks,
                c.cost_per_txn_fen AS "costPerTxnFen", c.max_concurrency AS "maxConcurrency",
                c.timeout_ms AS "timeoutMs", c.updated_at AS "updatedAt",
                c.rate_per_second AS "ratePerSecond", c.maintenance,
                c.circuit_state AS "circuitState", c.circuit_reason AS "circuitReason",
                c.circuit_changed_at AS "circuitChangedAt",
                (SELECT count(*) FROM card_agreements a WHERE a.channel_code = c.code AND a.status = 'active') AS agreements,
                (SELECT count(*) FROM debit_orders d WHERE d.channel_code = c.code AND d.business_date = $1::date) AS "todayCount",
                (SELECT count(*) FROM debit_orders d WHERE d.channel_code = c.code AND d.business_date = $1::date AND d.status = 'succeeded') AS "todaySuccess",
                (SELECT coalesce(sum(d.amount), 0)::bigint FROM debit_orders d WHERE d.channel_code = c.code AND d.business_date = $1::date AND d.status = 'succeeded') AS "todayAmountFen"
           FROM channels c ORDER BY c.code`,
        [today],
      ),
    async setStatus(code: string, status: 'up' | 'down' | 'maintenance'): Promise<string | null> {
      const [before] = await db
        .select({ status: channels.status })
        .from(channels)
        .where(eq(channels.code, code))
        .for('update');
      if (!before) return null;
      await db.update(channels).set({ status }).where(eq(channels.code, code));
      return before.status;
    },
    /** Replace the editable configuration; returns the row before, or null if unknown. */
    async updateConfig(
      code: string,
      patch: Pick<
        NewChannel,
        | 'name'
        | 'banks'
        | 'costPerTxnFen'
        | 'maxConcurrency'
        | 'ratePerSecond'
        | 'timeoutMs'
        | 'maintenance'
      >,
    ): Promise<ChannelRow | null> {
      const [before] = await db
        .select()
        .from(channels)
        .where(eq(channels.code, code))
        .for('update');
      if (!before) return null;
      await db.update(channels).set(patch).where(eq(channels.code, code));
      return before;
    },
    /** Active loans whose repayment card has no agreement at any channel (demo binding). */
    unboundLoanCards: () =>
      sql.query<{ orderNo: string; cardNoEnc: string; bankCode: string; mobileEnc: string }>(
        `SELECT l.order_no AS "orderNo", c.card_no_enc AS "cardNoEnc", c.bank_code AS "bankCode",
                b.mobile_enc AS "mobileEnc"
           FROM loans l JOIN cards c ON c.id = l.card_id JOIN borrowers b ON b.id = l.borrower_id
          WHERE l.status = 'active'
            AND NOT EXISTS (SELECT 1 FROM card_agreements a WHERE a.card_id = c.id)
          ORDER BY l.id`,
      ),
    /** Cards of a loan's borrower and their agreements per channel (masked). */
    agreementsOfLoan: (orderNo: string) =>
      sql.query<{
        cardId: bigint;
        cardNoMask: string;
        bankCode: string;
        current: boolean;
        channelCode: string | null;
        status: string | null;
        updatedAt: Date | null;
      }>(
        `SELECT c.id AS "cardId", c.card_no_mask AS "cardNoMask", c.bank_code AS "bankCode", (c.id = l.card_id) AS current,
                a.channel_code AS "channelCode", a.status, a.updated_at AS "updatedAt"
           FROM loans l JOIN cards c ON c.borrower_id = l.borrower_id
           LEFT JOIN card_agreements a ON a.card_id = c.id
          WHERE l.order_no = $1
          ORDER BY (c.id = l.card_id) DESC, c.id, a.channel_code`,
        [orderNo],
      ),
    async insertChannelIfMissing(values: NewChannel): Promise<boolean> {
      const rows = await db
        .insert(channels)
        .values(values)
        .onConflictDoNothing()
        .returning({ id: channels.id });
      return rows.length === 1;
    },
    async loanForBinding(orderNo: string): Promise<LoanForBinding | null> {
      const [row] = await sql.query<LoanForBinding>(
        `SELECT l.id AS "loanId", l.order_no AS "orderNo", l.status, l.business_line AS "businessLine",
                f.code AS "funderCode", p.code AS "productCode", b.id AS "borrowerId", l.card_id AS "cardId",
                b.name_enc AS "nameEnc", b.id_no_enc AS "idNoEnc"
           FROM loans l JOIN borrowers b ON b.id = l.borrower_id
           JOIN funders f ON f.id = l.funder_id JOIN products p ON p.id = l.product_id
          WHERE l.order_no = $1`,
        [orderNo],
      );
      return row ?? null;
    },
    async findOrInsertCard(values: {
      borrowerId: bigint;
      cardNoEnc: string;
      cardNoHash: string;
      cardNoMask: string;
      bankCode: string;
    }): Promise<bigint> {
      await db.insert(cards).values(values).onConflictDoNothing();
      const [row] = await db
        .select({ id: cards.id })
        .from(cards)
        .where(
          and(eq(cards.borrowerId, values.borrowerId), eq(cards.cardNoHash, values.cardNoHash)),
        );
      return row!.id;
    },
    async cardOfBorrower(borrowerId: bigint, cardNoHash: string): Promise<bigint | null> {
      const [row] = await db
        .select({ id: cards.id })
        .from(cards)
        .where(and(eq(cards.borrowerId, borrowerId), eq(cards.cardNoHash, cardNoHash)));
      return row?.id ?? null;
    },
    /** Agreements still usable or suspended (not yet unbound), with the encrypted protocolNo. */
    liveAgreements: (cardId: bigint) =>
      db
        .select({
          channelCode: cardAgreements.channelCode,
          protocolNoEnc: cardAgreements.protocolNoEnc,
        })
        .from(cardAgreements)
        .where(
          and(
            eq(cardAgreements.cardId, cardId),
            inArray(cardAgreements.status, ['active', 'suspended']),
          ),
        )
        .orderBy(asc(cardAgreements.channelCode)),
    async markUnbound(cardId: bigint, channelCode: string, rawCode: string, rawMessage: string) {
      await db
        .update(cardAgreements)
        .set({ status: 'unbound', rawCode, rawMessage, updatedAt: new Date() })
        .where(and(eq(cardAgreements.cardId, cardId), eq(cardAgreements.channelCode, channelCode)));
    },
    async debitsInFlightOfCard(cardId: bigint): Promise<number> {
      const [row] = await sql.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM debit_orders
          WHERE card_id = $1 AND status IN ${DEBIT_IN_FLIGHT}`,
        [cardId],
      );
      return row?.n ?? 0;
    },
    /**
     * The open binding of this loan and card, after closing any left open for 15 minutes, or
     * for 3 without an answer recorded (its start died between claiming it and the channels'
     * answers; a channel call lasts 2 minutes at most).
     */
    async openBinding(loanId: bigint, cardId: bigint): Promise<bigint | null> {
      await sql.query(
        `UPDATE card_bindings b SET status = 'failed', updated_at = now()
          WHERE b.loan_id = $1 AND b.card_id = $2 AND b.status = 'sms_sent'
            AND (b.created_at < now() - interval '15 minutes'
                 OR (b.created_at < now() - interval '3 minutes'
                     AND NOT EXISTS (SELECT 1 FROM card_binding_attempts a WHERE a.binding_id = b.id)))`,
        [loanId, cardId],
      );
      const [row] = await db
        .select({ id: cardBindings.id })
        .from(cardBindings)
        .where(
          and(
            eq(cardBindings.loanId, loanId),
            eq(cardBindings.cardId, cardId),
            eq(cardBindings.status, 'sms_sent'),
          ),
        );
      return row?.id ?? null;
    },
    /**
     * Opens a binding of this loan and card before any channel is asked; null when one is open
     * already (card_bindings_one_open decides between concurrent starts).
     */
    async claimBinding(loanId: bigint, cardId: bigint): Promise<bigint | null> {
      const [row] = await sql.query<{ id: bigint }>(
        `INSERT INTO card_bindings (loan_id, card_id, status) VALUES ($1, $2, 'sms_sent')
         ON CONFLICT (loan_id, card_id) WHERE status = 'sms_sent' DO NOTHING RETURNING id`,
        [loanId, cardId],
      );
      return row ? BigInt(row.id) : null;
    },
    async insertAttempts(values: (typeof cardBindingAttempts.$inferInsert)[]): Promise<void> {
      if (values.length > 0) await db.insert(cardBindingAttempts).values(values);
    },
    async findBinding(id: bigint) {
      const [binding] = await db
        .select()
        .from(cardBindings)
        .where(eq(cardBindings.id, id))
        .for('update');
      if (!binding) return null;
      const attempts = await db
        .select()
        .from(cardBindingAttempts)
        .where(eq(cardBindingAttempts.bindingId, id))
        .orderBy(asc(cardBindingAttempts.channelCode));
      return { ...binding, attempts };
    },
    async updateAttempt(
      id: bigint,
      patch: Pick<BindingAttempt, 'status' | 'rawCode' | 'rawMessage'>,
    ): Promise<void> {
      await db.update(cardBindingAttempts).set(patch).where(eq(cardBindingAttempts.id, id));
    },
    async setBindingStatus(id: bigint, status: 'sms_sent' | 'bound' | 'failed'): Promise<void> {
      await db.update(cardBindings).set({ status }).where(eq(cardBindings.id, id));
    },
    async upsertAgreement(
      cardId: bigint,
      channelCode: string,
      protocolNoEnc: string,
      rawCode: string,
      rawMessage: string,
    ): Promise<void> {
      await db
        .insert(cardAgreements)
        .values({ cardId, channelCode, protocolNoEnc, status: 'active', rawCode, rawMessage })
        .onConflictDoUpdate({
          target: [cardAgreements.cardId, cardAgreements.channelCode],
          set: { protocolNoEnc, status: 'active', rawCode, rawMessage, updatedAt: new Date() },
        });
    },
    /** Active → suspended; false when there was no active agreement (already suspended: harmless). */
    async suspendAgreement(
      cardId: bigint,
      channelCode: string,
      rawCode: string,
      rawMessage: string,
    ): Promise<boolean> {
      const rows = await db
        .update(cardAgreements)
        .set({ status: 'suspended', rawCode, rawMessage, updatedAt: new Date() })
        .where(
          and(
            eq(cardAgreements.cardId, cardId),
            eq(cardAgreements.channelCode, channelCode),
            eq(cardAgreements.status, 'active'),
          ),
        )
        .returning({ id: cardAgreements.id });
      return rows.length === 1;
    },
    async setLoanCard(loanId: bigint, cardId: bigint): Promise<void> {
      await db.update(loans).set({ cardId }).where(eq(loans.id, loanId));
    },
    /**
     * Active agreements of many cards at once: card → agreements. Raw SQL with one array
     * parameter: one prepared statement whatever the number of cards (a window reads this
     * once per chunk, when routing; sending reuses what routing read).
     */
    async activeAgreementsOf(cardIds: bigint[]) {
      const rows =
        cardIds.length === 0
          ? []
          : await sql.query<{ cardId: bigint; channelCode: string; protocolNoEnc: string }>(
              `SELECT card_id AS "cardId", channel_code AS "channelCode", protocol_no_enc AS "protocolNoEnc"
                 FROM card_agreements WHERE card_id = ANY($1::bigint[]) AND status = 'active'`,
              [cardIds],
            );
      const byCard = new Map<bigint, { channelCode: string; protocolNoEnc: string }[]>();
      for (const r of rows) {
        const cardId = BigInt(r.cardId);
        const list = byCard.get(cardId);
        const agreement = { channelCode: r.channelCode, protocolNoEnc: r.protocolNoEnc };
        if (list) list.push(agreement);
        else byCard.set(cardId, [agreement]);
      }
      return byCard;
    },
    activeAgreements: (cardId: bigint) =>
      db
        .select({
          channelCode: cardAgreements.channelCode,
          protocolNoEnc: cardAgreements.protocolNoEnc,
        })
        .from(cardAgreements)
        .where(and(eq(cardAgreements.cardId, cardId), eq(cardAgreements.status, 'active'))),
    agreementsOf: (cardId: bigint, channelCodes: string[]) =>
      db
        .select({ channel: cardAgreements.channelCode, status: cardAgreements.status })
        .from(cardAgreements)
        .where(
          and(eq(cardAgreements.cardId, cardId), inArray(cardAgreements.channelCode, channelCodes)),
        )
        .orderBy(asc(cardAgreements.channelCode)),
  };
}

export type ChannelsRepo = ReturnType<typeof createChannelsRepo>;
