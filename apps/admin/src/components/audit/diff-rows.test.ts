import { describe, expect, it } from 'vitest';
import { diffRows, valueText } from './diff-rows';

describe('an audit diff as rows', () => {
  it('shows each { from, to } as a change, nested ones by their path', () => {
    expect(
      diffRows({
        status: { from: 'open', to: 'handled' },
        config: { limits: { single: { from: '5000.00', to: '8000.00' } } },
      }),
    ).toEqual([
      { field: 'status', change: true, before: 'open', after: 'handled' },
      { field: 'config.limits.single', change: true, before: '5000.00', after: '8000.00' },
    ]);
    // Absent values read as —.
    expect(diffRows({ paused: { from: null, to: '2026-03-20' } })).toEqual([
      { field: 'paused', change: true, before: '—', after: '2026-03-20' },
    ]);
  });

  it('keeps what else was recorded beside the changes as values', () => {
    expect(
      diffRows({
        status: { from: 'manual_review', to: 'succeeded' },
        evidence: '回单 123',
        amount: '12.30',
        retry: false,
        scopes: ['loans:read', 'payouts:write'],
      }),
    ).toEqual([
      { field: 'status', change: true, before: 'manual_review', after: 'succeeded' },
      { field: 'evidence', change: false, before: null, after: '回单 123' },
      { field: 'amount', change: false, before: null, after: '12.30' },
      { field: 'retry', change: false, before: null, after: 'false' },
      { field: 'scopes', change: false, before: null, after: '["loans:read","payouts:write"]' },
    ]);
    // A change of the row itself ({ from, to, days }: the business clock moved).
    expect(diffRows({ from: '2026-03-15', to: '2026-03-17', days: 2 })).toEqual([
      { field: '', change: true, before: '2026-03-15', after: '2026-03-17' },
      { field: 'days', change: false, before: null, after: '2' },
    ]);
  });

  it('reads microdiff’s changes (created, removed, changed) by their path', () => {
    expect(
      diffRows({
        changes: [
          { type: 'CHANGE', path: ['limits', 'single'], value: 8000, oldValue: 5000 },
          { type: 'CREATE', path: ['banks', 0], value: 'ICBC' },
          { type: 'REMOVE', path: ['note'], oldValue: '旧' },
        ],
      }),
    ).toEqual([
      { field: 'changes.limits.single', change: true, before: '5000', after: '8000' },
      { field: 'changes.banks.0', change: true, before: null, after: 'ICBC' },
      { field: 'changes.note', change: true, before: '旧', after: null },
    ]);
  });

  it('has no rows for no diff, and one for a bare value', () => {
    expect(diffRows(null)).toEqual([]);
    expect(diffRows({})).toEqual([]);
    expect(diffRows('imported')).toEqual([
      { field: '', change: false, before: null, after: 'imported' },
    ]);
    expect(diffRows({ changes: [] })).toEqual([
      { field: 'changes', change: false, before: null, after: '[]' },
    ]);
    expect(valueText({ a: 1 })).toBe('{"a":1}');
  });
});
