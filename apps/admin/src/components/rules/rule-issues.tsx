'use client';
// The problems of a rule body, as the editor lists them above the form (or that it is valid).
import { Alert, type FormInstance } from 'antd';
import { useCallback, useRef, useState } from 'react';
import { formatPath, validateRuleBody } from '@repay/rules';
import type { RuleKind } from '@repay/rules/vocabulary';
import { useT, type Translate } from '@/i18n';
import { issueText } from '@/lib/issue-text';
import { ruleFieldLabel } from './rule-labels';

export interface Issue {
  field: string;
  path: (string | number)[];
  message: string;
  code?: string;
  params?: Record<string, string | number>;
}

/** "扣款时段 1 · 结束时间：时段结束时间须晚于开始时间（14:00–13:00）" */
export const issueLine = (t: Translate, kind: RuleKind, i: Issue) =>
  `${i.path.length > 0 ? `${ruleFieldLabel(t, kind, i.path)}：` : ''}${issueText(t, i)}`;

/** "charges[0].caps.min" → ['charges', 0, 'caps', 'min'] */
export const pathOf = (field: string) =>
  field
    .split(/\.|\[|\]/)
    .filter(Boolean)
    .map((p) => (/^\d+$/.test(p) ? Number(p) : p));

export function RuleIssues({ issues, kind }: { issues: Issue[]; kind: RuleKind }) {
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
            <li key={`${i.field}:${i.message}`}>{issueLine(t, kind, i)}</li>
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
  const t = useT();
  const [issues, setIssues] = useState<Issue[]>([]);
  const shownErrors = useRef<(string | number)[][]>([]);

  const showIssues = useCallback(
    (found: Issue[]) => {
      setIssues(found);
      const clear = shownErrors.current.map((name) => ({ name, errors: [] as string[] }));
      // Several problems at one field are all said there.
      const byField = new Map<string, { name: (string | number)[]; errors: string[] }>();
      for (const i of found) {
        const at = byField.get(i.field) ?? { name: i.path, errors: [] };
        at.errors.push(issueText(t, i));
        byField.set(i.field, at);
      }
      form.setFields([...clear, ...byField.values()]);
      shownErrors.current = found.map((i) => i.path);
    },
    [form, t],
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
              code: i.code,
              params: i.params,
            })),
      );
    },
    [kind, showIssues],
  );

  return { issues, showIssues, check };
}
