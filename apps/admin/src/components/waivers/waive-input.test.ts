import { describe, expect, it } from 'vitest';
import { newRequestKey, waiveInput } from './waive-input';

describe('waiveInput', () => {
  it('leaves the amount out for a whole waiver, even when one was typed before', () => {
    expect(
      waiveInput('L1', 'key-12345', {
        component: 'penalty',
        scope: 'whole',
        amount: '12.00',
        reason: ' 客户困难 ',
      }),
    ).toEqual({ orderNo: 'L1', requestKey: 'key-12345', component: 'penalty', reason: '客户困难' });
  });

  it('sends the amount of a partial waiver and the period when one is given', () => {
    expect(
      waiveInput('L1', 'key-12345', {
        component: 'fee',
        scope: 'partial',
        amount: '12.50',
        period: 3,
        reason: 'goodwill',
      }),
    ).toEqual({
      orderNo: 'L1',
      requestKey: 'key-12345',
      component: 'fee',
      amount: '12.50',
      period: 3,
      reason: 'goodwill',
    });
  });

  it('drops an emptied period', () => {
    expect(
      waiveInput('L1', 'key-12345', {
        component: 'fee',
        scope: 'whole',
        period: null,
        reason: 'x',
      }),
    ).not.toHaveProperty('period');
  });
});

describe('newRequestKey', () => {
  it('is 32 hex digits (within the engine’s 8–64) and new every time', () => {
    const a = newRequestKey();
    expect(a).toMatch(/^[0-9a-f]{32}$/);
    expect(newRequestKey()).not.toBe(a);
  });
});
