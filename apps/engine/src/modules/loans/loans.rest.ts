// docs/api.md "Loans" over REST: thin handlers around the loans service.
import { z } from 'zod';
import { defineRoute, loanInPath, nameSchemas, type RestRoute } from '../../http/rest/route';
import type { AppServices } from '../../context';
import {
  borrowerInput,
  cardInput,
  createLoanInput,
  debitListView,
  debitView,
  installmentView,
  loanPauseView,
  loanView,
  maskedBorrowerView,
  orderNo,
  planTotalsView,
  planView,
  planVersionMax,
  planVersionView,
} from './loans.schema';
import {
  allocationView,
  pauseInput,
  quoteBreakdownView,
  quoteView,
  repaymentInput,
  repaymentView,
  rescheduleRequest,
  settleInput,
  settlementView,
  toRescheduleChange,
} from './collections.schema';

const orderNoParams = z.object({ orderNo });

nameSchemas({
  CreateLoanRequest: createLoanInput,
  BorrowerInput: borrowerInput,
  CardInput: cardInput,
  Loan: loanView,
  MaskedBorrower: maskedBorrowerView,
  LoanPause: loanPauseView,
  Installment: installmentView,
  Plan: planView,
  PlanTotals: planTotalsView,
  PlanVersion: planVersionView,
  DebitList: debitListView,
  Debit: debitView,
  PauseLoanRequest: pauseInput,
  RecordRepaymentRequest: repaymentInput,
  Repayment: repaymentView,
  RepaymentAllocation: allocationView,
  RescheduleLoanRequest: rescheduleRequest,
  SettlementQuote: quoteView,
  SettlementBreakdown: quoteBreakdownView,
  SettleLoanRequest: settleInput,
  Settlement: settlementView,
});

