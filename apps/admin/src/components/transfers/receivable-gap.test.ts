import { describe, expect, it } from 'vitest';
import { receivableGap } from './receivable-gap';

describe('receivableGap', () => {
  it.each([
    ['10740848.20', '10740848.20', null],
    ['100', '100.00', null],
    ['0.00', '0.00', null],
    ['100.00', '87.50', '12.50'],
    ['87.50', '100.00', '-12.50'],
    ['0.01', '0.00', '0.01'],
  ])('%s vs %s → %s', (ledger, outstanding, gap) => {
    expect(receivableGap(ledger, outstanding)).toBe(gap);
  });
});
