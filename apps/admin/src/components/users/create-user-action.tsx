'use client';
// 新建用户: name, display name, role and the reason; the engine generates the first password,
// shown once, to be changed at the first sign-in.
import { PlusOutlined } from '@ant-design/icons';
import { Form, Input } from 'antd';
import { MutationModalButton, ReasonField } from '@/components/kit';
import { useT } from '@/i18n';
import { useTRPC, type RouterInputs } from '@/lib/trpc';
import { RoleField } from './role-select';
import { useShowTemporaryPassword } from './temporary-password';

type NewUser = RouterInputs['users']['create'];

export function CreateUserAction() {
  const t = useT();
  const trpc = useTRPC();
  const showPassword = useShowTemporaryPassword();
  return (
    <MutationModalButton
      button={{ label: t('users.create'), type: 'primary', icon: <PlusOutlined /> }}
      mutation={trpc.users.create.mutationOptions()}
      input={(values: NewUser) => values}
      initialValues={{ role: 'ops' }}
      invalidate={[trpc.users.list.queryKey()]}
      success={(_result, values) => t('users.created', { username: values.username })}
      onSuccess={(result, values) => showPassword(values.username, result.temporaryPassword)}
    >
      <Form.Item
        name="username"
        label={t('users.username')}
        rules={[
          { required: true, message: t('common.required') },
          { pattern: /^[A-Za-z0-9][A-Za-z0-9._-]{1,63}$/, message: t('users.usernameRule') },
        ]}
      >
        <Input autoComplete="off" />
      </Form.Item>
      <Form.Item
        name="displayName"
        label={t('users.displayName')}
        rules={[{ required: true, whitespace: true, max: 64, message: t('common.required') }]}
      >
        <Input autoComplete="off" />
      </Form.Item>
      <RoleField label={t('users.role')} />
      <ReasonField label={t('users.reason')} />
    </MutationModalButton>
  );
}