export function loanRestRoutes(services: AppServices): RestRoute[] {
  return [
    defineRoute({
      method: 'POST',
      path: '/loans',
      operationId: 'createLoan',
      tag: 'Loans',
      scope: 'loans:write',
      subject: ({ body }) => ({ funder: body.funderCode, field: 'funderCode' }),
      summary: 'Sync one business order and build its plan (idempotent by orderNo)',
      body: createLoanInput,
      responses: {
        201: { description: 'created', schema: loanView },
        200: { description: 'the same body again: the existing loan', schema: loanView },
        409: { description: 'orderNo already exists with different content' },
        422: { description: 'unknown or inactive funder/product, or business line mismatch' },
      },
      async handler({ body, principal }) {
        const result = await services.loans.createLoan(body, {
          type: 'api_key',
          id: principal.keyId,
        });
        return { status: result.created ? 201 : 200, body: result.loan };
      },
    }),
    defineRoute({
      method: 'GET',
      path: '/loans/:orderNo',
      operationId: 'getLoan',
      tag: 'Loans',
      scope: 'loans:read',
      subject: loanInPath,
      summary: 'The loan with its current plan',
      params: orderNoParams,
      responses: {
        200: { description: 'the loan', schema: loanView },
        404: { description: 'unknown orderNo' },
      },
      handler: async ({ params }) => ({
        status: 200,
        body: await services.loans.getLoan(params.orderNo),
      }),
    }),
    defineRoute({
      method: 'GET',
      path: '/loans/:orderNo/plan',
      operationId: 'getLoanPlan',
      tag: 'Loans',
      scope: 'loans:read',
      subject: loanInPath,
      summary: 'One plan version (the current one without ?version)',
      params: orderNoParams,
      query: z.strictObject({
        version: z.coerce
          .number()
          .int()
          .min(1)
          .max(planVersionMax)
          .optional()
          .describe('a plan version (1 is the original plan)'),
      }),
      responses: {
        200: { description: 'the plan version', schema: planVersionView },
        404: { description: 'unknown loan or version' },
      },
      handler: async ({ params, query }) => ({
        status: 200,
        body: await services.loans.getPlan(params.orderNo, query.version),
      }),
    }),
    defineRoute({
      method: 'GET',
      path: '/loans/:orderNo/debits',
      operationId: 'listLoanDebits',
      tag: 'Loans',
      scope: 'loans:read',
      subject: loanInPath,
      summary: 'Debit orders of the loan, oldest first',
      params: orderNoParams,
      responses: {
        200: { description: 'debits', schema: debitListView },
        404: { description: 'unknown orderNo' },
      },
      handler: async ({ params }) => ({
        status: 200,
        body: { debits: await services.loans.listDebits(params.orderNo) },
      }),
    }),
    defineRoute({
      method: 'POST',
      path: '/loans/:orderNo/pause',
      operationId: 'pauseLoan',
      tag: 'Collections',
      scope: 'collections:write',
      subject: loanInPath,
      summary: 'No new debits for this loan until the date (inclusive); in-flight ones finish',
      params: orderNoParams,
      body: pauseInput,
      responses: {
        200: { description: 'paused (the same pause again changes nothing)', schema: loanView },
        404: { description: 'unknown orderNo' },
        422: {
          description: 'the loan is not active, or until is in the past or over 180 days ahead',
        },
      },
      async handler({ params, body, principal }) {
        return {
          status: 200,
          body: await services.loans.pause(params.orderNo, body, {
            type: 'api_key',
            id: principal.keyId,
          }),
        };
      },
    }),
    defineRoute({
      method: 'POST',
      path: '/loans/:orderNo/resume',
      operationId: 'resumeLoan',
      tag: 'Collections',
      scope: 'collections:write',
      subject: loanInPath,
      summary: 'Debits may start again in the next window',
      params: orderNoParams,
      responses: {
        200: { description: 'resumed (resuming a running loan changes nothing)', schema: loanView },
        404: { description: 'unknown orderNo' },
      },
      async handler({ params, principal }) {
        return {
          status: 200,
          body: await services.loans.resume(params.orderNo, {
            type: 'api_key',
            id: principal.keyId,
          }),
        };
      },
    }),
    defineRoute({
      method: 'POST',
      path: '/loans/:orderNo/repayments',
      operationId: 'recordRepayment',
      tag: 'Collections',
      scope: 'collections:write',
      subject: loanInPath,
      summary:
        'Record money received outside the channels; allocated by the waterfall (idempotent by reference)',
      params: orderNoParams,
      body: repaymentInput,
      responses: {
        201: { description: 'recorded and allocated', schema: repaymentView },
        200: {
          description: 'the same reference and content again: the recorded repayment',
          schema: repaymentView,
        },
        404: { description: 'unknown orderNo' },
        409: { description: 'the reference was recorded with other content' },
        422: { description: 'loan not active, amount above what it owes, or paidAt in the future' },
      },
      async handler({ params, body, principal }) {
        const result = await services.repayments.record(params.orderNo, body, {
          type: 'api_key',
          id: principal.keyId,
        });
        return { status: result.created ? 201 : 200, body: result.repayment };
      },
    }),
    defineRoute({
      method: 'POST',
      path: '/loans/:orderNo/reschedule',
      operationId: 'rescheduleLoan',
      tag: 'Collections',
      scope: 'collections:write',
      subject: loanInPath,
      summary:
        'A new plan version: re-amortise the untouched rest over newTermMonths (the whole term), or move its due dates by shiftDays',
      params: orderNoParams,
      body: rescheduleRequest,
      responses: {
        201: { description: 'the new plan version', schema: planVersionView },
        200: {
          description: 'the same reference and change again: the version it made',
          schema: planVersionView,
        },
        404: { description: 'unknown orderNo' },
        409: {
          description: 'a debit of the loan is in flight, or the reference was used otherwise',
        },
        422: {
          description:
            'loan not active, nothing left to move, or newTermMonths not above the periods already due or paid',
        },
      },
      async handler({ params, body, principal }) {
        const result = await services.reschedule.reschedule(
          params.orderNo,
          toRescheduleChange(body),
          { type: 'api_key', id: principal.keyId },
        );
        return {
          status: result.created ? 201 : 200,
          body: await services.loans.getPlan(params.orderNo, result.version),
        };
      },
    }),
    defineRoute({
      method: 'GET',
      path: '/loans/:orderNo/settlement-quote',
      operationId: 'getSettlementQuote',
      tag: 'Collections',
      scope: 'collections:write',
      subject: loanInPath,
      summary:
        'Early settlement quote for a date (today by default, up to 30 days ahead): locked until the end of that day',
      params: orderNoParams,
      query: z.strictObject({
        date: z.iso
          .date('a date as YYYY-MM-DD')
          .optional()
          .describe('the settlement date (today when absent)'),
      }),
      responses: {
        200: { description: 'the quote', schema: quoteView },
        404: { description: 'unknown orderNo' },
        422: {
          description: 'the loan is not active or owes nothing, or the date is past or too far',
        },
      },
      handler: async ({ params, query, principal }) => ({
        status: 200,
        body: await services.settlement.quote(params.orderNo, query.date, {
          type: 'api_key',
          id: principal.keyId,
        }),
      }),
    }),
    defineRoute({
      method: 'POST',
      path: '/loans/:orderNo/settle',
      operationId: 'settleLoan',
      tag: 'Collections',
      scope: 'collections:write',
      subject: loanInPath,
      summary: 'Settle at the quoted amount (idempotent by quoteId)',
      params: orderNoParams,
      body: settleInput,
      responses: {
        200: {
          description:
            'settled, or the settlement debit failed (status failed: the quote is open again); the same quoteId and reference again: the same answer',
          schema: settlementView,
        },
        202: {
          description: 'method debit: the debit is with the channel (status pending)',
          schema: settlementView,
        },
        404: { description: 'unknown orderNo or quoteId' },
        409: {
          description:
            'the quote was used with another reference, the loan changed since the quote, or a debit is in flight',
        },
        422: {
          description: 'quote expired or of another loan, loan not active, or no card to debit',
        },
      },
      async handler({ params, body, principal }) {
        const result = await services.settlement.settle(params.orderNo, body, {
          type: 'api_key',
          id: principal.keyId,
        });
        return {
          status: result.settlement.status === 'pending' ? 202 : 200,
          body: result.settlement,
        };
      },
    }),
  ];
}
