'use client';
// 规则版本: every version of every rule, who wrote and approved it, when it went live.
import { Suspense } from 'react';
import { RuleVersionsList } from '@/components/ledger/rule-versions-list';

export default function RuleVersionsPage() {
  // The list's filters live in the address (a search can be shared and saved as a view).
  return (
    <Suspense>
      <RuleVersionsList />
    </Suspense>
  );
}
