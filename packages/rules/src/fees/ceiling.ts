// Could a fee rule charge more than an all-in annual ceiling? Each daily charge (penalty,
// compound) is run, with its own tiers and caps, on worst-case probes: contract rates from 0 up
// to the ceiling itself, overdue days around grace and tiers and up to two years, small to large
// bases and two shapes of loan. The first probe where the contract rate plus the charge, over its
// base and charged days, passes the ceiling is the case named. Only a charge that caps itself at
// or below the ceiling (caps.annualRate) can pass every probe with a positive amount: the
// contract rate of some loan may take all the room. One-off charges (late fee, prepayment fee)
// are not annual rates: their own caps bound them.
import { Dec, formatYuan } from '../money';
import { DAILY_CHARGES, type FeeCharge, type FeeRule } from '../rule-kinds/fee';
import { allInLimitFen, baseFen, compileCharge, type FeeInputs } from './accrue';

export interface CeilingBreach {
  chargeIndex: number;
  chargeId: string;
  baseFen: bigint;
  overdueDays: number;
  contractRate: string;
  totalFen: bigint;
  /** The probe's all-in annual rate: contract rate plus the charge over base and charged days. */
  annualRate: string;
  message: string;
}

const CONTRACT_RATES = ['0', '0.06', '0.12', '0.18', '0.24', '0.30', '0.36', '0.48'];
const BASES_FEN = [1_000_000n, 10_000n, 100_000_000n];

/** Overdue days to probe: 10 first (the usual example), then around grace and tiers. */
function probeDays(charge: FeeCharge): number[] {
  const grace = charge.graceDays;
  const days = [10, grace + 1, grace + 10, 30, 90, 180, 365, 730];
  for (const tier of charge.tiers ?? []) days.push(tier.fromDay, tier.fromDay + 9);
  return [...new Set(days)].filter((d) => d > grace);
}

/** Two loans around an overdue base: an ordinary one and one whose other amounts are large. */
const shapes = (b: bigint, contractRate: string): FeeInputs[] => [
  {
    overduePrincipalFen: b,
    overdueInterestFen: b,
    outstandingPrincipalFen: b,
    contractRate,
    installmentNo: 1,
    termCount: 12,
    remainingTerms: 11,
  },
  {
    overduePrincipalFen: b,
    overdueInterestFen: b / 10n,
    outstandingPrincipalFen: b * 20n,
    contractRate,
    installmentNo: 36,
    termCount: 360,
    remainingTerms: 324,
  },
];

/** "2,190", "30", "12.5": a percentage for people. */
const percent = (rate: InstanceType<typeof Dec>) => {
  const [whole, fraction] = rate.times(100).toDecimalPlaces(2).toFixed().split('.') as [
    string,
    string?,
  ];
  return `${whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}${fraction ? `.${fraction}` : ''}`;
};

/** The first probe on which a daily charge of the rule passes the ceiling; null: none does. */
export function ceilingBreach(rule: FeeRule, ceiling: string): CeilingBreach | null {
  const top = new Dec(ceiling);
  const rates = [...CONTRACT_RATES.filter((r) => new Dec(r).lt(top)), ceiling];
  for (const [chargeIndex, charge] of rule.charges.entries()) {
    if (!DAILY_CHARGES.includes(charge.type)) continue;
    const compiled = compileCharge(charge);
    for (const contractRate of rates)
      for (const overdueDays of probeDays(charge))
        for (const b of BASES_FEN)
          for (const inputs of shapes(b, contractRate)) {
            const base = baseFen(charge.base, inputs);
            if (base === 0n) continue;
            const { totalFen, chargedDays } = compiled.accrue(inputs, overdueDays);
            if (chargedDays === 0) continue;
            const limit = allInLimitFen(base, ceiling, contractRate, chargedDays, charge.dayBase);
            if (totalFen <= limit) continue;
            const annualRate = new Dec(contractRate).plus(
              new Dec(totalFen.toString())
                .div(base.toString())
                .times(charge.dayBase)
                .div(chargedDays),
            );
            return {
              chargeIndex,
              chargeId: charge.id,
              baseFen: base,
              overdueDays,
              contractRate,
              totalFen,
              annualRate: annualRate.toString(),
              message:
                `${charge.type} "${charge.name}" charges ${formatYuan(totalFen)} on ${formatYuan(base)} ` +
                `overdue ${overdueDays} days at a ${percent(new Dec(contractRate))} % contract rate: ` +
                `${percent(annualRate)} % a year all-in, above the ceiling of ${percent(top)} %`,
            };
          }
  }
  return null;
}
