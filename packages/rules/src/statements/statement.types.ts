// What a channel's statement file says, once its layout (a StatementFormat) has been applied:
// one line per transaction in our own words, and the file's own totals when it carries them.

/** What the channel says happened to a transaction. */
export type StatementStatus = 'success' | 'failed' | 'refund';

export interface StatementLine {
  /** 1-based line number in the decoded file (what an error or a person points at). */
  lineNo: number;
  /** Our order id as we sent it to the channel (a debit order's key, later a payout's). */
  orderId: string;
  /** The channel's own serial for the transaction, when the file has one. */
  channelSerial: string | null;
  /** 'debit' (collection) or 'payout'; files that hold one kind say so in their format. */
  kind: 'debit' | 'payout';
  amountFen: bigint;
  /** The channel's fee for the transaction, when the file has one. */
  feeFen: bigint | null;
  status: StatementStatus;
  /** When the channel finished the transaction (ISO 8601 with offset), when the file has it. */
  finishedAt: string | null;
  /** The channel's raw status text, kept for people. */
  rawStatus: string | null;
}

/** Totals a file states about itself (a summary line), checked against its lines. */
export interface StatementTotals {
  count: number | null;
  amountFen: bigint | null;
  feeFen: bigint | null;
}

/** A file that cannot be read: where (1-based line and column, when known) and why. */
export class StatementFileError extends Error {
  constructor(
    message: string,
    readonly lineNo: number | null,
    readonly column: string | null,
  ) {
    super(
      lineNo === null
        ? message
        : `line ${lineNo}${column === null ? '' : `, column ${column}`}: ${message}`,
    );
    this.name = 'StatementFileError';
  }
}
