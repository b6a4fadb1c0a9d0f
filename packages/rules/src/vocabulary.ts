// The domain's vocabulary: every enumeration, defined once. The database's CHECK constraints
// (@repay/db), the engine's zod schemas and the console's selects all read these lists.
export const BUSINESS_LINES = ['lease', 'consumer', 'supply_chain'] as const;
export const FUNDER_TYPES = ['bank', 'trust', 'self', 'other'] as const;
export const ACTIVE_STATUSES = ['active', 'inactive'] as const;
export const REPAYMENT_METHODS = [
  'equal_installment',
  'equal_principal',
  'interest_first',
  'bullet',
  'lease_rent',
] as const;
export const DAY_COUNTS = ['30/360', 'actual/365', 'actual/360'] as const;
export const ROUNDINGS = ['half_up'] as const;
export const PAYMENT_TIMINGS = ['arrears', 'advance'] as const;
export const LOAN_STATUSES = ['active', 'settled', 'written_off'] as const;
export const INSTALLMENT_STATUSES = [
  'pending',
  'partially_paid',
  'paid',
  'overdue',
  'waived',
] as const;
/** Installments that still owe something: what debits, accrual and settlement act on. */
export const OPEN_INSTALLMENT_STATUSES = ['pending', 'partially_paid', 'overdue'] as const;
export const LEDGER_ACCOUNT_TYPES = ['asset', 'liability', 'income', 'expense', 'equity'] as const;
export const ACTOR_TYPES = ['user', 'api_key', 'system'] as const;
export const USER_ROLES = ['admin', 'ops', 'finance', 'pm', 'auditor'] as const;
export const USER_STATUSES = ['active', 'disabled'] as const;
export const API_KEY_STATUSES = ['active', 'revoked'] as const;
/**
 * What an API key may do over REST: every route requires one scope (docs/api.md). `payouts:write`
 * is reserved for the payouts API, not built yet.
 */
export const API_SCOPES = [
  'loans:write',
  'loans:read',
  'collections:write',
  'cards:write',
  'transfers:write',
  'payouts:write',
] as const;

export type BusinessLine = (typeof BUSINESS_LINES)[number];
export type FunderType = (typeof FUNDER_TYPES)[number];
export type ActiveStatus = (typeof ACTIVE_STATUSES)[number];
export type RepaymentMethod = (typeof REPAYMENT_METHODS)[number];
export type DayCount = (typeof DAY_COUNTS)[number];
export type Rounding = (typeof ROUNDINGS)[number];
export type PaymentTiming = (typeof PAYMENT_TIMINGS)[number];
export type LoanStatus = (typeof LOAN_STATUSES)[number];
export type InstallmentStatus = (typeof INSTALLMENT_STATUSES)[number];
export type LedgerAccountType = (typeof LEDGER_ACCOUNT_TYPES)[number];
export type ActorType = (typeof ACTOR_TYPES)[number];
export type UserRole = (typeof USER_ROLES)[number];
export type UserStatus = (typeof USER_STATUSES)[number];
export type ApiKeyStatus = (typeof API_KEY_STATUSES)[number];
export type ApiScope = (typeof API_SCOPES)[number];

// Debit orders (docs/domain.md "Channels"): statuses, result classes, and which statuses are in flight.
export const DEBIT_SOURCES = ['window', 'manual', 'settlement'] as const;
export const DEBIT_STATUSES = [
  'created',
  'submitted',
  'pending',
  'succeeded',
  'failed',
  'manual_review',
  /** A success the channel's statement does not bear out, undone by finance (冲正): final. */
  'reversed',
] as const;
/** Sent to the channel and waiting for its answer: what a query asks about. */
export const AWAITING_ANSWER_DEBIT_STATUSES = ['submitted', 'pending'] as const;
/** Sent to the channel and not final: waiting for its answer, or held for manual review. */
export const SENT_UNFINISHED_DEBIT_STATUSES = [
  ...AWAITING_ANSWER_DEBIT_STATUSES,
  'manual_review',
] as const;
/** Not final: made and not yet sent, or sent and not final. One per installment at a time. */
export const IN_FLIGHT_DEBIT_STATUSES = ['created', ...SENT_UNFINISHED_DEBIT_STATUSES] as const;
export const CHANNEL_RESULT_CLASSES = [
  'success',
  'pending',
  'fail_funds',
  'fail_card',
  'fail_request',
  'duplicate',
] as const;
/**
 * What became of a debit order, as the reports count it (one per order): succeeded, failed by
 * its result class (`fail_other`: failed without one, never sent or closed by a person), not
 * final yet, or reversed after a success.
 */
