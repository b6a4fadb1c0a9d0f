'use client';
// A short, human reading of a rule body (for "in force" and gray side by side), with the
// full JSON one click away.
import { Collapse, Descriptions, Space, Tag, Typography } from 'antd';
import type { RuleKind } from '@repay/rules/vocabulary';
import { enumLabel, useT } from '@/i18n';
import { yuan } from '@/lib/format';

interface AnyBody {
  slots?: { start: string; end: string; name?: string }[];
  days?: { mode: string; holidays?: string[] };
  eligibility?: { overdueUpToDays: number; maxAttemptsPerDay: number };
  amount?: { strategy: string; stepDown?: string[] };
  charges?: {
    id: string;
    name: string;
    type: string;
    formula: string;
    graceDays: number;
    caps?: Record<string, string>;
  }[];
  messages?: { id: string; trigger: { type: string } }[];
  quietHours?: { start: string; end: string };
  routes?: { name: string; channels: string[] }[];
  order?: string[];
  allowPartial?: boolean;
  settlement?: string;
  cutoff?: string;
  minAmount?: string;
  platformFee?: { percent: string; fixedPerBatch: string; minPerBatch: string };
}

export function RuleSummary({ kind, body }: { kind: RuleKind; body: unknown }) {
  const t = useT();
  const b = body as AnyBody;
  let summary: React.ReactNode = null;
  if (kind === 'window') {
    summary = (
      <Descriptions size="small" column={1}>
        <Descriptions.Item label={t('rules.window.slots')}>
          <Space wrap>
            {b.slots?.map((s) => (
              <Tag color="blue" key={s.start}>
                {s.start}–{s.end}
                {s.name ? ` ${s.name}` : ''}
              </Tag>
            ))}
          </Space>
        </Descriptions.Item>
        <Descriptions.Item label={t('rules.window.days')}>
          {enumLabel(t, 'dayMode', b.days?.mode ?? '')}
          {b.days?.holidays?.length
            ? ` · ${t('rules.window.holidays')} ${b.days.holidays.length}`
            : ''}
        </Descriptions.Item>
        <Descriptions.Item label={t('rules.window.overdueUpToDays')}>
          {b.eligibility?.overdueUpToDays}
        </Descriptions.Item>
        <Descriptions.Item label={t('rules.window.amount')}>
          {enumLabel(t, 'amountStrategy', b.amount?.strategy ?? '')}
          {b.amount?.stepDown?.length ? ` (${b.amount.stepDown.join(' → ')})` : ''}
        </Descriptions.Item>
      </Descriptions>
    );
  } else if (kind === 'fee') {
    summary = (
      <Descriptions size="small" column={1}>
        {b.charges?.map((c) => (
          <Descriptions.Item
            key={c.id}
            label={`${c.name}（${enumLabel(t, 'chargeType', c.type)}）`}
          >
            <Typography.Text code>{c.formula}</Typography.Text>
            {` · ${t('rules.fee.graceDays')} ${c.graceDays}`}
            {c.caps?.annualRate ? ` · ${t('rules.fee.annualRate')} ${c.caps.annualRate}` : ''}
            {c.caps?.maxPerInstallment
              ? ` · ${t('rules.fee.max')} ${c.caps.maxPerInstallment}`
              : ''}
          </Descriptions.Item>
        ))}
      </Descriptions>
    );
  } else if (kind === 'sms') {
    summary = (
      <Space wrap>
        {b.messages?.map((m) => (
          <Tag key={m.id}>{`${m.id} · ${enumLabel(t, 'smsTrigger', m.trigger.type)}`}</Tag>
        ))}
        {b.quietHours && (
          <span>{`${t('rules.sms.quietHours')} ${b.quietHours.start}–${b.quietHours.end}`}</span>
        )}
      </Space>
    );
  } else if (kind === 'routing') {
    summary = (
      <Descriptions size="small" column={1}>
        {b.routes?.map((r, i) => (
          <Descriptions.Item key={`${r.name}-${i}`} label={r.name}>
            {r.channels.join(' → ')}
          </Descriptions.Item>
        ))}
      </Descriptions>
    );
  } else if (kind === 'allocation') {
    summary = (
      <Space wrap>
        {b.order?.map((c) => enumLabel(t, 'component', c)).join(' → ')}
        <Tag>{`${t('rules.allocation.allowPartial')}：${b.allowPartial ? t('enum.yes') : t('enum.no')}`}</Tag>
      </Space>
    );
  } else if (kind === 'remittance') {
    const fee = b.platformFee;
    summary = (
      <Descriptions size="small" column={1}>
        <Descriptions.Item label={t('rules.remittance.settlement')}>
          {enumLabel(t, 'remittanceSettlement', b.settlement ?? '')}
        </Descriptions.Item>
        <Descriptions.Item label={t('rules.remittance.cutoff')}>{b.cutoff}</Descriptions.Item>
        <Descriptions.Item label={t('rules.remittance.minAmount')}>
          {yuan(b.minAmount)}
        </Descriptions.Item>
        <Descriptions.Item label={t('rules.remittance.platformFee')}>
          {fee &&
            `${fee.percent}% · ${t('rules.remittance.fixedPerBatch')} ${yuan(fee.fixedPerBatch)} · ${t('rules.remittance.minPerBatch')} ${yuan(fee.minPerBatch)}`}
        </Descriptions.Item>
      </Descriptions>
    );
  }
  return (
    <>
      {summary}
      <Collapse
        size="small"
        ghost
        items={[
          {
            key: 'json',
            label: 'JSON',
            children: (
              <pre style={{ fontSize: 12, maxHeight: 360, overflow: 'auto' }}>
                {JSON.stringify(body, null, 2)}
              </pre>
            ),
          },
        ]}
      />
    </>
  );
}

/** "消费分期" for a business-line scope; the code itself for funders and products. */
export function ScopeKey({ scopeType, scopeKey }: { scopeType: string; scopeKey: string }) {
  const t = useT();
  if (scopeType === 'global') return null;
  return (
    <span>{scopeType === 'business_line' ? enumLabel(t, 'businessLine', scopeKey) : scopeKey}</span>
  );
}

/** A gray target in words: "资金方 F-BANK-02 · 20% 贷款". */
export function GrayTargetText({ target }: { target: unknown }) {
  const t = useT();
  const g = (target ?? {}) as { funderCodes?: string[]; productCodes?: string[]; percent?: number };
  const parts = [
    g.funderCodes?.length ? `${t('rules.grayFunders')} ${g.funderCodes.join('、')}` : null,
    g.productCodes?.length ? `${t('rules.grayProducts')} ${g.productCodes.join('、')}` : null,
    g.percent !== undefined ? t('rules.grayShare', { percent: g.percent }) : null,
  ].filter(Boolean);
  return <span>{parts.join(' · ')}</span>;
}
