// Records the loans module reads and writes; loans.repo.ts maps them to the schema.
import type {
  BusinessDate,
  DayCount,
  DebitStatus,
  PaymentTiming,
  RepaymentMethod,
} from '@repay/rules';
import type { businessLines, installmentStatuses, loanStatuses } from './loans.schema';

export type BusinessLine = (typeof businessLines)[number];
export type LoanStatus = (typeof loanStatuses)[number];
export type InstallmentStatus = (typeof installmentStatuses)[number];

export interface NewInstallment {
  period: number;
  dueDate: BusinessDate;
  principalDue: bigint;
  interestDue: bigint;
}

export interface NewLoanBundle {
  orderNo: string;
  requestHash: string;
  businessLine: BusinessLine;
  funderId: bigint;
  productId: bigint;
  borrower: {
    nameEnc: string;
    nameMask: string;
    idNoEnc: string;
    idNoHash: string;
    idNoMask: string;
    mobileEnc: string;
    mobileHash: string;
    mobileMask: string;
  };
  card: { cardNoEnc: string; cardNoHash: string; cardNoMask: string; bankCode: string } | null;
  principal: bigint;
  annualRate: string;
  termMonths: number;
  repaymentMethod: RepaymentMethod;
  dayCount: DayCount;
  startDate: BusinessDate;
  firstDueDate: BusinessDate;
  residualValue: bigint;
  paymentTiming: PaymentTiming;
  installments: NewInstallment[];
}

export interface InstallmentRecord {
  period: number;
  dueDate: BusinessDate;
  principalDue: bigint;
  interestDue: bigint;
  feeDue: bigint;
  penaltyDue: bigint;
  principalPaid: bigint;
  interestPaid: bigint;
  feePaid: bigint;
  penaltyPaid: bigint;
  status: InstallmentStatus;
  overdueDays: number;
}

export interface LoanRecord {
  id: bigint;
  orderNo: string;
  requestHash: string;
  status: LoanStatus;
  businessLine: BusinessLine;
  funderCode: string;
  funderName: string;
  productCode: string;
  productName: string;
  principal: bigint;
  outstandingPrincipal: bigint;
  annualRate: string;
  termMonths: number;
  repaymentMethod: RepaymentMethod;
  dayCount: DayCount;
  startDate: BusinessDate;
  firstDueDate: BusinessDate;
  residualValue: bigint;
  paymentTiming: PaymentTiming;
  funderId: bigint;
  cardId: bigint | null;
  pausedReason: string | null;
  pausedUntil: BusinessDate | null;
  currentPlanVersion: number;
  createdAt: Date;
  borrower: { nameMask: string; idNoMask: string; mobileMask: string };
  card: { cardNoMask: string; bankCode: string } | null;
}

export interface PlanVersionRecord {
  version: number;
  reason: string | null;
  periodCount: number;
  change: Record<string, number> | null;
  createdBy: string;
  createdAt: Date;
  installments: InstallmentRecord[];
}

export interface LoanListRow {
  orderNo: string;
  businessLine: BusinessLine;
  funderCode: string;
  funderName: string;
  productCode: string;
  productName: string;
  borrowerName: string;
  principal: bigint;
  outstandingPrincipal: bigint;
  termMonths: number;
  repaymentMethod: RepaymentMethod;
  status: LoanStatus;
  pausedReason: string | null;
  pausedUntil: BusinessDate | null;
  nextDueDate: BusinessDate | null;
  overdueSince: BusinessDate | null;
  delinquencyBucket: string;
  createdAt: Date;
  id: bigint;
}

export interface DebitRecord {
  id: bigint;
  period: number;
  amount: bigint;
  channelCode: string | null;
  status: DebitStatus;
  resultClass:
    'success' | 'pending' | 'fail_funds' | 'fail_card' | 'fail_request' | 'duplicate' | null;
  rawCode: string | null;
  rawMessage: string | null;
  businessDate: BusinessDate;
  window: string | null;
  createdAt: Date;
  finishedAt: Date | null;
}