export const DEBIT_OUTCOMES = [
  'success',
  'fail_funds',
  'fail_card',
  'fail_request',
  'fail_other',
  'in_flight',
  'reversed',
] as const;
export type DebitSource = (typeof DEBIT_SOURCES)[number];
export type DebitStatus = (typeof DEBIT_STATUSES)[number];
export type ChannelResultClass = (typeof CHANNEL_RESULT_CLASSES)[number];
export type DebitOutcome = (typeof DEBIT_OUTCOMES)[number];

// Channel anomalies: an answer we stored instead of applying (another channel's order, an
// order we do not know, an amount or serial that does not match, an answer contradicting a
// final state), a success learned after the order failed, and money no installment owed
// (an overpayment, to be refunded). Each stays open until someone handles it with a reason.
export const ANOMALY_KINDS = [
  'foreign_channel',
  'unknown_order',
  'amount_mismatch',
  'serial_mismatch',
  'late_success',
  'contradicting_answer',
  'overpayment',
] as const;
export type AnomalyKind = (typeof ANOMALY_KINDS)[number];
export const ANOMALY_STATUSES = ['open', 'handled'] as const;
export type AnomalyStatus = (typeof ANOMALY_STATUSES)[number];
/** A resolution of a debit under manual review that waits for a second person. */
export const RESOLUTION_STATUSES = [
  'pending_approval',
  'approved',
  'rejected',
  'superseded',
] as const;
export type ResolutionStatus = (typeof RESOLUTION_STATUSES)[number];

/** Rules as data (ARCHITECTURE.md, "Decisions"). */
export const RULE_KINDS = ['fee', 'window', 'sms', 'routing', 'allocation', 'remittance'] as const;
export type RuleKind = (typeof RULE_KINDS)[number];
export const RULE_SCOPES = ['global', 'business_line', 'funder', 'product'] as const;
export type RuleScope = (typeof RULE_SCOPES)[number];
/**
 * draft → submitted → approved → published (or gray → published); rejected goes back to
 * its author; superseded when a later publication replaces it; abandoned when its gray
 * release is called off.
 */
export const RULE_VERSION_STATUSES = [
  'draft',
  'submitted',
  'rejected',
  'approved',
  'gray',
  'published',
  'superseded',
  'abandoned',
] as const;
export type RuleVersionStatus = (typeof RULE_VERSION_STATUSES)[number];
export const PUBLICATION_MODES = ['full', 'gray'] as const;
export type PublicationMode = (typeof PUBLICATION_MODES)[number];

/** Payment channels. */
export const CHANNEL_STATUSES = ['up', 'down', 'maintenance'] as const;
export type ChannelStatus = (typeof CHANNEL_STATUSES)[number];
export const CHANNEL_ADAPTERS = ['sandbox'] as const;
export const BINDING_STATUSES = ['sms_sent', 'bound', 'failed'] as const;
/** `unknown`: the channel's answer was pending (timeout, busy): not failed, just not usable. */
export const BINDING_ATTEMPT_STATUSES = ['sms_sent', 'active', 'failed', 'unknown'] as const;
export const AGREEMENT_STATUSES = ['active', 'suspended', 'unbound'] as const;
export type AgreementStatus = (typeof AGREEMENT_STATUSES)[number];
/** How money received outside the channels arrived (docs/api.md: repayments). */
export const RECEIPT_METHODS = ['offline'] as const;

/** Window runs: one per (business date, window, scope). */
export const DEBIT_RUN_STATUSES = ['running', 'paused', 'completed', 'cancelled'] as const;
export type DebitRunStatus = (typeof DEBIT_RUN_STATUSES)[number];
export const SHARD_STATUSES = ['pending', 'running', 'done', 'failed'] as const;
export type ShardStatus = (typeof SHARD_STATUSES)[number];

