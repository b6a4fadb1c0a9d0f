export { createAuditReadRepo } from './audit.repo';
export { createAuditTrail } from './audit.service';
export { auditRouter } from './audit.router';
export { auditExports } from './audit.export';
