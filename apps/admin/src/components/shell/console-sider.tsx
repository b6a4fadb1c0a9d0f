'use client';
// The console's side menu: the routes the user's role may open, the current one selected.
import {
  AlertOutlined,
  ApiOutlined,
  AppstoreOutlined,
  AuditOutlined,
  BankOutlined,
  ControlOutlined,
  DashboardOutlined,
  FileTextOutlined,
  KeyOutlined,
  SwapOutlined,
  TeamOutlined,
  TransactionOutlined,
  WarningOutlined,
} from '@ant-design/icons';
import { Layout, Menu } from 'antd';
import Link from 'next/link';
import { useState, type ReactNode } from 'react';
import type { ConsoleRoute } from '@/config/routes';
import { useT } from '@/i18n';

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
  users: <TeamOutlined />,
  apiKeys: <KeyOutlined />,
};

export function ConsoleSider(props: { routes: ConsoleRoute[]; current: ConsoleRoute | undefined }) {
  const t = useT();
  const [collapsed, setCollapsed] = useState(false);
  return (
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
        selectedKeys={props.current ? [props.current.path] : []}
        items={props.routes.map((r) => ({
          key: r.path,
          icon: icons[r.icon],
          label: <Link href={r.path}>{t(r.label)}</Link>,
        }))}
      />
    </Layout.Sider>
  );
}
