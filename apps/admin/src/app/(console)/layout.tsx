'use client';
// The console frame: login guard, role-filtered menu, header with user, language and logout.
// Every page below is guarded here: no session → /login; a route the role lacks → 403.
import {
  AlertOutlined,
  AppstoreOutlined,
  AuditOutlined,
  BankOutlined,
  ControlOutlined,
  ApiOutlined,
  DashboardOutlined,
  FileTextOutlined,
  GlobalOutlined,
  LogoutOutlined,
  SwapOutlined,
  TransactionOutlined,
  UserOutlined,
  WarningOutlined,
} from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Button, Layout, Menu, Result, Space, Spin, Tag, Typography } from 'antd';
import Link from 'next/link';
import { usePathname, useRouter } from 'next/navigation';
import { useEffect, useState, type ReactNode } from 'react';
import { consoleRoutes, routeOf, type ConsoleRoute } from '@/config/routes';
import { useI18n, type MessageKey } from '@/i18n';
import { SessionProvider, useMeQuery } from '@/lib/session';
import { useTRPC } from '@/lib/trpc';

const icons: Record<ConsoleRoute['icon'], ReactNode> = {
  home: <DashboardOutlined />,
  loans: <FileTextOutlined />,
  funders: <BankOutlined />,
  products: <AppstoreOutlined />,
  rules: <ControlOutlined />,
  channels: <ApiOutlined />,
  debits: <TransactionOutlined />,
  overdue: <WarningOutlined />,
  waivers: <AuditOutlined />,
  transfers: <SwapOutlined />,
  anomalies: <AlertOutlined />,
};

export default function ConsoleLayout({ children }: { children: ReactNode }) {
  const { t, locale, setLocale } = useI18n();
  const router = useRouter();
  const pathname = usePathname();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const me = useMeQuery();
  const [collapsed, setCollapsed] = useState(false);
  const logout = useMutation(
    trpc.auth.logout.mutationOptions({
      onSettled: () => {
        queryClient.clear();
        router.replace('/login');
      },
    }),
  );

  useEffect(() => {
    if (me.isSuccess && me.data === null)
      router.replace(`/login?next=${encodeURIComponent(pathname)}`);
  }, [me.isSuccess, me.data, router, pathname]);

  if (me.isError) {
    return (
      <Result
        status="error"
        title={t('errors.network')}
        extra={
          <Button type="primary" onClick={() => void me.refetch()}>
            {t('common.retry')}
          </Button>
        }
      />
    );
  }
  if (!me.data) {
    return (
      <div style={{ display: 'grid', placeItems: 'center', minHeight: '100vh' }}>
        <Spin size="large" description={t('common.loading')} />
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
        <Layout.Sider
          width={208}
          theme="dark"
          breakpoint="lg"
          collapsedWidth={64}
          collapsed={collapsed}
          onBreakpoint={setCollapsed}
          onCollapse={setCollapsed}
        >
          <Link
            href="/"
            style={{
              display: 'block',
              color: '#fff',
              fontSize: 18,
              fontWeight: 600,
              padding: '18px 20px',
              whiteSpace: 'nowrap',
              overflow: 'hidden',
            }}
          >
            {collapsed ? t('app.short') : t('app.name')}
          </Link>
          <Menu
            theme="dark"
            mode="inline"
            selectedKeys={current ? [current.path] : []}
            items={allowed.map((r) => ({
              key: r.path,
              icon: icons[r.icon],
              label: <Link href={r.path}>{t(r.label)}</Link>,
            }))}
          />
        </Layout.Sider>
        <Layout>
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
          <Layout.Content style={{ padding: 24 }}>
            {permitted ? (
              children
            ) : (
              <Result
                status="403"
                title={t('common.forbiddenTitle')}
                subTitle={t('common.forbidden')}
                extra={<Link href="/">{t('common.backHome')}</Link>}
              />
            )}
          </Layout.Content>
        </Layout>
      </Layout>
    </SessionProvider>
  );
}
