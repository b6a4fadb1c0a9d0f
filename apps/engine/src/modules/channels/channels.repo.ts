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

export interface LoanForBinding {
  loanId: bigint;
  orderNo: string;
  status: string;
  businessLine: string;
  funderCode: string;
  productCode: string;
  borrowerId: bigint;
  nameEnc: string;
  idNoEnc: string;
}

export type NewChannel = typeof channels.$inferInsert;
export type BindingAttempt = typeof cardBindingAttempts.$inferSelect;

export function createChannelsRepo({ db, sql }: Executor) {
  return {
    listChannels: (): Promise<ChannelRow[]> =>
      db.select().from(channels).orderBy(asc(channels.code)),
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
                f.code AS "funderCode", p.code AS "productCode", b.id AS "borrowerId",
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
    async insertBinding(
      loanId: bigint,
      cardId: bigint,
      status: 'sms_sent' | 'failed',
    ): Promise<bigint> {
      const [row] = await db
        .insert(cardBindings)
        .values({ loanId, cardId, status })
        .returning({ id: cardBindings.id });
      return row!.id;
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
    async setLoanCard(loanId: bigint, cardId: bigint): Promise<void> {
      await db.update(loans).set({ cardId }).where(eq(loans.id, loanId));
    },
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
