// @repay/rules: pure computation shared by the engine and the console. No I/O.
export * from './money';
export * from './dates';
export * from './validators';
export * from './vocabulary';
export * from './schedule/index';
