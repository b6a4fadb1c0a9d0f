'use client';
// The console's side menu: the routes the user's role may open, the current one selected;
// routes of a group (对账) sit in a submenu, open while one of them is current.
import {
  AlertOutlined,
  ApiOutlined,
  AppstoreOutlined,
  AuditOutlined,
  BarChartOutlined,
  BankOutlined,
  ControlOutlined,
  DashboardOutlined,
  FileSearchOutlined,
  FileTextOutlined,
  KeyOutlined,
  ReconciliationOutlined,
  ScheduleOutlined,
  SwapOutlined,
  TeamOutlined,
  TransactionOutlined,
  WalletOutlined,
  WarningOutlined,
} from '@ant-design/icons';
import { Layout, Menu, type MenuProps } from 'antd';
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
  recon: <ReconciliationOutlined />,
  payouts: <WalletOutlined />,
  reports: <BarChartOutlined />,
  jobs: <ScheduleOutlined />,
  users: <TeamOutlined />,
  apiKeys: <KeyOutlined />,
  audit: <FileSearchOutlined />,
};

type MenuItem = Required<MenuProps>['items'][number];

/** The menu's items: a route as it is, a group's routes under one submenu where the first sits. */
function menuItems(routes: ConsoleRoute[], t: ReturnType<typeof useT>): MenuItem[] {
  const items: MenuItem[] = [];
  const groups = new Map<string, MenuItem[]>();
  for (const r of routes) {
    const item: MenuItem = {
      key: r.path,
      icon: r.group ? undefined : icons[r.icon],
      label: <Link href={r.path}>{t(r.label)}</Link>,
    };
    if (!r.group) {
      items.push(item);
      continue;
    }
    const children = groups.get(r.group);
    if (children) {
      children.push(item);
      continue;
    }
    const group = [item];
    groups.set(r.group, group);
    items.push({
      key: `group:${r.group}`,
      icon: icons[r.icon],
      label: t(r.group),
      children: group,
    });
  }
  return items;
}

export function ConsoleSider(props: { routes: ConsoleRoute[]; current: ConsoleRoute | undefined }) {
  const t = useT();
  const [collapsed, setCollapsed] = useState(false);
  const currentGroup = props.current?.group;
  const [openKeys, setOpenKeys] = useState<string[]>(currentGroup ? [`group:${currentGroup}`] : []);
  // Arriving on a page of a group (a link, the address bar) opens its submenu.
  const [openedFor, setOpenedFor] = useState(currentGroup);
  if (currentGroup !== openedFor) {
    setOpenedFor(currentGroup);
    if (currentGroup && !openKeys.includes(`group:${currentGroup}`))
      setOpenKeys([...openKeys, `group:${currentGroup}`]);
  }
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
        openKeys={openKeys}
        onOpenChange={setOpenKeys}
        items={menuItems(props.routes, t)}
      />
    </Layout.Sider>
  );
}
