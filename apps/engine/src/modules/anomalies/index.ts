export type { AnomaliesRepo, NewAnomaly } from './anomalies.repo';
export type { AnomaliesConsole } from './anomalies.service';
