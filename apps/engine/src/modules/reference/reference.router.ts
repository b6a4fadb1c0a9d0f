import { router } from '../../trpc/init';
import { permittedProcedure } from '../../trpc/procedures';
import {
  createFunderInput,
  createProductInput,
  updateBusinessLineInput,
  updateFunderInput,
  updateProductInput,
} from './reference.schema';

export const referenceRouter = {
  businessLines: router({
    list: permittedProcedure('reference.read').query(({ ctx }) =>
      ctx.services.reference.listBusinessLines(),
    ),
    update: permittedProcedure('reference.write')
      .input(updateBusinessLineInput)
      .mutation(({ ctx, input }) => ctx.services.reference.updateBusinessLine(input, ctx.actor)),
  }),
  funders: router({
    list: permittedProcedure('reference.read').query(({ ctx }) =>
      ctx.services.reference.listFunders(),
    ),
    create: permittedProcedure('reference.write')
      .input(createFunderInput)
      .mutation(({ ctx, input }) => ctx.services.reference.createFunder(input, ctx.actor)),
    update: permittedProcedure('reference.write')
      .input(updateFunderInput)
      .mutation(({ ctx, input }) => ctx.services.reference.updateFunder(input, ctx.actor)),
  }),
  products: router({
    list: permittedProcedure('reference.read').query(({ ctx }) =>
      ctx.services.reference.listProducts(),
    ),
    create: permittedProcedure('reference.write')
      .input(createProductInput)
      .mutation(({ ctx, input }) => ctx.services.reference.createProduct(input, ctx.actor)),
    update: permittedProcedure('reference.write')
      .input(updateProductInput)
      .mutation(({ ctx, input }) => ctx.services.reference.updateProduct(input, ctx.actor)),
  }),
};