/** Circuit breaker per channel: open = degraded (bypassed while anything healthy remains). */
export const CIRCUIT_STATES = ['closed', 'open', 'half_open'] as const;
export type CircuitState = (typeof CIRCUIT_STATES)[number];
/** What a routing decision was made for. */
export const ROUTING_SUBJECTS = ['debit', 'payout', 'probe'] as const;

/** Delinquency buckets by a loan's oldest overdue days (docs/domain.md, Overdue). */
export const DELINQUENCY_BUCKETS = ['M0', 'M1', 'M2', 'M3', 'M3+'] as const;
export type DelinquencyBucket = (typeof DELINQUENCY_BUCKETS)[number];
/** Components an accrued charge adds to: penalty interest and compound → penalty; fees → fee. */
export const ACCRUAL_COMPONENTS = ['penalty', 'fee'] as const;
export const ACCRUAL_RUN_STATUSES = ['running', 'completed'] as const;
/** Fee rule charges the daily run accrues (a prepayment fee is charged when settling). */
export const ACCRUED_CHARGE_TYPES = ['penalty', 'compound', 'late_fee'] as const;

export function bucketOf(overdueDays: number): DelinquencyBucket {
  if (overdueDays <= 0) return 'M0';
  if (overdueDays <= 30) return 'M1';
  if (overdueDays <= 60) return 'M2';
  if (overdueDays <= 90) return 'M3';
  return 'M3+';
}

/** A settlement quote: open until used or expired (expiry is its time, not a state); debiting while a settlement debit is in flight. */
export const QUOTE_STATUSES = ['open', 'debiting', 'settled'] as const;

/** A waiver of penalty or fees: applied at once, or waiting for a second user above the limit. */
export const WAIVER_STATUSES = ['pending_approval', 'applied', 'rejected'] as const;
export const WAIVABLE_COMPONENTS = ['penalty', 'fee'] as const;
export type WaivableComponent = (typeof WAIVABLE_COMPONENTS)[number];
/**
 * An asset transfer waits for its cut-off date, then completes (docs/api.md Asset transfer); one
 * an API key backdates too far waits for a person's approval first, and may be rejected.
 */
export const TRANSFER_STATUSES = [
  'pending_approval',
  'scheduled',
  'completed',
  'rejected',
] as const;
/** A loan's transfer that still holds it: no second transfer of the loan meanwhile. */
export const OPEN_TRANSFER_STATUSES = ['pending_approval', 'scheduled'] as const;

/** Where a channel's statement file came from. */
export const STATEMENT_SOURCES = ['fetch', 'upload', 'cli'] as const;
export type StatementSource = (typeof STATEMENT_SOURCES)[number];
/** A statement line in our words: what the channel says happened. */
export const STATEMENT_LINE_STATUSES = ['success', 'failed', 'refund'] as const;
export const STATEMENT_LINE_KINDS = ['debit', 'payout'] as const;
/**
 * A difference between our orders and a channel's statement (资金对账): overage (长款, the
 * channel took money we have no success for), shortage (短款, our success the channel does
 * not show), mismatch (差错, amount or fee differ).
 */
export const RECON_CASE_KINDS = ['overage', 'shortage', 'mismatch'] as const;
export type ReconCaseKind = (typeof RECON_CASE_KINDS)[number];
export const RECON_CASE_STATUSES = ['open', 'investigating', 'resolved'] as const;
export type ReconCaseStatus = (typeof RECON_CASE_STATUSES)[number];
/**
 * Why a run opened a case, as a code the console words in its language (details are the
 * case's reason parameters): the channel took money for no order of ours at it, or for our
 * order in another status; our success the statement shows failed, or does not show (also
 * near midnight, on neither day's statement); the amounts differ, the fee differs from the
 * channel's rule, or the statement's answer to our pending order could not be applied.
 */
export const RECON_CASE_REASONS = [
  'overage_no_order',
  'overage_our_status',
  'shortage_failed',
  'shortage_missing',
  'shortage_missing_near_midnight',
  'mismatch_amount',
  'mismatch_fee',
  'mismatch_pending',
] as const;
export type ReconCaseReason = (typeof RECON_CASE_REASONS)[number];
/**
 * What finance does with a case: complete our order as a success (补单), reverse our success the
 * channel does not show (冲正: the installment owes it again), refund the money the
 * channel took (退款, owed until payouts send it), write a difference off within the channel's
 * tolerance (核销), or close it as explained. Each is the case's resolution once done.
 */
