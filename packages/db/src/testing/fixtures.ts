// Minimal rows for this package's tests (a funder, product, borrower, loan, plan, account pair).
import type { Db } from '../client';
import {
  borrowers,
  funders,
  installments,
  ledgerAccounts,
  loans,
  planVersions,
  products,
} from '../schema/index';

export interface Fixture {
  funderId: bigint;
  productId: bigint;
  borrowerId: bigint;
  loanId: bigint;
  planVersionId: bigint;
  installmentId: bigint;
  cashAccountId: bigint;
  receivableAccountId: bigint;
}

export async function seedFixture(db: Db, tag = 'A'): Promise<Fixture> {
  const [funder] = await db
    .insert(funders)
    .values({ code: `F-${tag}`, name: `Funder ${tag}`, type: 'trust' })
    .returning({ id: funders.id });
  const [product] = await db
    .insert(products)
    .values({
      code: `P-${tag}`,
      name: 'Consumer',
      businessLine: 'consumer',
      repaymentMethod: 'equal_installment',
    })
    .returning({ id: products.id });
  const [borrower] = await db
    .insert(borrowers)
    .values({
      nameEnc: 'enc',
      nameMask: '张*',
      idNoEnc: 'enc',
      idNoHash: `idhash-${tag}`,
      idNoMask: '110101********1234',
      mobileEnc: 'enc',
      mobileHash: `mhash-${tag}`,
      mobileMask: '138****8000',
    })
    .returning({ id: borrowers.id });
  const [loan] = await db
    .insert(loans)
    .values({
      orderNo: `L-${tag}`,
      businessLine: 'consumer',
      funderId: funder!.id,
      productId: product!.id,
      borrowerId: borrower!.id,
      principal: 10_000_000n,
      annualRate: '0.12',
      termMonths: 12,
      repaymentMethod: 'equal_installment',
      dayCount: '30/360',
      startDate: '2026-01-15',
      firstDueDate: '2026-02-15',
      outstandingPrincipal: 10_000_000n,
      requestHash: 'sha256-of-request',
    })
    .returning({ id: loans.id });
  const [plan] = await db
    .insert(planVersions)
    .values({ loanId: loan!.id, version: 1, reason: 'intake', periodCount: 1, createdBy: 'system' })
    .returning({ id: planVersions.id });
  const [installment] = await db
    .insert(installments)
    .values({
      loanId: loan!.id,
      planVersionId: plan!.id,
      period: 1,
      dueDate: '2026-02-15',
      principalDue: 788_488n,
      interestDue: 100_000n,
    })
    .returning({ id: installments.id });
  const accounts = await db
    .insert(ledgerAccounts)
    .values([
      { code: `cash:${tag}`, name: 'Cash', type: 'asset' },
      { code: `receivable:principal:${tag}`, name: 'Principal receivable', type: 'asset' },
    ])
    .returning({ id: ledgerAccounts.id });
  return {
    funderId: funder!.id,
    productId: product!.id,
    borrowerId: borrower!.id,
    loanId: loan!.id,
    planVersionId: plan!.id,
    installmentId: installment!.id,
    cashAccountId: accounts[0]!.id,
    receivableAccountId: accounts[1]!.id,
  };
}
