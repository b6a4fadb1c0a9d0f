'use client';
// 审计日志: who changed what and why (auditors and admins).
import { Suspense } from 'react';
import { AuditList } from '@/components/audit/audit-list';

export default function AuditPage() {
  // The list's filters live in the address (a search can be shared and saved as a view).
  return (
    <Suspense>
      <AuditList />
    </Suspense>
  );
}
