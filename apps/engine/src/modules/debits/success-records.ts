// What a debit's success writes besides the money: the order's move to succeeded, and the
// anomalies it may leave (a success after the order failed, money no installment owed).
import { fenToYuan } from '@repay/rules';
import type { NewAnomaly } from '../anomalies';
import type { ChannelAnswer, OrderState } from '../channels';
import { evidenceOf, NOT_FINAL, type AnswerSource } from './answer-verdicts';
import type { DebitOrderRow, Move } from './debits.repo';

/** A success to apply: `late` when the order had failed before the channel said otherwise. */
export type Success = {
  order: DebitOrderRow;
  answer: ChannelAnswer<OrderState>;
  source: AnswerSource | 'manual';
  late: boolean;
};

/** Money no installment owed, held in suspense: listed to be refunded. */
export const overpayment = (
  order: DebitOrderRow,
  amount: bigint,
  source: Success['source'],
  reason: string,
): NewAnomaly => ({
  anomalyKey: `overpayment:${order.idempotencyKey}`,
  kind: 'overpayment',
  channelCode: order.channelCode,
  orderKey: order.idempotencyKey,
  debitOrderId: order.id,
  loanId: order.loanId,
  amount,
  evidence: {
    reason,
    source,
    order: {
      key: order.idempotencyKey,
      status: order.status,
      amount: fenToYuan(order.amount),
      channel: order.channelCode,
    },
    unallocated: fenToYuan(amount),
  },
});

/** A success learned after the order had failed. */
export const lateSuccess = (s: Success): NewAnomaly => ({
  anomalyKey: `late_success:${s.order.idempotencyKey}`,
  kind: 'late_success',
  channelCode: s.order.channelCode,
  orderKey: s.order.idempotencyKey,
  debitOrderId: s.order.id,
  loanId: s.order.loanId,
  amount: s.order.amount,
  evidence: evidenceOf(s.answer, s.source, s.order, null, 'a success after the order failed'),
});

export const successMove = (
  order: DebitOrderRow,
  answer: ChannelAnswer<OrderState>,
  late: boolean,
): Move => ({
  id: order.id,
  from: late ? ['failed'] : NOT_FINAL,
  to: 'succeeded',
  patch: {
    resultClass: 'success',
    rawCode: answer.rawCode,
    rawMessage: late ? `late success: ${answer.rawMessage}` : answer.rawMessage,
    channelSerial: answer.data.channelSerial ?? null,
    nextQueryAt: null,
    finished: true,
  },
});
