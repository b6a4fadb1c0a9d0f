'use client';
// 规则版本: every version of every rule, who wrote and approved it, when it went live.
import { RuleVersionsList } from '@/components/ledger/rule-versions-list';

export default function RuleVersionsPage() {
  return <RuleVersionsList />;
}
