export type { AuditTrail, AuditView, ExportRecord } from './audit.service';
export {
  auditFilter,
  channelHistoryInput,
  type AuditFilter,
  type ChannelHistoryFilter,
} from './audit.schema';
