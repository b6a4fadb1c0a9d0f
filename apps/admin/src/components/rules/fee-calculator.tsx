'use client';
// Live calculator: the charge being edited, run in the browser by the same @repay/rules code
// the engine uses, on sample inputs. Errors show the reason, never a silent zero.
import { Alert, Form, Input, InputNumber, Space, Typography } from 'antd';
import { useState } from 'react';
import { chargeSchema, compileCharge, fenToYuan, yuanToFen } from '@repay/rules';
import { enumLabel, useT } from '@/i18n';
import { formatYuan } from '@/lib/format';

export function FeeCalculator({ index }: { index: number }) {
  const t = useT();
  const charge: unknown = Form.useWatch(['charges', index]);
  const [days, setDays] = useState(10);
  const [principal, setPrincipal] = useState('10000.00');
  const [interest, setInterest] = useState('100.00');
  const [rate, setRate] = useState('0.12');

  let result: { text: string; error: boolean };
  try {
    const parsed = chargeSchema.parse(charge);
    const compiled = compileCharge(parsed);
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
          ? ` ${t('rules.fee.cappedBy', { cap: enumLabel(t, 'cap', accrual.cappedBy) })}`
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
