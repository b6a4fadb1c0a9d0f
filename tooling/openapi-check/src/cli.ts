// `pnpm --filter @repay/openapi-check check <url or file>`: the document check against a running
// engine (http://127.0.0.1:4000/api/v1/openapi.json) or a saved document.
import { readFileSync } from 'node:fs';
import { checkDocument } from './index';

const source = process.argv[2];
if (!source) {
  console.error('usage: check <openapi.json URL or file>');
  process.exit(2);
}
const document = (
  /^https?:\/\//.test(source)
    ? await (await fetch(source)).json()
    : JSON.parse(readFileSync(source, 'utf8'))
) as object;
const result = await checkDocument(document);
console.log(result.typeErrors ? `tsc --strict:\n${result.typeErrors}` : 'tsc --strict: ok');
for (const p of [...result.lint.errors, ...result.lint.warnings])
  console.log(`${p.severity} ${p.ruleId} ${p.pointer}: ${p.message}`);
console.log(
  `redocly lint: ${result.lint.errors.length} errors, ${result.lint.warnings.length} warnings`,
);
process.exit(result.typeErrors || result.lint.errors.length ? 1 : 0);
