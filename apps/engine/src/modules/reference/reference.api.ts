// What other modules read of the reference data inside their own transaction: a rule's scope
// and the business lines' ceilings, checked as the rule is saved.
import type { Executor } from '../../lib/executor';
import { createReferenceRepo } from './reference.repo';

export const findFunder = (tx: Executor, code: string) => createReferenceRepo(tx).findFunder(code);
export const findProduct = (tx: Executor, code: string) =>
  createReferenceRepo(tx).findProduct(code);
export const listBusinessLines = (tx: Executor) => createReferenceRepo(tx).listBusinessLines();
