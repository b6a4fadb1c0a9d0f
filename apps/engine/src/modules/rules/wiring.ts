export { createRulesRepo } from './rules.repo';
export { createSimulationRepo } from './simulation.repo';
export { createRulesService } from './rules.service';
export { createRuleResolver } from './rules.resolver';
export { createRuleSimulator } from './rules.simulate';
export { rulesRouter } from './rules.router';