export const RECON_CASE_ACTIONS = ['complete', 'reverse', 'refund', 'write_off', 'close'] as const;
export type ReconCaseAction = (typeof RECON_CASE_ACTIONS)[number];

/**
 * Asset reconciliation (资产对账) checks of a loan: its outstanding principal (principal less
 * principal collected) against the ledger's principal receivable; what its plan says was paid,
 * per component, against the ledger; and, per funder, the collections due to the owner at each
 * collection's date against those the ledger attributes to it.
 */
export const ASSET_RECON_CHECKS = [
  'outstanding_principal',
  'principal',
  'interest',
  'fee',
  'penalty',
  'funder_collections',
] as const;
export type AssetReconCheck = (typeof ASSET_RECON_CHECKS)[number];
/** A loan's status in a funder's own file, in our words (正常, 逾期, 结清, 核销). */
export const FUNDER_LOAN_STATUSES = ['current', 'overdue', 'settled', 'written_off'] as const;
export type FunderLoanStatus = (typeof FUNDER_LOAN_STATUSES)[number];
/**
 * A loan of a funder's file compared with ours: the figures differ, the file leaves out a loan
 * the funder owns, or lists one we do not know or that another funder owns on the date.
 */
export const FUNDER_FILE_DIFFERENCES = [
  'differs',
  'missing_in_file',
  'unknown_loan',
  'other_funder',
] as const;
export type FunderFileDifference = (typeof FUNDER_FILE_DIFFERENCES)[number];

/**
 * Payouts (代付): what made the order (an upstream system's request, a funder's remittance, a
 * refund finance approved), what it is for, and its states. `queued` waits for a position that
 * covers it; `submitted`, `pending` and `manual_review` hold their reservation; an unknown
 * payout is never sent again.
 */
export const PAYOUT_SOURCES = ['api', 'remittance', 'refund'] as const;
export const PAYOUT_PURPOSES = ['disbursement', 'refund', 'other', 'remittance'] as const;
/** What an upstream system may ask for over REST. */
export const API_PAYOUT_PURPOSES = ['disbursement', 'refund', 'other'] as const;
export const PAYOUT_STATUSES = [
  'queued',
  'submitted',
  'pending',
  'succeeded',
  'failed',
  'manual_review',
] as const;
/** Sent to the channel and not final: the position stays reserved for it. */
export const RESERVING_PAYOUT_STATUSES = ['submitted', 'pending', 'manual_review'] as const;
/** Sent and waiting for the channel's answer: what a query asks about. */
export const AWAITING_ANSWER_PAYOUT_STATUSES = ['submitted', 'pending'] as const;
export type PayoutSource = (typeof PAYOUT_SOURCES)[number];
export type PayoutPurpose = (typeof PAYOUT_PURPOSES)[number];
export type PayoutStatus = (typeof PAYOUT_STATUSES)[number];
/** How a payout account's balance moved (头寸): every change is one row. */
export const POSITION_MOVEMENT_KINDS = [
  'sync',
  'top_up',
  'transfer_in',
  'transfer_out',
  'payout',
  'buffer',
] as const;
export type PositionMovementKind = (typeof POSITION_MOVEMENT_KINDS)[number];
/** A funder's day of remittance: carried (below the minimum), made, or waiting for an account. */
export const REMITTANCE_BATCH_STATUSES = ['carried', 'made', 'no_account'] as const;
/** A refund to a borrower waits for finance's approval before it becomes a payout. */
export const REFUND_STATUSES = ['pending_approval', 'approved', 'rejected'] as const;
/** An overpayment the engine recorded (an anomaly), or a reconciliation overage finance refunds. */
export const REFUND_SOURCES = ['anomaly', 'recon_case'] as const;
/**
 * Jobs (任务): a run of a scheduled job and what started it: its schedule, a person (a start or
 * a retry of a failed run), or a move of the sandbox's business clock running a skipped day.
 */
export const JOB_RUN_STATUSES = ['running', 'succeeded', 'failed'] as const;
export const JOB_RUN_TRIGGERS = ['schedule', 'manual', 'retry', 'clock'] as const;
export type JobRunStatus = (typeof JOB_RUN_STATUSES)[number];
export type JobRunTrigger = (typeof JOB_RUN_TRIGGERS)[number];
