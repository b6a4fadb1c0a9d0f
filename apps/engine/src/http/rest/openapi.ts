// OpenAPI 3.1 document generated from the same zod schemas the routes validate with (zod 4's
// toJSONSchema over a registry): every named schema is one component, referenced by $ref, so
// client generators make one model per name instead of one per path.
import { z } from 'zod';
import { errorStatus } from '../../lib/errors';
import type { ApiScope } from '../../modules/auth';
import { namedSchemas, nameSchemas, type RestRoute } from './route';

/** What each scope lets a key do, for the document's readers. */
export const API_SCOPE_DESCRIPTIONS: Record<ApiScope, string> = {
  'loans:write': 'loan intake',
  'loans:read': 'loans, their plans and debits',
  'collections:write':
    'pause, resume, offline repayments, reschedule, settlement quotes and settle',
  'cards:write': 'bind and unbind cards',
  'transfers:write': 'asset transfers of loans of its funders',
  'payouts:write': 'payouts on its funders’ accounts (create and read)',
};

const fieldIssue = z.object({ field: z.string(), message: z.string() });
const errorDetail = z.object({
  code: z
    .string()
    .describe(`what went wrong, for programs: one of ${Object.keys(errorStatus).join(', ')}`),
  message: z.string().describe('what went wrong, for people'),
  field: z
    .string()
    .optional()
    .describe('the request field at fault as a dotted path, e.g. "borrower.idNo"'),
  issues: z.array(fieldIssue).optional().describe('every field at fault, when there are several'),
});
/** The body of every error answer (AppError.toBody). */
export const errorBody = z.object({ error: errorDetail });
nameSchemas({ Error: errorBody, ErrorDetail: errorDetail, FieldIssue: fieldIssue });

const schemaRef = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const errorContent = { 'application/json': { schema: schemaRef('Error') } };

/** Errors any call can meet, declared once as components/responses. */
const sharedErrors = {
  400: {
    name: 'BadRequest',
    description:
      'malformed JSON, or an invalid or unknown field or query parameter (error.field names it)',
  },
  401: {
    name: 'Unauthorized',
    description:
      'a missing, stale or wrong signature, an unknown or revoked key, or a reused nonce',
  },
  403: {
    name: 'Forbidden',
    description:
      "the key lacks the operation's scope (x-required-scope), or the request names a funder the key may not act for (error.field names it)",
  },
  500: { name: 'InternalError', description: 'an unexpected failure on the server' },
} as const;

/** The four signed headers; a call must carry all of them (one security requirement). */
const authHeaders = {
  RepayKey: {
    header: 'X-Repay-Key',
    description:
      'the API key id. A key holds scopes (each operation names the one it needs in ' +
      'x-required-scope) and is limited to some funders or all: a loan of another funder ' +
      'answers 404 as an unknown one. Scopes: ' +
      Object.entries(API_SCOPE_DESCRIPTIONS)
        .map(([scope, what]) => `${scope} (${what})`)
        .join('; '),
  },
  RepayTimestamp: {
    header: 'X-Repay-Timestamp',
    description: 'unix seconds; refused outside ±300 s of the server clock',
  },
  RepayNonce: {
    header: 'X-Repay-Nonce',
    description: 'unique per call and key, at most 128 characters',
  },
  RepaySignature: {
    header: 'X-Repay-Signature',
    description:
      'lowercase hex HMAC-SHA256, keyed with the secret of the key, of ' +
      'METHOD\\nPATH_WITH_QUERY\\nTIMESTAMP\\nNONCE\\nSHA256_HEX(BODY) (the hash of "" without a body)',
  },
};

const tagDescriptions: Record<string, string> = {
  Loans: 'Business orders synced from upstream, with their repayment plans and debits',
  Collections: 'Post-loan operations on one loan: pause, offline repayment, reschedule, settle',
  Cards: 'Binding and unbinding the card a loan is debited from, at the channels',
  'Asset transfer': 'Selling loans to another funder from a cut-off date',
  Payouts: 'Paying payees on a funder’s account (代付), sent as positions allow',
};

const jsonSchemaOptions = {
  target: 'draft-2020-12',
  // Request fields as clients send them; responses too, so that their objects stay open to
  // fields added later (zod's output mode would close them with additionalProperties: false).
  io: 'input',
  unrepresentable: 'any',
} as const;

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
    const json = z.toJSONSchema(schema, jsonSchemaOptions) as {
      properties?: Record<string, { description?: string }>;
      required?: string[];
    };
    for (const [name, prop] of Object.entries(json.properties ?? {})) {
      out.push({
        name,
        in: where,
        required: where === 'path' || (json.required ?? []).includes(name),
        ...(prop.description ? { description: prop.description } : {}),
        schema: prop,
      });
    }
  }
  return out;
}

