// Simulation before publishing: run a draft against current data next to the version in
// force and report the difference, per kind. Loans governed by a more specific rule set
// than the draft's are counted as unaffected. The kinds' simulations are in simulate.money.ts
// (fee, allocation, remittance) and simulate.collection.ts (window, routing, SMS).
import { parseRuleBody } from '@repay/rules';
import { notFound } from '../../lib/errors';
import type { Clock } from '../../lib/clock';
import type { RuleResolver } from './rules.resolver';
import type { RulesRepo } from './rules.types';
import { createCollectionSimulations } from './simulate.collection';
import { createMoneySimulations } from './simulate.money';
import { createSimulationContext } from './simulate.shared';
import type { SimulationRepo } from './simulation.repo';

export function createRuleSimulator(deps: {
  rules: RulesRepo;
  data: SimulationRepo;
  resolver: RuleResolver;
  clock: Clock;
}) {
  const { rules, clock } = deps;
  const context = createSimulationContext(deps);
  const { simulateFee, simulateAllocation, simulateRemittance } = createMoneySimulations(context);
  const { simulateWindow, simulateRouting, simulateSms } = createCollectionSimulations(context);

  return {
    /** `empty`: nothing of the draft's scope to simulate (no open installment in range). */
    async simulate(input: { versionId: bigint; date?: string }) {
      const result = await this.simulateKind(input);
      const empty =
        result.kind === 'allocation'
          ? result.loans === 0
          : result.kind === 'remittance'
            ? false
            : result.scanned === 0;
      return { ...result, empty };
    },

    async simulateKind(input: { versionId: bigint; date?: string }) {
      const version = await rules.findVersion(input.versionId);
      if (!version) throw notFound(`rule version ${input.versionId}`, 'versionId');
      const set = (await rules.findSet(version.ruleSetId))!;
      switch (set.kind) {
        case 'fee':
          return simulateFee(set, parseRuleBody('fee', version.body));
        case 'window':
          return simulateWindow(
            set,
            parseRuleBody('window', version.body),
            input.date ?? clock.today(),
          );
        case 'routing':
          return simulateRouting(set, parseRuleBody('routing', version.body));
        case 'sms':
          return simulateSms(set, parseRuleBody('sms', version.body));
        case 'allocation':
          return simulateAllocation(set, parseRuleBody('allocation', version.body));
        case 'remittance':
          return simulateRemittance(set, parseRuleBody('remittance', version.body));
      }
    },
  };
}

export type RuleSimulator = ReturnType<typeof createRuleSimulator>;
