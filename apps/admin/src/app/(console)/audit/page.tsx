'use client';
// 审计日志: who changed what and why (auditors and admins).
import { AuditList } from '@/components/audit/audit-list';

export default function AuditPage() {
  return <AuditList />;
}
