// Checks an OpenAPI document the way client generators use it: a TypeScript client generated
// with openapi-typescript must compile a typed usage (client/usage.ts) under tsc --strict, and
// Redocly's linter (redocly.yaml) must find no error. Also: a checker of live answers against
// the document, with every object closed, so that an answer field the document lacks is caught.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import openapiTS, { astToString, type OpenAPI3 } from 'openapi-typescript';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);

export interface LintProblem {
  ruleId: string;
  severity: 'error' | 'warn';
  message: string;
  pointer: string;
}

export interface DocumentCheck {
  /** tsc --strict over client/usage.ts and the generated client: its output, empty when fine. */
  typeErrors: string;
  lint: { errors: LintProblem[]; warnings: LintProblem[] };
}

function run(args: string[], env: NodeJS.ProcessEnv = process.env) {
  const result = spawnSync(process.execPath, args, { cwd: root, env, encoding: 'utf8' });
  return {
    status: result.status,
    stdout: result.stdout,
    output: `${result.stdout}${result.stderr}`,
  };
}

/** Writes the generated client to client/generated/repay-api.ts (ignored by git). */
export async function generateClient(document: object): Promise<string> {
  const ast = await openapiTS(document as OpenAPI3, { silent: true });
  const out = join(root, 'client', 'generated', 'repay-api.ts');
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, astToString(ast));
  return out;
}

export function compileClientUsage(): string {
  const tsc = require.resolve('typescript/bin/tsc');
  const result = run([tsc, '-p', join(root, 'client', 'tsconfig.json')]);
  return result.status === 0 ? '' : result.output;
}

export function lintDocument(document: object): DocumentCheck['lint'] {
  const dir = mkdtempSync(join(tmpdir(), 'openapi-check-'));
  try {
    const file = join(dir, 'openapi.json');
    writeFileSync(file, JSON.stringify(document, null, 2));
    const cli = join(dirname(require.resolve('@redocly/cli/package.json')), 'bin', 'cli.js');
    const config = join(root, 'redocly.yaml');
    const env = {
      ...process.env,
      // No network here: no usage reports, no version check.
      REDOCLY_TELEMETRY: 'off',
      REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true',
    };
    const result = run(
      [cli, 'lint', file, '--config', config, '--format=json', '--max-problems=10000'],
      env,
    );
    const start = result.stdout.indexOf('{');
    if (start < 0) throw new Error(`redocly lint gave no report:\n${result.output}`);
    const report = JSON.parse(result.stdout.slice(start)) as {
      problems: {
        ruleId: string;
        severity: 'error' | 'warn';
        message: string;
        location: { pointer: string }[];
      }[];
    };
    const problems = report.problems.map((p) => ({
      ruleId: p.ruleId,
      severity: p.severity,
      message: p.message,
      pointer: p.location[0]?.pointer ?? '',
    }));
    return {
      errors: problems.filter((p) => p.severity === 'error'),
      warnings: problems.filter((p) => p.severity !== 'error'),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function checkDocument(document: object): Promise<DocumentCheck> {
  await generateClient(document);
  return { typeErrors: compileClientUsage(), lint: lintDocument(document) };
}

type Json = Record<string, unknown>;

/** Every object schema closed (additionalProperties: false) unless it says otherwise. */
function closed(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(closed);
  if (!node || typeof node !== 'object') return node;
  const copy: Json = Object.fromEntries(Object.entries(node).map(([k, v]) => [k, closed(v)]));
  if (copy.type === 'object' && copy.properties && copy.additionalProperties === undefined)
    copy.additionalProperties = false;
  return copy;
}

/**
 * A checker of answers: (operationId, status, body) → the ways the body departs from what the
 * document declares for that status, empty when it conforms.
 */
export function answerChecker(document: object) {
  const doc = document as {
    paths: Record<string, Record<string, { operationId: string; responses: Json }>>;
    components: { schemas: Json; responses: Json };
  };
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema({ $id: 'repay', components: { schemas: closed(doc.components.schemas) } });
  const operations = new Map(
    Object.values(doc.paths).flatMap((item) =>
      Object.values(item).map((op) => [op.operationId, op]),
    ),
  );
  return (operationId: string, status: number, body: unknown): string[] => {
    const op = operations.get(operationId);
    if (!op) return [`no operation ${operationId}`];
    let response = op.responses[String(status)] as Json | undefined;
    const sharedRef = typeof response?.$ref === 'string' ? response.$ref : '';
    const shared = /^#\/components\/responses\/(.+)$/.exec(sharedRef)?.[1];
    if (shared) response = doc.components.responses[shared] as Json;
    if (!response) return [`${operationId} does not declare status ${status}`];
    const content = response.content as Record<string, { schema: { $ref?: string } }> | undefined;
    const ref = content?.['application/json']?.schema.$ref;
    if (!ref) return body == null ? [] : [`${operationId} ${status} declares no body`];
    const validate = ajv.getSchema(`repay${ref}`);
    if (!validate) return [`no schema ${ref}`];
    return validate(body)
      ? []
      : (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`.trim());
  };
}
