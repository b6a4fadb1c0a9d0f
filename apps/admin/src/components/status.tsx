'use client';
// Status badges (ant-design-pro valueEnum style): one colour map per enumeration.
import { Badge } from 'antd';
import { enumLabel, useI18n } from '@/i18n';

type BadgeStatus = 'success' | 'processing' | 'default' | 'error' | 'warning';

const colours: Record<string, Record<string, BadgeStatus>> = {
  loanStatus: { active: 'processing', settled: 'success', written_off: 'default' },
  installmentStatus: { pending: 'default', partially_paid: 'warning', paid: 'success', overdue: 'error', waived: 'default' },
  refStatus: { active: 'success', inactive: 'default' },
};

export function StatusBadge({ group, value }: { group: keyof typeof colours; value: string }) {
  const { t } = useI18n();
  return <Badge status={colours[group]?.[value] ?? 'default'} text={enumLabel(t, group, value)} />;
}
