import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isUniqueViolation } from '../errors';
import { availableDrivers, openDriver } from '../testing/drivers';
import { seedFixture, type Fixture } from '../testing/fixtures';
import type { TestDatabase } from '../testing/index';
import { debitOrders } from './debits';

describe.each(availableDrivers())('debit orders on %s', (driver) => {
  let db: TestDatabase;
  let fx: Fixture;
  let installmentId: bigint;
  beforeAll(async () => {
    db = await openDriver(driver);
    fx = await seedFixture(db.db);
    installmentId = fx.installmentId;
  });
  afterAll(async () => {
    await db.dispose();
  });

  const order = (
    key: string,
    status: 'created' | 'pending' | 'failed' | 'succeeded' | 'manual_review',
  ) => ({
    idempotencyKey: key,
    loanId: fx.loanId,
    installmentId,
    funderId: fx.funderId,
    source: 'window' as const,
    businessDate: '2026-03-15',
    window: '10:00',
    amount: 100n,
    status,
  });
  const failure = (p: Promise<unknown>) =>
    p.then(
      () => undefined,
      (e: unknown) => e,
    );

  it('allows at most one debit in flight per installment, whatever window or channel', async () => {
    await db.db.insert(debitOrders).values(order('i1:2026-03-15:10:00:1', 'pending'));
    const second = await failure(
      db.db.insert(debitOrders).values(order('i1:2026-03-15:14:00:1', 'created')),
    );
    expect(isUniqueViolation(second, 'debit_orders_one_in_flight')).toBe(true);
    const review = await failure(
      db.db.insert(debitOrders).values(order('manual:1', 'manual_review')),
    );
    expect(isUniqueViolation(review, 'debit_orders_one_in_flight')).toBe(true);
  });

  it('allows a new attempt once the earlier one is final', async () => {
    await db.db
      .update(debitOrders)
      .set({ status: 'failed' })
      .where(eq(debitOrders.idempotencyKey, 'i1:2026-03-15:10:00:1'));
    await db.db.insert(debitOrders).values(order('i1:2026-03-15:14:00:1', 'created'));
    await db.db.insert(debitOrders).values(order('i1:2026-03-14:18:00:1', 'failed'));
  });

  it('refuses a repeated idempotency key', async () => {
    const error = await failure(
      db.db.insert(debitOrders).values(order('i1:2026-03-15:14:00:1', 'failed')),
    );
    expect(isUniqueViolation(error, 'debit_orders_idempotency_key_unique')).toBe(true);
  });
});
