'use client';
// The console's header: who is logged in and as what, the language switch, the password
// change, logout here or everywhere.
import { GlobalOutlined, KeyOutlined, LogoutOutlined, UserOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Button, Layout, Popconfirm, Space, Tag, Typography } from 'antd';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { BusinessDateTag } from '@/components/jobs/business-clock-card';
import { useI18n, type MessageKey } from '@/i18n';
import type { Me } from '@/lib/session';
import { useTRPC } from '@/lib/trpc';

export function ConsoleHeader({ user }: { user: Me }) {
  const { t, locale, setLocale } = useI18n();
  const router = useRouter();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const signedOut = {
    onSettled: () => {
      queryClient.clear();
      router.replace('/login');
    },
  };
  const logout = useMutation(trpc.auth.logout.mutationOptions(signedOut));
  const logoutEverywhere = useMutation(trpc.auth.logoutEverywhere.mutationOptions(signedOut));
  return (
    <Layout.Header
      style={{
        background: '#fff',
        padding: '0 24px',
        display: 'flex',
        justifyContent: 'flex-end',
        alignItems: 'center',
        borderBottom: '1px solid #f0f0f0',
      }}
    >
      <Space size="middle">
        <BusinessDateTag />
        <Space aria-label={t('header.user')}>
          <UserOutlined />
          <Typography.Text>{user.displayName}</Typography.Text>
          <Tag color="blue">{t(`role.${user.role}` as MessageKey)}</Tag>
        </Space>
        <Button
          size="small"
          icon={<GlobalOutlined />}
          title={t('header.languageAria')}
          onClick={() => setLocale(locale === 'en' ? 'zh-CN' : 'en')}
        >
          {t('header.language')}
        </Button>
        <Link href="/change-password">
          <Button size="small" icon={<KeyOutlined />}>
            {t('header.changePassword')}
          </Button>
        </Link>
        <Popconfirm
          title={t('header.logoutEverywhereConfirm')}
          onConfirm={() => logoutEverywhere.mutate()}
        >
          <Button size="small" loading={logoutEverywhere.isPending}>
            {t('header.logoutEverywhere')}
          </Button>
        </Popconfirm>
        <Button
          size="small"
          icon={<LogoutOutlined />}
          loading={logout.isPending}
          onClick={() => logout.mutate()}
        >
          {t('header.logout')}
        </Button>
      </Space>
    </Layout.Header>
  );
}
