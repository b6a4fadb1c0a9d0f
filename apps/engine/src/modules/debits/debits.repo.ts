// Debit runs, shards and orders. A card with a suspended agreement (a fail_card answer: lost,
// frozen, agreement gone) is not debited at all until the borrower binds again (docs/domain.md:
// "stop debiting this card; ask for re-binding").
// Selection and order creation are set-based; every state
// change of an order is a guarded UPDATE (from the states it may leave) plus an event row.
// One repository over four files: run-shards.repo.ts, selection.repo.ts, orders.repo.ts and
// order-moves.repo.ts.
import type { Executor } from '../../lib/executor';
import { createDebitEligibilityRepo } from './eligibility.repo';
import { createDebitMovesRepo } from './order-moves.repo';
import { createDebitOrdersRepo } from './orders.repo';
import { createDebitRunsRepo } from './run-shards.repo';
import { createDebitSelectionRepo } from './selection.repo';

export type {
  DebitCandidate,
  DebitOrderRow,
  LockedInstallment,
  Move,
  MovePatch,
  NewOrder,
  RunScopeFilter,
  SelectionState,
} from './debits.types';

export function createDebitsRepo(executor: Executor) {
  return {
    ...createDebitRunsRepo(executor),
    ...createDebitSelectionRepo(executor),
    ...createDebitOrdersRepo(executor),
    ...createDebitMovesRepo(executor),
    ...createDebitEligibilityRepo(executor),
  };
}

export type DebitsRepo = ReturnType<typeof createDebitsRepo>;
