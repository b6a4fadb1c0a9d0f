export { createAnomaliesRepo } from './anomalies.repo';
export { createAnomaliesConsole } from './anomalies.service';
export { anomaliesRouter } from './anomalies.router';
