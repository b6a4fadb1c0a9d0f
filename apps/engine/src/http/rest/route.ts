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
  /** camelCase, stable: generated clients name their methods after it. */
  operationId: string;
  summary: string;
  tag: string;
  params?: P;
  /** A strict object: unknown query parameters are refused (none are accepted without it). */
  query?: Q;
  /** A strict object (unknown fields are refused), named with `nameSchemas`. */
  body?: B;
  /** Success schemas are named with `nameSchemas`; error statuses carry the error body. */
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

const schemaNames = new Map<z.ZodType, string>();

/**
 * Names schemas of the REST contract: each becomes `components/schemas/<Name>` of the OpenAPI
 * document and is referenced wherever it appears, so generators make one model per name.
 */
export function nameSchemas(named: Record<string, z.ZodType>): void {
  const taken = new Map([...schemaNames].map(([schema, name]) => [name, schema]));
  for (const [name, schema] of Object.entries(named)) {
    const before = schemaNames.get(schema);
    if ((before && before !== name) || (taken.has(name) && taken.get(name) !== schema))
      throw new Error(`schema name ${name} is given twice (or its schema has another name)`);
    schemaNames.set(schema, name);
  }
}

export const namedSchemas = (): ReadonlyMap<z.ZodType, string> => schemaNames;
