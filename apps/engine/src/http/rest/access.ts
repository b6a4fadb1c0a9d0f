// What an API key may do, checked for every REST route before its handler (docs/api.md): the
// route's scope, then the funders of the loans its input names.
import type { Executor } from '../../lib/executor';
import { AppError, notFound } from '../../lib/errors';
import { mayActForFunder, type ApiPrincipal } from '../../modules/auth';
import { orderNoOfBinding } from '../../modules/channels';
import { funderCodesOfLoans } from '../../modules/loans';
import type { RouteSubject } from './route';

/**
 * Checks a call's subject against the key's funders. Unknown loans and bindings pass: the
 * handler answers 404 for them with the same words as for another funder's.
 */
export function funderAccess(exec: Executor) {
  const forbidden = (field: string, message: string) =>
    new AppError('FORBIDDEN', message, { field });

  async function mayTouchLoan(principal: ApiPrincipal, orderNo: string) {
    const owner = (await funderCodesOfLoans(exec, [orderNo])).get(orderNo);
    return owner === undefined || mayActForFunder(principal, owner);
  }

  return async function check(principal: ApiPrincipal, subject: RouteSubject | null) {
    if (subject === null || principal.funderCodes === null) return;
    if ('loan' in subject) {
      if (!(await mayTouchLoan(principal, subject.loan)))
        throw notFound(`loan ${subject.loan}`, 'orderNo');
    } else if ('binding' in subject) {
      const orderNo = await orderNoOfBinding(exec, subject.binding);
      if (orderNo !== null && !(await mayTouchLoan(principal, orderNo)))
        throw notFound(`binding ${subject.binding}`, 'bindingId');
    } else if ('funder' in subject) {
      if (!mayActForFunder(principal, subject.funder))
        throw forbidden(subject.field, `this API key may not act for funder ${subject.funder}`);
    } else {
      const owners = await funderCodesOfLoans(exec, subject.loans);
      const index = subject.loans.findIndex((orderNo) => {
        const owner = owners.get(orderNo);
        return owner !== undefined && !mayActForFunder(principal, owner);
      });
      if (index >= 0)
        throw forbidden(
          subject.field,
          `loan ${subject.loans[index]} belongs to a funder this API key may not act for`,
        );
    }
  };
}

export type FunderAccess = ReturnType<typeof funderAccess>;