function nameOf(schema: z.ZodType, where: string): string {
  const name = namedSchemas().get(schema);
  if (!name) throw new Error(`${where}: name its schema with nameSchemas`);
  return name;
}

function operation(route: RestRoute) {
  const responses: Record<string, object> = {};
  for (const [status, response] of Object.entries(route.responses)) {
    const schema = response.schema
      ? schemaRef(nameOf(response.schema, `${route.operationId} ${status}`))
      : Number(status) >= 400
        ? schemaRef('Error')
        : undefined;
    responses[status] = {
      description: response.description,
      ...(schema ? { content: { 'application/json': { schema } } } : {}),
    };
  }
  for (const [status, shared] of Object.entries(sharedErrors)) {
    responses[status] ??= { $ref: `#/components/responses/${shared.name}` };
  }
  return {
    operationId: route.operationId,
    summary: route.summary,
    description: `Requires an API key with the scope \`${route.scope}\` (${API_SCOPE_DESCRIPTIONS[route.scope]}).`,
    'x-required-scope': route.scope,
    tags: [route.tag],
    parameters: parameters(route),
    ...(route.body
      ? {
          requestBody: {
            required: true,
            content: {
              'application/json': { schema: schemaRef(nameOf(route.body, route.operationId)) },
            },
          },
        }
      : {}),
    responses,
  };
}

/** Component schemas: every named schema the paths reach, directly or through another. */
function componentSchemas(paths: object) {
  const registry = z.registry<{ id: string }>();
  for (const [schema, name] of namedSchemas()) registry.add(schema, { id: name });
  const { schemas } = z.toJSONSchema(registry, {
    ...jsonSchemaOptions,
    uri: (id) => `#/components/schemas/${id}`,
  }) as { schemas: Record<string, Record<string, unknown>> };
  const reached = new Map<string, object>();
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (!node || typeof node !== 'object') return;
    for (const [key, value] of Object.entries(node)) {
      const name =
        key === '$ref' && typeof value === 'string'
          ? /^#\/components\/schemas\/(.+)$/.exec(value)?.[1]
          : undefined;
      if (name && !reached.has(name)) {
        const { $schema: _dialect, $id: _id, ...schema } = schemas[name] ?? {};
        if (!schemas[name]) throw new Error(`no component schema ${name}`);
        reached.set(name, schema);
        visit(schema);
      } else visit(value);
    }
  };
  visit(paths);
  visit({ $ref: '#/components/schemas/Error' });
  return Object.fromEntries([...reached].sort(([a], [b]) => a.localeCompare(b)));
}

export function buildOpenApiDocument(routes: RestRoute[], version: string) {
  const paths: Record<string, Record<string, object>> = {};
  for (const route of routes) {
    (paths[`/api/v1${openApiPath(route.path)}`] ??= {})[route.method.toLowerCase()] =
      operation(route);
  }
  const tags = [...new Set(routes.map((r) => r.tag))];
  return {
    openapi: '3.1.0',
    info: {
      title: 'Repay upstream API',
      version,
      description:
        'Amounts are yuan decimal strings with two places ("5307.27"); dates YYYY-MM-DD ' +
        '(Asia/Shanghai business dates); instants ISO 8601. Every call is signed with the four ' +
        'X-Repay-* headers (see the security schemes). Errors answer {"error": {"code", ' +
        '"message", "field"}}; a refused call changes nothing. Unknown fields are refused (400).',
      license: { name: 'Apache-2.0', identifier: 'Apache-2.0' },
    },
    servers: [{ url: '/', description: 'the engine that serves this document' }],
    security: [Object.fromEntries(Object.keys(authHeaders).map((name) => [name, []]))],
    tags: tags.map((name) => ({
      name,
      ...(tagDescriptions[name] ? { description: tagDescriptions[name] } : {}),
    })),
    paths,
    components: {
      securitySchemes: Object.fromEntries(
        Object.entries(authHeaders).map(([name, { header, description }]) => [
          name,
          { type: 'apiKey', in: 'header', name: header, description },
        ]),
      ),
      responses: Object.fromEntries(
        Object.values(sharedErrors).map(({ name, description }) => [
          name,
          { description, content: errorContent },
        ]),
      ),
      schemas: componentSchemas(paths),
    },
  };
}
