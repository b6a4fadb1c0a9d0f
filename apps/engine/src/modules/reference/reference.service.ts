// Funders, products and business lines: the reference data loans point at, edited by
// pm/admin, audited.
import { Dec } from '@repay/rules';
import { AppError, notFound } from '../../lib/errors';
import { shallowDiff, type Actor, type AuditLog } from '../events';
import type {
  CreateFunderInput,
  CreateProductInput,
  UpdateBusinessLineInput,
  UpdateFunderInput,
  UpdateProductInput,
} from './reference.schema';
import type { Transactor } from '../../lib/transaction';
import type { FunderRecord, ProductRecord, ReferenceRepo } from './reference.types';

const view = <T extends { id: bigint; createdAt: Date; updatedAt: Date }>(r: T) => {
  const { id: _id, ...rest } = r;
  return { ...rest, createdAt: r.createdAt.toISOString(), updatedAt: r.updatedAt.toISOString() };
};

export function createReferenceService(deps: {
  repo: ReferenceRepo;
  transaction: Transactor<{ reference: ReferenceRepo; audit: AuditLog }>;
}) {
  const { repo, transaction } = deps;

  const record = (
    audit: AuditLog,
    actor: Actor,
    action: string,
    entityType: string,
    entityId: string,
    diff: unknown,
  ) =>
    audit.record({ actorType: actor.type, actorId: actor.id, action, entityType, entityId, diff });

  return {
    /** Each business line with its all-in annual ceiling (every fee rule is held to it). */
    listBusinessLines: async () =>
      (await repo.listBusinessLines()).map((l) => ({ ...l, updatedAt: l.updatedAt.toISOString() })),

    /**
     * A new ceiling applies at once: accrual caps every daily charge at it from the next day,
     * and fee rules are checked against it when saved. Audited with the reason.
     */
    updateBusinessLine: (input: UpdateBusinessLineInput, actor: Actor) =>
      transaction(async ({ reference, audit }) => {
        const ceiling = new Dec(input.allInAnnualCeiling).toString(); // "0.240" is "0.24"
        const before = (await reference.listBusinessLines()).find((l) => l.code === input.code);
        if (!before || !(await reference.updateBusinessLine(input.code, ceiling)))
          throw notFound(`business line ${input.code}`, 'code');
        await audit.record({
          actorType: actor.type,
          actorId: actor.id,
          action: 'business_line.update',
          entityType: 'business_line',
          entityId: input.code,
          reason: input.reason,
          diff: {
            allInAnnualCeiling: { from: before.allInAnnualCeiling, to: ceiling },
          },
        });
        const after = (await reference.listBusinessLines()).find((l) => l.code === input.code)!;
        return { ...after, updatedAt: after.updatedAt.toISOString() };
      }),

    listFunders: async () => (await repo.listFunders()).map(view),
    listProducts: async () => (await repo.listProducts()).map(view),

    async requireActiveFunder(code: string): Promise<FunderRecord> {
      const funder = await repo.findFunder(code);
      if (!funder)
        throw new AppError('UNPROCESSABLE', `unknown funder ${code}`, { field: 'funderCode' });
      if (funder.status !== 'active')
        throw new AppError('UNPROCESSABLE', `funder ${code} is inactive`, { field: 'funderCode' });
      return funder;
    },

    async requireActiveProduct(code: string): Promise<ProductRecord> {
      const product = await repo.findProduct(code);
      if (!product)
        throw new AppError('UNPROCESSABLE', `unknown product ${code}`, { field: 'productCode' });
      if (product.status !== 'active')
        throw new AppError('UNPROCESSABLE', `product ${code} is inactive`, {
          field: 'productCode',
        });
      return product;
    },

    createFunder: (input: CreateFunderInput, actor: Actor) =>
      transaction(async ({ reference, audit }) => {
        const created = await reference.insertFunder(input);
        if (!created)
          throw new AppError('CONFLICT', `funder ${input.code} already exists`, { field: 'code' });
        await record(audit, actor, 'funder.create', 'funder', input.code, input);
        return view(created);
      }),

    updateFunder: (input: UpdateFunderInput, actor: Actor) =>
      transaction(async ({ reference, audit }) => {
        const before = await reference.findFunder(input.code);
        if (!before) throw notFound(`funder ${input.code}`, 'code');
        await reference.updateFunder(input);
        await record(
          audit,
          actor,
          'funder.update',
          'funder',
          input.code,
          shallowDiff(before, input),
        );
        return view((await reference.findFunder(input.code))!);
      }),

    createProduct: (input: CreateProductInput, actor: Actor) =>
      transaction(async ({ reference, audit }) => {
        const created = await reference.insertProduct(input);
        if (!created)
          throw new AppError('CONFLICT', `product ${input.code} already exists`, { field: 'code' });
        await record(audit, actor, 'product.create', 'product', input.code, input);
        return view(created);
      }),

    updateProduct: (input: UpdateProductInput, actor: Actor) =>
      transaction(async ({ reference, audit }) => {
        const before = await reference.findProduct(input.code);
        if (!before) throw notFound(`product ${input.code}`, 'code');
        // Loans copy their terms at intake, but their business line must keep matching the product's.
        if (
          input.businessLine &&
          input.businessLine !== before.businessLine &&
          before.loanCount > 0
        ) {
          throw new AppError(
            'UNPROCESSABLE',
            `product ${input.code} has loans; its business line cannot change`,
            {
              field: 'businessLine',
            },
          );
        }
        await reference.updateProduct(input);
        await record(
          audit,
          actor,
          'product.update',
          'product',
          input.code,
          shallowDiff(before, input),
        );
        return view((await reference.findProduct(input.code))!);
      }),
  };
}

export type ReferenceService = ReturnType<typeof createReferenceService>;
