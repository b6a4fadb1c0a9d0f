// Reference data: who lends (funders), on which terms (products), and what each business line
// allows (its all-in ceiling).
import { sql } from 'drizzle-orm';
import { boolean, check, integer, jsonb, numeric, pgTable, text } from 'drizzle-orm/pg-core';
import { id, oneOf, timestamps } from './columns';
import {
  ACTIVE_STATUSES,
  BUSINESS_LINES,
  DAY_COUNTS,
  FUNDER_TYPES,
  REPAYMENT_METHODS,
  ROUNDINGS,
} from './enums';

export const funders = pgTable(
  'funders',
  {
    id: id(),
    code: text('code').notNull().unique(),
    name: text('name').notNull(),
    type: text('type', { enum: FUNDER_TYPES }).notNull(),
    status: text('status', { enum: ACTIVE_STATUSES }).notNull().default('active'),
    ...timestamps(),
  },
  (t) => [
    oneOf('funders_type_check', t.type, FUNDER_TYPES),
    oneOf('funders_status_check', t.status, ACTIVE_STATUSES),
  ],
);

/**
 * Rule bindings name the rule sets a product uses by kind, e.g.
 * `{ "fee": "FEE-STD", "window": "WIN-3SLOT" }`; the rules module resolves versions.
 */
export type ProductRuleBindings = Record<string, string>;

export const products = pgTable(
  'products',
  {
    id: id(),
    code: text('code').notNull().unique(),
    name: text('name').notNull(),
    businessLine: text('business_line', { enum: BUSINESS_LINES }).notNull(),
    repaymentMethod: text('repayment_method', { enum: REPAYMENT_METHODS }).notNull(),
    dayCount: text('day_count', { enum: DAY_COUNTS }).notNull().default('30/360'),
    rounding: text('rounding', { enum: ROUNDINGS }).notNull().default('half_up'),
    graceDays: integer('grace_days').notNull().default(0),
    allowPartial: boolean('allow_partial').notNull().default(true),
    ruleBindings: jsonb('rule_bindings').$type<ProductRuleBindings>().notNull().default({}),
    status: text('status', { enum: ACTIVE_STATUSES }).notNull().default('active'),
    ...timestamps(),
  },
  (t) => [
    oneOf('products_business_line_check', t.businessLine, BUSINESS_LINES),
    oneOf('products_repayment_method_check', t.repaymentMethod, REPAYMENT_METHODS),
    oneOf('products_day_count_check', t.dayCount, DAY_COUNTS),
    oneOf('products_rounding_check', t.rounding, ROUNDINGS),
    oneOf('products_status_check', t.status, ACTIVE_STATUSES),
    check('products_grace_days_check', sql`${t.graceDays} >= 0`),
  ],
);

/**
 * One row per business line (the lines are a fixed vocabulary; the migration inserts them).
 * `all_in_annual_ceiling`: the most the contract rate plus any daily charge (penalty, compound)
 * may come to a year; fee rules are checked against it when saved and capped by it when
 * accruing. Edited in the console without a deploy.
 */
export const businessLines = pgTable(
  'business_lines',
  {
    code: text('code', { enum: BUSINESS_LINES }).primaryKey(),
    allInAnnualCeiling: numeric('all_in_annual_ceiling', { precision: 7, scale: 6 }).notNull(),
    ...timestamps(),
  },
  (t) => [
    oneOf('business_lines_code_check', t.code, BUSINESS_LINES),
    check(
      'business_lines_ceiling_check',
      sql`${t.allInAnnualCeiling} > 0 AND ${t.allInAnnualCeiling} <= 1`,
    ),
  ],
);

export type Funder = typeof funders.$inferSelect;
export type NewFunder = typeof funders.$inferInsert;
export type Product = typeof products.$inferSelect;
export type NewProduct = typeof products.$inferInsert;
