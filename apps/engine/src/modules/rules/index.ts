export { systemEditor, type RulesService } from './rules.service';
export type { RuleResolver, RuleSnapshot } from './rules.resolver';
export type { RuleSimulator } from './rules.simulate';
