import { describe, expect, it } from 'vitest';
import { cardTail, maskCardNo, maskIdNo, maskMobile, maskName } from './mask';

describe('privacy masks (docs/domain.md)', () => {
  it('masks like the contract shows', () => {
    expect(maskName('张三')).toBe('张*');
    expect(maskName('欧阳娜娜')).toBe('欧***');
    expect(maskName('李')).toBe('李*');
    expect(maskIdNo('110101199003071233')).toBe('110101********1233');
    expect(maskMobile('13800138000')).toBe('138****8000');
    expect(maskCardNo('6222021234567890123')).toBe('622202******0123');
    expect(cardTail('6222021234567890123')).toBe('尾号0123');
  });
});
