export {
  createAnomaliesRepo,
  type AnomaliesRepo,
  type AnomalyFilter,
  type NewAnomaly,
} from './anomalies.repo';
export { createAnomaliesConsole, type AnomaliesConsole } from './anomalies.service';
export { anomaliesRouter } from './anomalies.router';
