'use client';
// The five roles (modules/auth/permissions.ts on the engine), by their names.
import { USER_ROLES } from '@repay/rules';
import { Form, Select } from 'antd';
import { useT, type MessageKey } from '@/i18n';

export function RoleField(props: { label: string }) {
  const t = useT();
  return (
    <Form.Item name="role" label={props.label} rules={[{ required: true }]}>
      <Select
        options={USER_ROLES.map((role) => ({
          value: role,
          label: t(`role.${role}` as MessageKey),
        }))}
      />
    </Form.Item>
  );
}
