'use client';
// 添加账户: a funder's settlement account (bank, number, name; the engine keeps them sealed and
// shows masks only), the default one remittances go to when asked.
import { Checkbox, Form, Input, Select } from 'antd';
import { BANK_CODES } from '@repay/rules';
import { MutationModalButton } from '@/components/kit';
import { enumLabel, useT } from '@/i18n';
import { useReferenceOptions } from '@/lib/options';
import { useTRPC, type RouterInputs } from '@/lib/trpc';

type Values = RouterInputs['payouts']['addFunderAccount'];

export function AddFunderAccountAction() {
  const t = useT();
  const trpc = useTRPC();
  const { funders } = useReferenceOptions();
  const banks = BANK_CODES.map((value) => ({ value, label: enumLabel(t, 'bank', value) }));
  return (
    <MutationModalButton
      button={{ label: t('funderAccounts.add'), type: 'primary' }}
      initialValues={{ isDefault: false }}
      mutation={trpc.payouts.addFunderAccount.mutationOptions()}
      input={(v: Values) => ({
        ...v,
        accountNo: v.accountNo.trim(),
        accountName: v.accountName.trim(),
      })}
      invalidate={[trpc.payouts.funderAccounts.pathKey()]}
    >
      <Form.Item name="funderCode" label={t('funderAccounts.funder')} rules={[{ required: true }]}>
        <Select options={funders} showSearch />
      </Form.Item>
      <Form.Item name="bankCode" label={t('funderAccounts.bank')} rules={[{ required: true }]}>
        <Select options={banks} />
      </Form.Item>
      <Form.Item
        name="accountNo"
        label={t('funderAccounts.accountNo')}
        rules={[{ required: true, pattern: /^\s*\d{8,30}\s*$/ }]}
      >
        <Input inputMode="numeric" autoComplete="off" />
      </Form.Item>
      <Form.Item
        name="accountName"
        label={t('funderAccounts.accountName')}
        rules={[{ required: true, whitespace: true, max: 60 }]}
      >
        <Input autoComplete="off" />
      </Form.Item>
      <Form.Item name="isDefault" valuePropName="checked">
        <Checkbox>{t('funderAccounts.isDefault')}</Checkbox>
      </Form.Item>
    </MutationModalButton>
  );
}
