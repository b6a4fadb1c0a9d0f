// A REST route described once with zod: Fastify registers it, OpenAPI documents it.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { ApiPrincipal } from '../../modules/auth';

export interface RestRoute<
  P extends z.ZodType = z.ZodType,
  Q extends z.ZodType = z.ZodType,
  B extends z.ZodType = z.ZodType,
> {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Fastify syntax under /api/v1, e.g. `/loans/:orderNo`. */
  path: string;
  summary: string;
  tag: string;
  params?: P;
  query?: Q;
  body?: B;
  responses: Record<number, { description: string; schema?: z.ZodType }>;
  handler(input: {
    params: z.infer<P>;
    query: z.infer<Q>;
    body: z.infer<B>;
    principal: ApiPrincipal;
    request: FastifyRequest;
    reply: FastifyReply;
  }): Promise<{ status: number; body: unknown }>;
}

export function defineRoute<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType>(
  route: RestRoute<P, Q, B>,
): RestRoute {
  return route;
}
