import { eq, sql as drizzleSql } from 'drizzle-orm';
import { businessLines, funders, products } from '@repay/db/schema';
import { Dec } from '@repay/rules';
import type { Executor } from '../../lib/executor';
import type { FunderRecord, ProductRecord, ReferenceRepo } from './reference.types';

// Qualified by hand: drizzle drops table names in single-table selects, which would bind the
// outer id to the subquery's table.
const funderLoanCount = drizzleSql<number>`(select count(*)::int from loans l where l.funder_id = "funders"."id")`;
const productLoanCount = drizzleSql<number>`(select count(*)::int from loans l where l.product_id = "products"."id")`;

const funderColumns = {
  id: funders.id,
  code: funders.code,
  name: funders.name,
  type: funders.type,
  status: funders.status,
  createdAt: funders.createdAt,
  updatedAt: funders.updatedAt,
  loanCount: funderLoanCount,
};
const productColumns = {
  id: products.id,
  code: products.code,
  name: products.name,
  businessLine: products.businessLine,
  repaymentMethod: products.repaymentMethod,
  dayCount: products.dayCount,
  graceDays: products.graceDays,
  allowPartial: products.allowPartial,
  status: products.status,
  createdAt: products.createdAt,
  updatedAt: products.updatedAt,
  loanCount: productLoanCount,
};

export function createReferenceRepo({ db }: Executor): ReferenceRepo {
  const findFunder = async (code: string): Promise<FunderRecord | null> =>
    (await db.select(funderColumns).from(funders).where(eq(funders.code, code)).limit(1))[0] ??
    null;
  const findProduct = async (code: string): Promise<ProductRecord | null> =>
    (await db.select(productColumns).from(products).where(eq(products.code, code)).limit(1))[0] ??
    null;

  return {
    async listBusinessLines() {
      const rows = await db
        .select({
          code: businessLines.code,
          allInAnnualCeiling: businessLines.allInAnnualCeiling,
          updatedAt: businessLines.updatedAt,
        })
        .from(businessLines)
        .orderBy(businessLines.code);
      // numeric(7,6) reads as "0.360000": the rate as written, "0.36".
      return rows.map((r) => ({
        ...r,
        allInAnnualCeiling: new Dec(r.allInAnnualCeiling).toString(),
      }));
    },
    async updateBusinessLine(code, allInAnnualCeiling) {
      const rows = await db
        .update(businessLines)
        .set({ allInAnnualCeiling, updatedAt: new Date() })
        .where(eq(businessLines.code, code))
        .returning({ code: businessLines.code });
      return rows.length === 1;
    },
    listFunders: () => db.select(funderColumns).from(funders).orderBy(funders.code),
    findFunder,
    async insertFunder(input) {
      const rows = await db
        .insert(funders)
        .values(input)
        .onConflictDoNothing()
        .returning({ code: funders.code });
      return rows.length ? findFunder(input.code) : null;
    },
    async updateFunder({ code, ...changes }) {
      await db
        .update(funders)
        .set({ ...changes, updatedAt: new Date() })
        .where(eq(funders.code, code));
    },
    listProducts: () => db.select(productColumns).from(products).orderBy(products.code),
    findProduct,
    async insertProduct(input) {
      const rows = await db
        .insert(products)
        .values(input)
        .onConflictDoNothing()
        .returning({ code: products.code });
      return rows.length ? findProduct(input.code) : null;
    },
    async updateProduct({ code, ...changes }) {
      await db
        .update(products)
        .set({ ...changes, updatedAt: new Date() })
        .where(eq(products.code, code));
    },
  };
}
