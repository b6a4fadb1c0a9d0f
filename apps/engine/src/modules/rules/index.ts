export { createRulesRepo } from './rules.repo';
export { createSimulationRepo } from './simulation.repo';
export {
  createRulesService,
  systemEditor,
  type RuleEditor,
  type RulesService,
} from './rules.service';
export {
  createRuleResolver,
  type RuleResolver,
  type ResolvedRule,
  type RuleSnapshot,
} from './rules.resolver';
export { createRuleSimulator, type RuleSimulator } from './rules.simulate';
export { rulesRouter } from './rules.router';
export type { RulesRepo } from './rules.types';
