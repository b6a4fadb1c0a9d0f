import { describe, expect, it } from 'vitest';
import { exportUrl, fileNameOf, formatBytes, lineBreaks } from './export-file';

describe('an export’s download', () => {
  it('carries the list’s filters, not empty ones, and English when the console is', () => {
    expect(exportUrl('audit-log', 'csv', {}, 'zh-CN')).toBe('/exports/audit-log.csv');
    expect(
      exportUrl(
        'audit-log',
        'xlsx',
        { actor: ' auditor ', action: '', entityId: null, from: '2026-03-01', to: undefined },
        'en',
      ),
    ).toBe('/exports/audit-log.xlsx?actor=auditor&from=2026-03-01&lang=en');
    expect(exportUrl('payout-orders', 'csv', { payoutNo: 'P&1 2' }, 'zh-CN')).toBe(
      '/exports/payout-orders.csv?payoutNo=P%261+2',
    );
  });

  it('names the file as the engine does, Chinese included', () => {
    const name = '审计日志-20260315-100000.csv';
    expect(
      fileNameOf(
        `attachment; filename="audit-log-20260315-100000.csv"; filename*=UTF-8''${encodeURIComponent(name)}`,
      ),
    ).toBe(name);
    expect(fileNameOf('attachment; filename="debit-orders.xlsx"')).toBe('debit-orders.xlsx');
    expect(fileNameOf("attachment; filename*=UTF-8''%E0%A4%A; filename=x.csv")).toBe('x.csv');
    expect(fileNameOf(null)).toBeNull();
    expect(fileNameOf('inline')).toBeNull();
  });

  it('counts rows as line feeds and sizes in B, KB, MB', () => {
    expect(lineBreaks(new TextEncoder().encode('编号,时间\r\n1,a\r\n2,"b\nc"\r\n'))).toBe(4);
    expect(lineBreaks(new Uint8Array())).toBe(0);
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(3277)).toBe('3.2 KB');
    expect(formatBytes(13_107_200)).toBe('12.5 MB');
  });
});
