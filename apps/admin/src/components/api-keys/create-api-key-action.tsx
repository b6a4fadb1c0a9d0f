'use client';
// 新建密钥: name, funders (all, those added later included, or some), scopes (all checked to
// begin with) and the reason; the secret is shown once.
import { PlusOutlined } from '@ant-design/icons';
import { API_SCOPES } from '@repay/rules/vocabulary';
import { Checkbox, Form, Input, Radio, Select } from 'antd';
import { MutationModalButton, ReasonField } from '@/components/kit';
import { useT } from '@/i18n';
import { useEnumOptions, useReferenceOptions } from '@/lib/options';
import { useTRPC, type RouterInputs } from '@/lib/trpc';
import { useShowApiKeySecret } from './secret-modal';

type Scope = RouterInputs['apiKeys']['create']['scopes'][number];

interface Values {
  name: string;
  funders: 'all' | 'some';
  funderCodes?: string[];
  scopes: Scope[];
  reason: string;
}

export function CreateApiKeyAction() {
  const t = useT();
  const trpc = useTRPC();
  const reference = useReferenceOptions();
  const scopeOptions = useEnumOptions('apiScope', API_SCOPES);
  const showSecret = useShowApiKeySecret();
  return (
    <MutationModalButton
      button={{ label: t('apiKeys.create'), type: 'primary', icon: <PlusOutlined /> }}
      mutation={trpc.apiKeys.create.mutationOptions()}
      input={(v: Values) => ({
        name: v.name.trim(),
        scopes: v.scopes,
        funderCodes: v.funders === 'all' ? null : (v.funderCodes ?? []),
        reason: v.reason.trim(),
      })}
      initialValues={{ funders: 'all', scopes: [...API_SCOPES] }}
      invalidate={[trpc.apiKeys.list.queryKey()]}
      success={(result) => t('apiKeys.created', { key: result.key })}
      onSuccess={(result) => showSecret(result.key, result.secret)}
    >
      <Form.Item
        name="name"
        label={t('apiKeys.name')}
        extra={t('apiKeys.nameHelp')}
        rules={[{ required: true, whitespace: true, max: 100, message: t('common.required') }]}
      >
        <Input autoComplete="off" />
      </Form.Item>
      <Form.Item name="funders" label={t('apiKeys.funders')} extra={t('apiKeys.allFundersHelp')}>
        <Radio.Group
          options={[
            { value: 'all', label: t('apiKeys.allFunders') },
            { value: 'some', label: t('apiKeys.someFunders') },
          ]}
        />
      </Form.Item>
      <Form.Item noStyle dependencies={['funders']}>
        {({ getFieldValue }) =>
          getFieldValue('funders') === 'some' && (
            <Form.Item
              name="funderCodes"
              rules={[
                { required: true, type: 'array', min: 1, message: t('apiKeys.fundersRequired') },
              ]}
            >
              <Select
                mode="multiple"
                aria-label={t('apiKeys.funders')}
                options={reference.funders}
                showSearch={{ optionFilterProp: 'label' }}
              />
            </Form.Item>
          )
        }
      </Form.Item>
      <Form.Item
        name="scopes"
        label={t('apiKeys.scopes')}
        rules={[{ required: true, type: 'array', min: 1, message: t('apiKeys.scopesRequired') }]}
      >
        <Checkbox.Group options={scopeOptions} />
      </Form.Item>
      <ReasonField label={t('apiKeys.reason')} />
    </MutationModalButton>
  );
}
