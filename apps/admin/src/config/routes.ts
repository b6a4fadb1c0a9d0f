// One route/menu table with the permission each entry needs (the engine enforces the same).
import type { MessageKey } from '@/i18n/zh-CN';

export interface ConsoleRoute {
  path: string;
  label: MessageKey;
  permission: string;
  /** Entries of one group sit together in a submenu titled by this key. */
  group?: MessageKey;
  icon:
    | 'home'
    | 'loans'
    | 'funders'
    | 'products'
    | 'rules'
    | 'channels'
    | 'debits'
    | 'overdue'
    | 'waivers'
    | 'transfers'
    | 'anomalies'
    | 'audit'
    | 'recon'
    | 'payouts'
    | 'reports'
    | 'jobs'
    | 'users'
    | 'apiKeys';
}

export const consoleRoutes: ConsoleRoute[] = [
  { path: '/', label: 'menu.home', permission: 'dashboard.read', icon: 'home' },
  { path: '/loans', label: 'menu.loans', permission: 'loans.read', icon: 'loans' },
  { path: '/waivers', label: 'menu.waivers', permission: 'loans.read', icon: 'waivers' },
  { path: '/transfers', label: 'menu.transfers', permission: 'transfers.read', icon: 'transfers' },
  { path: '/funders', label: 'menu.funders', permission: 'reference.read', icon: 'funders' },
  { path: '/products', label: 'menu.products', permission: 'reference.read', icon: 'products' },
  { path: '/rules', label: 'menu.rules', permission: 'rules.read', icon: 'rules' },
  { path: '/debits', label: 'menu.debits', permission: 'debits.read', icon: 'debits' },
  { path: '/anomalies', label: 'menu.anomalies', permission: 'anomalies.read', icon: 'anomalies' },
  { path: '/overdue', label: 'menu.overdue', permission: 'overdue.read', icon: 'overdue' },
  {
    path: '/recon',
    label: 'menu.reconOverview',
    permission: 'recon.read',
    icon: 'recon',
    group: 'menu.recon',
  },
  {
    path: '/recon/cases',
    label: 'menu.reconCases',
    permission: 'recon.read',
    icon: 'recon',
    group: 'menu.recon',
  },
  {
    path: '/recon/assets',
    label: 'menu.reconAssets',
    permission: 'recon.read',
    icon: 'recon',
    group: 'menu.recon',
  },
  {
    path: '/recon/formats',
    label: 'menu.reconFormats',
    permission: 'recon.read',
    icon: 'recon',
    group: 'menu.recon',
  },
  {
    path: '/payouts',
    label: 'menu.payoutOrders',
    permission: 'payouts.read',
    icon: 'payouts',
    group: 'menu.payouts',
  },
  {
    path: '/payouts/positions',
    label: 'menu.positions',
    permission: 'payouts.read',
    icon: 'payouts',
    group: 'menu.payouts',
  },
  {
    path: '/payouts/batches',
    label: 'menu.batches',
    permission: 'payouts.read',
    icon: 'payouts',
    group: 'menu.payouts',
  },
  {
    path: '/payouts/accounts',
    label: 'menu.funderAccounts',
    permission: 'payouts.read',
    icon: 'payouts',
    group: 'menu.payouts',
  },
  {
    path: '/payouts/refunds',
    label: 'menu.refunds',
    permission: 'payouts.read',
    icon: 'payouts',
    group: 'menu.payouts',
  },
  {
    path: '/reports',
    label: 'menu.reportsCollections',
    permission: 'reports.read',
    icon: 'reports',
    group: 'menu.reports',
  },
  {
    path: '/reports/channels',
    label: 'menu.reportsChannels',
    permission: 'reports.read',
    icon: 'reports',
    group: 'menu.reports',
  },
  {
    path: '/reports/forecast',
    label: 'menu.reportsForecast',
    permission: 'reports.read',
    icon: 'reports',
    group: 'menu.reports',
  },
  {
    path: '/reports/risk',
    label: 'menu.reportsRisk',
    permission: 'reports.read',
    icon: 'reports',
    group: 'menu.reports',
  },
  {
    path: '/reports/money',
    label: 'menu.reportsMoney',
    permission: 'reports.read',
    icon: 'reports',
    group: 'menu.reports',
  },
  {
    path: '/finance/ledger',
    label: 'menu.ledger',
    permission: 'ledger.read',
    icon: 'reports',
    group: 'menu.finance',
  },
  {
    path: '/finance/repayments',
    label: 'menu.repayments',
    permission: 'ledger.read',
    icon: 'reports',
    group: 'menu.finance',
  },
  {
    path: '/finance/accruals',
    label: 'menu.accruals',
    permission: 'overdue.read',
    icon: 'reports',
    group: 'menu.finance',
  },
  {
    path: '/finance/rule-versions',
    label: 'menu.ruleVersions',
    permission: 'rules.read',
    icon: 'reports',
    group: 'menu.finance',
  },
  {
    path: '/finance/channel-history',
    label: 'menu.channelHistory',
    permission: 'channels.read',
    icon: 'reports',
    group: 'menu.finance',
  },
  { path: '/channels', label: 'menu.channels', permission: 'channels.read', icon: 'channels' },
  { path: '/jobs', label: 'menu.jobs', permission: 'jobs.read', icon: 'jobs' },
  { path: '/users', label: 'menu.users', permission: 'users.manage', icon: 'users' },
  { path: '/api-keys', label: 'menu.apiKeys', permission: 'apiKeys.manage', icon: 'apiKeys' },
  { path: '/audit', label: 'menu.audit', permission: 'audit.read', icon: 'audit' },
];

/** The route a pathname belongs to (longest matching prefix). */
export function routeOf(pathname: string): ConsoleRoute | undefined {
  return [...consoleRoutes]
    .sort((a, b) => b.path.length - a.path.length)
    .find((r) =>
      r.path === '/' ? pathname === '/' : pathname === r.path || pathname.startsWith(`${r.path}/`),
    );
}
