// The named instances the sandbox runs by default; the engine's demo seed registers them.
import type { InstanceConfig } from './state';

const BANKS = ['ICBC', 'CCB', 'ABC', 'BOC', 'CMB', 'BOCOM'];

export function defaultInstances(secretPrefix = 'sandbox-secret'): InstanceConfig[] {
  return [
    {
      code: 'sandbox-a',
      merchant: 'M-REPAY-A',
      secret: `${secretPrefix}-a`,
      vocabulary: 'baofoo',
      banks: BANKS,
      fee: { perMille: 2, minFen: 30 },
    },
    {
      code: 'sandbox-b',
      merchant: 'M-REPAY-B',
      secret: `${secretPrefix}-b`,
      vocabulary: 'allinpay',
      banks: BANKS,
      fee: { perMille: 1, minFen: 50 },
    },
    {
      code: 'sandbox-c',
      merchant: 'M-REPAY-C',
      secret: `${secretPrefix}-c`,
      vocabulary: 'unionpay',
      banks: [...BANKS, 'PSBC'],
      fee: { perMille: 3, minFen: 20 },
    },
  ];
}
