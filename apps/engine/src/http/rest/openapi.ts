// OpenAPI 3.1 document generated from the same zod schemas the routes validate with.
import { z } from 'zod';
import type { RestRoute } from './route';

const errorSchema = z.object({
  error: z.object({ code: z.string(), message: z.string(), field: z.string().optional() }),
});

const jsonSchema = (schema: z.ZodType) =>
  z.toJSONSchema(schema, { target: 'draft-2020-12', io: 'input', unrepresentable: 'any' });

function openApiPath(path: string): string {
  return path.replace(/:([A-Za-z]+)/g, '{$1}');
}

function parameters(route: RestRoute) {
  const out: object[] = [];
  for (const [where, schema] of [
    ['path', route.params],
    ['query', route.query],
  ] as const) {
    if (!schema) continue;
    const json = jsonSchema(schema) as { properties?: Record<string, object>; required?: string[] };
    for (const [name, prop] of Object.entries(json.properties ?? {})) {
      out.push({
        name,
        in: where,
        required: where === 'path' || (json.required ?? []).includes(name),
        schema: prop,
      });
    }
  }
  return out;
}

const authHeaders = ['X-Repay-Key', 'X-Repay-Timestamp', 'X-Repay-Nonce', 'X-Repay-Signature'];

export function buildOpenApiDocument(routes: RestRoute[], version: string) {
  const paths: Record<string, Record<string, object>> = {};
  for (const route of routes) {
    const path = `/api/v1${openApiPath(route.path)}`;
    const responses: Record<string, object> = {};
    for (const [status, response] of Object.entries(route.responses)) {
      responses[status] = {
        description: response.description,
        ...(response.schema
          ? { content: { 'application/json': { schema: jsonSchema(response.schema) } } }
          : {}),
      };
    }
    const common: [string, string][] = [
      ['400', 'malformed or invalid input; error.field names the field'],
      ['401', 'missing, stale or wrong signature'],
    ];
    for (const [status, description] of common) {
      responses[status] ??= {
        description,
        content: { 'application/json': { schema: jsonSchema(errorSchema) } },
      };
    }
    (paths[path] ??= {})[route.method.toLowerCase()] = {
      summary: route.summary,
      tags: [route.tag],
      security: [{ repaySignature: [] }],
      parameters: parameters(route),
      ...(route.body
        ? {
            requestBody: {
              required: true,
              content: { 'application/json': { schema: jsonSchema(route.body) } },
            },
          }
        : {}),
      responses,
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Repay upstream API',
      version,
      description:
        'Amounts are yuan strings with two decimals; dates YYYY-MM-DD (Asia/Shanghai). ' +
        `Every call carries ${authHeaders.join(', ')}: signature = hex HMAC-SHA256(secret, ` +
        'METHOD\\nPATH_WITH_QUERY\\nTIMESTAMP\\nNONCE\\nSHA256_HEX(BODY)).',
    },
    servers: [{ url: '/' }],
    components: {
      securitySchemes: {
        repaySignature: { type: 'apiKey', in: 'header', name: 'X-Repay-Signature' },
      },
      schemas: { Error: jsonSchema(errorSchema) },
    },
    paths,
  };
}
