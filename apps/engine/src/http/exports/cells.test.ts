import { describe, expect, it } from 'vitest';
import { jsonCell, shanghaiTime, spreadsheetSafe } from './cells';

describe('export cells', () => {
  it('write instants in Asia/Shanghai', () => {
    expect(shanghaiTime('2026-03-15T02:00:00.000Z')).toBe('2026-03-15 10:00:00');
    expect(shanghaiTime('2026-03-15T16:30:05.123Z')).toBe('2026-03-16 00:30:05');
    expect(shanghaiTime(new Date('2026-12-31T23:59:59+08:00'))).toBe('2026-12-31 23:59:59');
    expect(shanghaiTime(null)).toBeNull();
    expect(shanghaiTime('not a time')).toBeNull();
  });

  it('neutralise text a spreadsheet would run as a formula, not numbers', () => {
    expect(spreadsheetSafe('=HYPERLINK("http://x","y")')).toBe('\'=HYPERLINK("http://x","y")');
    expect(spreadsheetSafe('+86 138')).toBe("'+86 138");
    expect(spreadsheetSafe('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(spreadsheetSafe('-cmd')).toBe("'-cmd");
    expect(spreadsheetSafe('-12.50')).toBe('-12.50');
    expect(spreadsheetSafe('退款 -12.50')).toBe('退款 -12.50');
    expect(spreadsheetSafe('')).toBe('');
  });

  it('write a structured value as compact JSON', () => {
    expect(jsonCell({ status: { from: 'a', to: 'b' } })).toBe('{"status":{"from":"a","to":"b"}}');
    expect(jsonCell(null)).toBeNull();
  });
});
