'use client';
// Count and amount per status over all payout orders (the engine's totals, not the page's).
import { Space, Tag, Typography } from 'antd';
import { StatusBadge } from '@/components/status';
import { useT } from '@/i18n';
import { yuan } from '@/lib/format';
import type { RouterOutputs } from '@/lib/trpc';

type Totals = RouterOutputs['payouts']['list']['totals'];

export function PayoutTotals({ totals }: { totals: Totals | undefined }) {
  const t = useT();
  if (!totals?.length) return null;
  return (
    <Space wrap aria-label={t('payouts.totals')} style={{ marginBottom: 16 }}>
      <Typography.Text type="secondary">{t('payouts.totals')}</Typography.Text>
      {totals.map((s) => (
        <Tag key={s.status}>
          <StatusBadge group="payoutStatus" value={s.status} />{' '}
          <span className="money">
            {t('payouts.totalLine', { count: s.count, amount: yuan(s.amount) })}
          </span>
        </Tag>
      ))}
    </Space>
  );
}
