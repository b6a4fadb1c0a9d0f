import { describe, expect, it } from 'vitest';
import { parseOrderNos } from './order-nos';

describe('parseOrderNos', () => {
  it.each([
    ['DEMO1\nDEMO2', ['DEMO1', 'DEMO2']],
    ['  DEMO1 ,DEMO2,\n\n DEMO3  ', ['DEMO1', 'DEMO2', 'DEMO3']],
    ['DEMO1，DEMO2；DEMO3\tDEMO4', ['DEMO1', 'DEMO2', 'DEMO3', 'DEMO4']],
    ['', []],
    [' \n , ', []],
    [undefined, []],
  ])('%j → %j', (text, orderNos) => {
    expect(parseOrderNos(text)).toEqual(orderNos);
  });

  it('keeps a number listed twice, for the engine to refuse', () => {
    expect(parseOrderNos('DEMO1\nDEMO1')).toEqual(['DEMO1', 'DEMO1']);
  });
});
