'use client';
// 修改密码: every user's own change, and the screen a user is held on when an administrator
// set their password (creation, reset) until they choose one of their own.
import { LockOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useEffect } from 'react';
import { MutationForm } from '@/components/kit';
import { useT } from '@/i18n';
import { useMeQuery } from '@/lib/session';
import { useTRPC } from '@/lib/trpc';

interface NewPassword {
  currentPassword: string;
  newPassword: string;
  confirm: string;
}

export default function ChangePasswordPage() {
  const t = useT();
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const me = useMeQuery();
  const logout = useMutation(
    trpc.auth.logout.mutationOptions({
      onSettled: () => {
        queryClient.clear();
        router.replace('/login');
      },
    }),
  );

  useEffect(() => {
    if (me.isSuccess && me.data === null) router.replace('/login?next=/change-password');
  }, [me.isSuccess, me.data, router]);

  const forced = me.data?.mustChangePassword === true;
  return (
    <main
      style={{
        minHeight: '100vh',
        display: 'grid',
        placeItems: 'center',
        background: 'linear-gradient(135deg, #e6f4ff, #f5f5f5)',
      }}
    >
      <Card
        style={{ width: 420 }}
        title={
          <Typography.Title level={1} style={{ fontSize: 18, margin: 0 }}>
            {t('password.title')}
          </Typography.Title>
        }
        extra={!forced && <Link href="/">{t('password.back')}</Link>}
      >
        {forced && (
          <Alert
            type="warning"
            showIcon
            title={t('password.forcedHelp')}
            style={{ marginBottom: 16 }}
          />
        )}
        <MutationForm
          submitLabel={t('password.submit')}
          mutation={trpc.auth.changePassword.mutationOptions()}
          input={({ currentPassword, newPassword }: NewPassword) => ({
            currentPassword,
            newPassword,
          })}
          invalidate={[trpc.auth.me.queryKey()]}
          success={t('password.changed')}
          onSuccess={() => router.replace('/')}
        >
          <Form.Item
            name="currentPassword"
            label={t('password.current')}
            rules={[{ required: true, message: t('common.required') }]}
          >
            <Input.Password prefix={<LockOutlined />} autoComplete="current-password" autoFocus />
          </Form.Item>
          <Form.Item
            name="newPassword"
            label={t('password.new')}
            extra={t('password.newRule')}
            rules={[{ required: true, min: 10, message: t('password.newRule') }]}
          >
            <Input.Password prefix={<LockOutlined />} autoComplete="new-password" />
          </Form.Item>
          <Form.Item
            name="confirm"
            label={t('password.confirm')}
            dependencies={['newPassword']}
            rules={[
              { required: true, message: t('common.required') },
              ({ getFieldValue }) => ({
                validator: (_rule, value) =>
                  value === getFieldValue('newPassword')
                    ? Promise.resolve()
                    : Promise.reject(new Error(t('password.mismatch'))),
              }),
            ]}
          >
            <Input.Password prefix={<LockOutlined />} autoComplete="new-password" />
          </Form.Item>
        </MutationForm>
        {forced && (
          <Button
            type="link"
            style={{ paddingLeft: 0, marginTop: 8 }}
            loading={logout.isPending}
            onClick={() => logout.mutate()}
          >
            {t('header.logout')}
          </Button>
        )}
      </Card>
    </main>
  );
}
