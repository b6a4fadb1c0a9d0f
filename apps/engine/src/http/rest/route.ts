// A REST route described once with zod: Fastify registers it, OpenAPI documents it.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { ApiPrincipal, ApiScope } from '../../modules/auth';

/**
 * Whose loans a call acts on, checked against the API key's funders before the handler runs:
 * - `loan`: one loan by orderNo; another funder's loan answers as an unknown one (404), so a
 *   key learns nothing of loans outside its funders;
 * - `binding`: a card binding id, the same for the binding's loan;
 * - `funder`: a funder named in the request (intake): another funder is 403 on `field`;
 * - `loans`: loans acted on together (a transfer): any of another funder is 403 on `field`.
 * null: the call touches no funder's data.
 */
export type RouteSubject =
  | { loan: string }
  | { binding: string }
  | { funder: string; field: string }
  | { loans: readonly string[]; field: string };

type RouteInput<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType> = {
  params: z.infer<P>;
  query: z.infer<Q>;
  body: z.infer<B>;
};

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
  /** The scope an API key needs; without it the call is 403 before its input is read. */
  scope: ApiScope;
  /** Whose loans the call acts on (see RouteSubject), from its validated input. */
  subject(input: RouteInput<P, Q, B>): RouteSubject | null;
  params?: P;
  /** A strict object: unknown query parameters are refused (none are accepted without it). */
  query?: Q;
  /** A strict object (unknown fields are refused), named with `nameSchemas`. */
  body?: B;
  /** Success schemas are named with `nameSchemas`; error statuses carry the error body. */
  responses: Record<number, { description: string; schema?: z.ZodType }>;
  handler(
    input: RouteInput<P, Q, B> & {
      principal: ApiPrincipal;
      request: FastifyRequest;
      reply: FastifyReply;
    },
  ): Promise<{ status: number; body: unknown }>;
}

export function defineRoute<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType>(
  route: RestRoute<P, Q, B>,
): RestRoute {
  return route;
}

/** The subject of a route on one loan by its path's orderNo. */
export const loanInPath = ({ params }: { params: { orderNo: string } }): RouteSubject => ({
  loan: params.orderNo,
});

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
