export type { AuditTrail, AuditView, ExportRecord } from './audit.service';
export { auditFilter, type AuditFilter } from './audit.schema';
