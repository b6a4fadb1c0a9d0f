import type { BusinessLine, DayCount, RepaymentMethod } from '@repay/rules';
import type {
  CreateFunderInput,
  CreateProductInput,
  UpdateFunderInput,
  UpdateProductInput,
} from './reference.schema';

export interface FunderRecord {
  id: bigint;
  code: string;
  name: string;
  type: 'bank' | 'trust' | 'self' | 'other';
  status: 'active' | 'inactive';
  loanCount: number;
  createdAt: Date;
  updatedAt: Date;
}

export interface ProductRecord {
  id: bigint;
  code: string;
  name: string;
  businessLine: 'lease' | 'consumer' | 'supply_chain';
  repaymentMethod: RepaymentMethod;
  dayCount: DayCount;
  graceDays: number;
  allowPartial: boolean;
  status: 'active' | 'inactive';
  loanCount: number;
  createdAt: Date;
  updatedAt: Date;
}

export interface BusinessLineRecord {
  code: BusinessLine;
  /** "0.36": contract rate plus any daily charge, a year, at most this. */
  allInAnnualCeiling: string;
  updatedAt: Date;
}

export interface ReferenceRepo {
  listBusinessLines(): Promise<BusinessLineRecord[]>;
  /** false: no such line. */
  updateBusinessLine(code: BusinessLine, allInAnnualCeiling: string): Promise<boolean>;
  listFunders(): Promise<FunderRecord[]>;
  findFunder(code: string): Promise<FunderRecord | null>;
  insertFunder(input: CreateFunderInput): Promise<FunderRecord | null>;
  updateFunder(input: UpdateFunderInput): Promise<void>;
  listProducts(): Promise<ProductRecord[]>;
  findProduct(code: string): Promise<ProductRecord | null>;
  insertProduct(input: CreateProductInput): Promise<ProductRecord | null>;
  updateProduct(input: UpdateProductInput): Promise<void>;
}
