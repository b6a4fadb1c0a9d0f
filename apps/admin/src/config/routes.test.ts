import { describe, expect, it } from 'vitest';
import { consoleRoutes, routeOf } from './routes';

describe('console routes', () => {
  it('finds the menu entry of nested pages', () => {
    expect(routeOf('/')?.path).toBe('/');
    expect(routeOf('/loans/DEMO0000001')?.path).toBe('/loans');
    expect(routeOf('/funders')?.permission).toBe('reference.read');
    expect(routeOf('/loansx')).toBeUndefined();
    expect(routeOf('/waivers')?.permission).toBe('loans.read');
    expect(routeOf('/transfers')?.permission).toBe('transfers.read');
    expect(routeOf('/recon')?.label).toBe('menu.reconOverview');
    expect(routeOf('/recon/cases')?.label).toBe('menu.reconCases');
    expect(routeOf('/recon/formats')?.group).toBe('menu.recon');
    expect(routeOf('/recon/assets')?.label).toBe('menu.reconAssets');
    expect(routeOf('/payouts')?.label).toBe('menu.payoutOrders');
    expect(routeOf('/payouts/positions')?.label).toBe('menu.positions');
    expect(routeOf('/payouts/refunds')?.group).toBe('menu.payouts');
    expect(routeOf('/audit')?.permission).toBe('audit.read');
    expect(routeOf('/jobs')?.permission).toBe('jobs.read');
    expect(routeOf('/reports')?.label).toBe('menu.reportsCollections');
    expect(routeOf('/reports/channels')?.group).toBe('menu.reports');
    expect(routeOf('/finance/ledger')?.permission).toBe('ledger.read');
    expect(routeOf('/finance/repayments')?.group).toBe('menu.finance');
    expect(routeOf('/finance/accruals')?.permission).toBe('overdue.read');
    expect(routeOf('/finance/rule-versions')?.permission).toBe('rules.read');
    expect(routeOf('/finance/channel-history')?.permission).toBe('channels.read');
  });

  it('lists every path once', () => {
    const paths = consoleRoutes.map((r) => r.path);
    expect(new Set(paths).size).toBe(paths.length);
  });

  it('gates every page by a permission', () => {
    expect(consoleRoutes.every((r) => r.permission.length > 0)).toBe(true);
  });
});
