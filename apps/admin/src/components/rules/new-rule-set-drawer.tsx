'use client';
// A new rule set: its kind (those the user authors), scope and name; its first draft is the
// kind's template, and the new set opens once made.
import { Form, Input, Select } from 'antd';
import { useRouter } from 'next/navigation';
import { RULE_KINDS, RULE_SCOPES, type RuleKind } from '@repay/rules/vocabulary';
import { EditDrawer } from '@/components/kit';
import { useT } from '@/i18n';
import { businessLines, useEnumOptions, useReferenceOptions } from '@/lib/options';
import { useTRPC } from '@/lib/trpc';
import { ruleTemplates } from './templates';

interface NewRuleSet {
  kind: RuleKind;
  scopeType: (typeof RULE_SCOPES)[number];
  scopeKey?: string;
  name: string;
  description?: string;
}

export function NewRuleSetDrawer(props: {
  open: boolean;
  onClose: () => void;
  authorKinds: readonly string[];
}) {
  const t = useT();
  const trpc = useTRPC();
  const router = useRouter();
  const kindOptions = useEnumOptions('ruleKind', RULE_KINDS).filter((o) =>
    props.authorKinds.includes(o.value),
  );
  const scopeOptions = useEnumOptions('ruleScope', RULE_SCOPES);
  const required = [{ required: true, message: t('common.required') }];

  return (
    <EditDrawer
      title={t('rules.create')}
      open={props.open}
      initialValues={{ kind: kindOptions[0]?.value, scopeType: 'global' }}
      onClose={props.onClose}
      mutation={trpc.rules.create.mutationOptions()}
      input={(v: NewRuleSet) => ({
        kind: v.kind,
        scopeType: v.scopeType,
        scopeKey: v.scopeType === 'global' ? '*' : (v.scopeKey ?? ''),
        name: v.name,
        description: v.description,
        body: ruleTemplates[v.kind],
      })}
      invalidate={[trpc.rules.list.queryKey()]}
      onSuccess={(created) => router.push(`/rules/${created.set.id}`)}
    >
      {() => (
        <>
          <Form.Item name="kind" label={t('rules.kind')} rules={required}>
            <Select options={kindOptions} />
          </Form.Item>
          <Form.Item name="scopeType" label={t('rules.scope')} rules={[{ required: true }]}>
            <Select options={scopeOptions} />
          </Form.Item>
          <ScopeKeyField />
          <Form.Item name="name" label={t('rules.name')} rules={[...required, { max: 60 }]}>
            <Input />
          </Form.Item>
          <Form.Item name="description" label={t('rules.description')}>
            <Input.TextArea rows={2} maxLength={500} />
          </Form.Item>
        </>
      )}
    </EditDrawer>
  );
}

/** The business line, funder or product the scope names (none for a global one). */
function ScopeKeyField() {
  const t = useT();
  const lineOptions = useEnumOptions('businessLine', businessLines);
  const { funders, products } = useReferenceOptions();
  const scope = Form.useWatch('scopeType', Form.useFormInstance()) as NewRuleSet['scopeType'];
  if (!scope || scope === 'global') return null;
  const options = scope === 'business_line' ? lineOptions : scope === 'funder' ? funders : products;
  return (
    <Form.Item
      name="scopeKey"
      label={t(`enum.ruleScope.${scope}`)}
      rules={[{ required: true, message: t('common.required') }]}
    >
      <Select options={options} showSearch />
    </Form.Item>
  );
}
