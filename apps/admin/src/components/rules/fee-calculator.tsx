'use client';
// Live calculator: the charge being edited, run in the browser by the same @repay/rules code
// the engine uses, on sample inputs, capped by the sample business line's all-in ceiling as
// the daily accrual caps it. Errors show the reason, never a silent zero.
import { useQuery } from '@tanstack/react-query';
import { Alert, Form, Input, InputNumber, Select, Space, Typography } from 'antd';
import { useState } from 'react';
import { chargeSchema, compileCharge, fenToYuan, yuanToFen } from '@repay/rules';
import { enumLabel, useT } from '@/i18n';
import { formatYuan, percent } from '@/lib/format';
import { useTRPC } from '@/lib/trpc';
import { useRuleScope } from './rule-scope';

/** The business lines with their ceilings, and the one the rule set's scope points at (the strictest it reaches). */
function useCeilings() {
  const trpc = useTRPC();
  const scope = useRuleScope();
  const lines = useQuery(trpc.businessLines.list.queryOptions()).data ?? [];
  const products = useQuery({
    ...trpc.products.list.queryOptions(),
    enabled: scope?.scopeType === 'product',
  }).data;
  const scopeLine =
    scope?.scopeType === 'business_line'
      ? scope.scopeKey
      : scope?.scopeType === 'product'
        ? products?.find((p) => p.code === scope.scopeKey)?.businessLine
        : [...lines].sort((a, b) => Number(a.allInAnnualCeiling) - Number(b.allInAnnualCeiling))[0]
            ?.code;
  return { lines, scopeLine };
}

export function FeeCalculator({ index }: { index: number }) {
  const t = useT();
  const charge: unknown = Form.useWatch(['charges', index]);
  const [days, setDays] = useState(10);
  const [principal, setPrincipal] = useState('10000.00');
  const [interest, setInterest] = useState('100.00');
  const [rate, setRate] = useState('0.12');
  const { lines, scopeLine } = useCeilings();
  const [picked, setPicked] = useState<string | null>(null);
  const line = lines.find((l) => l.code === (picked ?? scopeLine));

  let result: { text: string; error: boolean };
  try {
    const parsed = chargeSchema.parse(charge);
    const compiled = compileCharge(parsed, { ceiling: line?.allInAnnualCeiling });
    const inputs = {
      overduePrincipalFen: yuanToFen(principal),
      overdueInterestFen: yuanToFen(interest),
      outstandingPrincipalFen: yuanToFen(principal),
      contractRate: rate,
      installmentNo: 1,
      termCount: 12,
      remainingTerms: 11,
    };
    const accrual =
      parsed.type === 'prepayment_fee'
        ? { totalFen: compiled.onceFen(inputs, days), cappedBy: null }
        : compiled.accrue(inputs, days);
    result = {
      text:
        t('rules.fee.result', { amount: formatYuan(fenToYuan(accrual.totalFen)) }) +
        (accrual.cappedBy
          ? ` ${t('rules.fee.cappedBy', {
              cap:
                accrual.cappedBy === 'ceiling' && line
                  ? `${enumLabel(t, 'cap', 'ceiling')} ${percent(line.allInAnnualCeiling)}`
                  : enumLabel(t, 'cap', accrual.cappedBy),
            })}`
          : ''),
      error: false,
    };
  } catch (error) {
    result = { text: (error as Error).message, error: true };
  }

  return (
    <div style={{ background: '#fafafa', padding: 8, borderRadius: 6 }}>
      <Typography.Text strong>{t('rules.fee.calculator')}</Typography.Text>
      <Space wrap style={{ marginTop: 6 }}>
        <span>
          {t('rules.fee.sampleDays')}{' '}
          <InputNumber
            size="small"
            min={0}
            max={3650}
            value={days}
            onChange={(v) => setDays(v ?? 0)}
          />
        </span>
        <span>
          {t('rules.fee.samplePrincipal')}{' '}
          <Input
            size="small"
            style={{ width: 110 }}
            value={principal}
            onChange={(e) => setPrincipal(e.target.value)}
          />
        </span>
        <span>
          {t('rules.fee.sampleInterest')}{' '}
          <Input
            size="small"
            style={{ width: 90 }}
            value={interest}
            onChange={(e) => setInterest(e.target.value)}
          />
        </span>
        <span>
          {t('rules.fee.sampleRate')}{' '}
          <Input
            size="small"
            style={{ width: 80 }}
            value={rate}
            onChange={(e) => setRate(e.target.value)}
          />
        </span>
        <span>
          {t('rules.fee.sampleLine')}{' '}
          <Select
            size="small"
            style={{ width: 170 }}
            value={line?.code}
            onChange={(v: string) => setPicked(v)}
            options={lines.map((l) => ({
              value: l.code,
              label: `${enumLabel(t, 'businessLine', l.code)} ≤ ${percent(l.allInAnnualCeiling)}`,
            }))}
            data-testid="fee-sample-line"
          />
        </span>
      </Space>
      <Alert
        style={{ marginTop: 6 }}
        type={result.error ? 'warning' : 'success'}
        title={result.text}
        showIcon
        data-testid="fee-result"
      />
    </div>
  );
}
