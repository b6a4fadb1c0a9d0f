export type { NewAnomaly } from './anomalies.repo';
export { recordAnomalies } from './anomalies.api';
export type { AnomaliesConsole } from './anomalies.service';
