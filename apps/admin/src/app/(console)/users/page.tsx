'use client';
// 用户管理 (admin, users.manage): every console user with role, status and open sessions;
// create, change the role, disable or enable, reset the password, each with its reason.
import { useQuery } from '@tanstack/react-query';
import { Space, Tag } from 'antd';
import { DataTable, TitledCard, useColumns } from '@/components/kit';
import { CreateUserAction } from '@/components/users/create-user-action';
import { UserActions } from '@/components/users/user-actions';
import { useT, type MessageKey } from '@/i18n';
import { useMe } from '@/lib/session';
import { useTRPC, type RouterOutputs } from '@/lib/trpc';

type User = RouterOutputs['users']['list'][number];

export default function UsersPage() {
  const t = useT();
  const trpc = useTRPC();
  const me = useMe();
  const col = useColumns<User>();
  const users = useQuery(trpc.users.list.queryOptions());

  return (
    <TitledCard heading={t('users.title')} extra={<CreateUserAction />}>
      <DataTable<User>
        rowKey="id"
        loading={users.isLoading}
        dataSource={users.data ?? []}
        scroll={{ x: 1100 }}
        columns={[
          {
            title: t('users.username'),
            dataIndex: 'username',
            render: (v: string, row) => (
              <Space size={4}>
                <code>{v}</code>
                {row.id === me.id && t('users.you')}
              </Space>
            ),
          },
          col.text('users.displayName', 'displayName'),
          {
            title: t('users.role'),
            dataIndex: 'role',
            render: (v: string) => <Tag color="blue">{t(`role.${v}` as MessageKey)}</Tag>,
          },
          col.status('users.status', 'status', 'userStatus'),
          {
            title: t('users.mustChange'),
            dataIndex: 'mustChangePassword',
            render: (v: boolean) => (v ? <Tag color="orange">{t('enum.yes')}</Tag> : '—'),
          },
          col.count('users.sessions', 'sessions'),
          col.time('common.createdAt', 'createdAt'),
          col.time('common.updatedAt', 'updatedAt'),
          col.actions((row) => (row.id === me.id ? null : <UserActions user={row} />)),
        ]}
      />
    </TitledCard>
  );
}
