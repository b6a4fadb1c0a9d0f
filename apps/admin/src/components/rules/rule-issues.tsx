'use client';
// The problems of a rule body, as the editor lists them above the form (or that it is valid).
import { Alert, type FormInstance } from 'antd';
import { useCallback, useRef, useState } from 'react';
import { formatPath, validateRuleBody } from '@repay/rules';
import type { RuleKind } from '@repay/rules/vocabulary';
import { useT } from '@/i18n';

export interface Issue {
  field: string;
  path: (string | number)[];
  message: string;
}

/** "charges[0].caps.min" → ['charges', 0, 'caps', 'min'] */
export const pathOf = (field: string) =>
  field
    .split(/\.|\[|\]/)
    .filter(Boolean)
    .map((p) => (/^\d+$/.test(p) ? Number(p) : p));

export function RuleIssues({ issues }: { issues: Issue[] }) {
  const t = useT();
  if (issues.length === 0)
    return <Alert type="success" showIcon style={{ marginBottom: 12 }} title={t('rules.valid')} />;
  return (
    <Alert
      type="error"
      showIcon
      style={{ marginBottom: 12 }}
      title={t('rules.issues', { count: issues.length })}
      description={
        <ul style={{ margin: 0, paddingLeft: 18 }} data-testid="rule-issues">
          {issues.map((i) => (
            <li key={`${i.field}:${i.message}`}>
              <code>{i.field || '(rule)'}</code> {i.message}
            </li>
          ))}
        </ul>
      }
    />
  );
}

/**
 * A body's problems, checked in the browser by the same @repay/rules code the engine runs
 * (`check`) or as the engine found them (`showIssues`): each at its field when the form
 * renders that path, all of them in the list.
 */
export function useRuleChecks(form: FormInstance, kind: RuleKind) {
  const [issues, setIssues] = useState<Issue[]>([]);
  const shownErrors = useRef<(string | number)[][]>([]);

  const showIssues = useCallback(
    (found: Issue[]) => {
      setIssues(found);
      const clear = shownErrors.current.map((name) => ({ name, errors: [] as string[] }));
      const set = found.map((i) => ({ name: i.path, errors: [i.message] }));
      form.setFields([...clear, ...set]);
      shownErrors.current = found.map((i) => i.path);
    },
    [form],
  );

  const check = useCallback(
    (value: unknown) => {
      const result = validateRuleBody(kind, value);
      showIssues(
        result.ok
          ? []
          : result.issues.map((i) => ({
              field: formatPath(i.path),
              path: i.path,
              message: i.message,
            })),
      );
    },
    [kind, showIssues],
  );

  return { issues, showIssues, check };
}
