export { systemEditor, type RulesService } from './rules.service';
export type { ResolvedRule, RuleResolver, RuleSnapshot } from './rules.resolver';
export type { RuleSimulator } from './rules.simulate';
export type { RuleVersionsList, RuleVersionView } from './versions.list';
