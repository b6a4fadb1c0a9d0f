// One validation problem in the user's language: the engine (and @repay/rules in the browser)
// give a stable code and params; the dictionaries word them (issue.<code>). An unknown code
// falls back to the engine's own message.
import type { MessageKey, Translate } from '@/i18n';

export interface IssueLike {
  message: string;
  code?: string | null;
  params?: Record<string, string | number> | null;
}

/** Words of a code's parameter that are codes themselves (a format's or a type's name). */
function wordParams(t: Translate, code: string, params: Record<string, string | number>) {
  const out = { ...params };
  const nested = (prefix: string, value: string | number | undefined) => {
    if (value === undefined) return undefined;
    const key = `${prefix}.${value}` as MessageKey;
    const text = t(key);
    return text === key ? String(value) : text;
  };
  if (code === 'invalid_format') out.format = nested('issue.format', params.format) ?? '';
  if (code === 'invalid_type') out.expected = nested('issue.type', params.expected) ?? '';
  for (const k of ['type', 'want', 'got', 'expected'] as const)
    if (code.startsWith('condition_') || code.startsWith('formula_'))
      if (typeof params[k] === 'string') out[k] = nested('issue.type', params[k]) ?? '';
  return out;
}

export function issueText(t: Translate, issue: IssueLike): string {
  const code = issue.code;
  if (!code) return issue.message;
  const params = issue.params ?? {};
  // A syntax error says where when the parser knew.
  const keyCode =
    code === 'formula_syntax' && params.position !== undefined ? 'formula_syntax_at' : code;
  const key = `issue.${keyCode}` as MessageKey;
  const text = t(key, wordParams(t, code, params));
  return text === key ? issue.message : text;
}
