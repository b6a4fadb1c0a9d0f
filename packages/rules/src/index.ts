// @repay/rules: pure computation shared by the engine and the console. No I/O.
export * from './money';
export * from './dates';
export * from './validators';
export * from './vocabulary';
export * from './schedule/index';
export * from './expr/index';
export * from './conditions/index';
export * from './rule-kinds/index';
export * from './rule-issue';
export * from './fees/accrue';
export * from './fees/ceiling';
export * from './gray';
export * from './resolve';
export * from './routing/rank';
export * from './routing/circuit';
export * from './routing/slots';
export * from './settlement/quote';
