'use client';
// Remittance (划付): the settlement cycle, the daily batch's cut-off, the minimum net and the
// platform fee (problems show at the field, as the editor checks the body); the preview runs the same @repay/rules code the engine does on a sample gross,
// for the engine's business date.
import { useQuery } from '@tanstack/react-query';
import { Alert, Card, Form, Input, Radio, Space, Typography } from 'antd';
import { useState } from 'react';
import {
  fenToYuan,
  formatPath,
  REMITTANCE_SETTLEMENTS,
  remittanceAsOf,
  remittanceOf,
  validateRuleBody,
  yuanToFen,
} from '@repay/rules';
import { useT } from '@/i18n';
import { formatYuan } from '@/lib/format';
import { useEnumOptions } from '@/lib/options';
import { useTRPC } from '@/lib/trpc';
import { TimeField } from './fields';

export function RemittanceForm() {
  const t = useT();
  const settlements = useEnumOptions('remittanceSettlement', REMITTANCE_SETTLEMENTS);
  return (
    <>
      <Card size="small" style={{ marginBottom: 12 }}>
        <Form.Item name="settlement" label={t('rules.remittance.settlement')}>
          <Radio.Group options={settlements} />
        </Form.Item>
        <Space wrap size="large">
          <TimeField name="cutoff" label={t('rules.remittance.cutoff')} />
          <Form.Item
            name="minAmount"
            label={t('rules.remittance.minAmount')}
            tooltip={t('rules.remittance.minAmountHelp')}
          >
            <Input style={{ width: 160 }} addonBefore="¥" placeholder="100.00" />
          </Form.Item>
        </Space>
      </Card>
      <Card size="small" title={t('rules.remittance.platformFee')} style={{ marginBottom: 12 }}>
        <Typography.Paragraph type="secondary">
          {t('rules.remittance.feeHelp')}
        </Typography.Paragraph>
        <Space wrap size="large">
          <Form.Item name={['platformFee', 'percent']} label={t('rules.remittance.percent')}>
            <Input style={{ width: 140 }} addonAfter="%" placeholder="0.50" />
          </Form.Item>
          <Form.Item
            name={['platformFee', 'fixedPerBatch']}
            label={t('rules.remittance.fixedPerBatch')}
          >
            <Input style={{ width: 140 }} addonBefore="¥" placeholder="0.00" />
          </Form.Item>
          <Form.Item
            name={['platformFee', 'minPerBatch']}
            label={t('rules.remittance.minPerBatch')}
          >
            <Input style={{ width: 140 }} addonBefore="¥" placeholder="0.00" />
          </Form.Item>
        </Space>
      </Card>
      <RemittancePreview />
    </>
  );
}

/** The rule being edited on a sample gross: fee, net or why it is carried, and what the batch covers. */
function RemittancePreview() {
  const t = useT();
  const trpc = useTRPC();
  const form = Form.useFormInstance();
  const [gross, setGross] = useState('10000.00');
  const businessDate = useQuery(trpc.debits.now.queryOptions()).data?.date;
  const body = {
    settlement: Form.useWatch('settlement', form) as unknown,
    cutoff: Form.useWatch('cutoff', form) as unknown,
    minAmount: Form.useWatch('minAmount', form) as unknown,
    platformFee: Form.useWatch('platformFee', form) as unknown,
  };

  let result: { lines: string[]; carried: boolean; error: boolean };
  try {
    const checked = validateRuleBody('remittance', body);
    if (!checked.ok) {
      const issue = checked.issues[0]!;
      throw new Error(`${formatPath(issue.path) || '(rule)'}: ${issue.message}`);
    }
    const rule = checked.rule;
    const r = remittanceOf(rule, yuanToFen(gross.trim()));
    const money = (fen: bigint) => formatYuan(fenToYuan(fen));
    const outcome = !r.carried
      ? t('rules.remittance.result', { fee: money(r.feeFen), net: money(r.netFen) })
      : r.grossFen <= 0n
        ? t('rules.remittance.carriedNothing')
        : t('rules.remittance.carriedBelow', {
            net: money(r.netFen),
            min: money(yuanToFen(rule.minAmount)),
          });
    const covers = businessDate
      ? t('rules.remittance.covers', {
          date: businessDate,
          cutoff: rule.cutoff,
          asOf: remittanceAsOf(rule, businessDate),
        })
      : null;
    result = {
      lines: covers ? [outcome, covers] : [outcome],
      carried: r.carried,
      error: false,
    };
  } catch (error) {
    result = { lines: [(error as Error).message], carried: false, error: true };
  }

  return (
    <div style={{ background: '#fafafa', padding: 8, borderRadius: 6 }}>
      <Space wrap>
        <Typography.Text strong>{t('rules.remittance.preview')}</Typography.Text>
        <span>
          {t('rules.remittance.sampleGross')}{' '}
          <Input
            size="small"
            style={{ width: 140 }}
            value={gross}
            onChange={(e) => setGross(e.target.value)}
            data-testid="remittance-sample-gross"
          />
        </span>
      </Space>
      <Alert
        style={{ marginTop: 6 }}
        type={result.error || result.carried ? 'warning' : 'success'}
        title={result.lines[0]}
        description={result.lines[1]}
        showIcon
        data-testid="remittance-result"
      />
    </div>
  );
}
