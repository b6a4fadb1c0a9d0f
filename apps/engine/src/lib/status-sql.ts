// The vocabulary's status lists as raw-SQL `IN` lists: `WHERE status IN ${DEBIT_IN_FLIGHT}`.
import { sqlList } from '@repay/db';
import {
  AWAITING_ANSWER_DEBIT_STATUSES,
  IN_FLIGHT_DEBIT_STATUSES,
  OPEN_INSTALLMENT_STATUSES,
} from '@repay/rules';

export const OPEN_INSTALLMENT = sqlList(OPEN_INSTALLMENT_STATUSES);
export const DEBIT_IN_FLIGHT = sqlList(IN_FLIGHT_DEBIT_STATUSES);
export const DEBIT_AWAITING_ANSWER = sqlList(AWAITING_ANSWER_DEBIT_STATUSES);
