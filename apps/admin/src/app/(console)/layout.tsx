'use client';
// The console frame: login guard, role-filtered menu, header with user, language and logout.
import { AppstoreOutlined, BankOutlined, DashboardOutlined, FileTextOutlined, LogoutOutlined, UserOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Button, Layout, Menu, Result, Space, Spin, Tag, Typography } from 'antd';
import Link from 'next/link';
import { usePathname, useRouter } from 'next/navigation';
import { useEffect, type ReactNode } from 'react';
import { consoleRoutes, routeOf, type ConsoleRoute } from '@/config/routes';
import { useI18n } from '@/i18n';
import type { MessageKey } from '@/i18n/zh-CN';
import { SessionProvider, useMeQuery } from '@/lib/session';
import { useTRPC } from '@/lib/trpc';

const icons: Record<ConsoleRoute['icon'], ReactNode> = {
  home: <DashboardOutlined />,
  loans: <FileTextOutlined />,
  funders: <BankOutlined />,
  products: <AppstoreOutlined />,
};

export default function ConsoleLayout({ children }: { children: ReactNode }) {
  const { t, locale, setLocale } = useI18n();
  const router = useRouter();
  const pathname = usePathname();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const me = useMeQuery();
  const logout = useMutation(
    trpc.auth.logout.mutationOptions({
      onSuccess: () => {
        queryClient.clear();
        router.replace('/login');
      },
    }),
  );

  useEffect(() => {
    if (me.isSuccess && me.data === null) router.replace(`/login?next=${encodeURIComponent(pathname)}`);
  }, [me.isSuccess, me.data, router, pathname]);

  if (!me.data) {
    return (
      <div style={{ display: 'grid', placeItems: 'center', minHeight: '100vh' }}>
        <Spin size="large" />
      </div>
    );
  }
  const user = me.data;
  const allowed = consoleRoutes.filter((r) => user.permissions.includes(r.permission));
  const current = routeOf(pathname);
  const permitted = !current || user.permissions.includes(current.permission);

  return (
    <SessionProvider me={user}>
      <Layout style={{ minHeight: '100vh' }}>
        <Layout.Sider width={208} theme="dark" breakpoint="lg" collapsedWidth={64}>
          <div style={{ color: '#fff', fontSize: 18, fontWeight: 600, padding: '18px 20px', whiteSpace: 'nowrap' }}>Repay 代收付</div>
          <Menu
            theme="dark"
            mode="inline"
            selectedKeys={current ? [current.path] : []}
            items={allowed.map((r) => ({ key: r.path, icon: icons[r.icon], label: <Link href={r.path}>{t(r.label)}</Link> }))}
          />
        </Layout.Sider>
        <Layout>
          <Layout.Header style={{ background: '#fff', padding: '0 24px', display: 'flex', justifyContent: 'flex-end', alignItems: 'center' }}>
            <Space size="middle">
              <Space>
                <UserOutlined />
                <Typography.Text>{user.displayName}</Typography.Text>
                <Tag color="blue">{t(`role.${user.role}` as MessageKey)}</Tag>
              </Space>
              <Button size="small" onClick={() => setLocale(locale === 'en' ? 'zh-CN' : 'en')}>
                {t('header.language')}
              </Button>
              <Button size="small" icon={<LogoutOutlined />} loading={logout.isPending} onClick={() => logout.mutate()}>
                {t('header.logout')}
              </Button>
            </Space>
          </Layout.Header>
          <Layout.Content style={{ padding: 24 }}>
            {permitted ? children : <Result status="403" title="403" subTitle={t('common.forbidden')} />}
          </Layout.Content>
        </Layout>
      </Layout>
    </SessionProvider>
  );
}
