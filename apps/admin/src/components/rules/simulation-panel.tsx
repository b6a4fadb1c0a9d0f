'use client';
// Simulation before publishing: the saved draft against the version in force, per kind.
import { useQueryClient } from '@tanstack/react-query';
import { Button, Card, DatePicker, Space } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import type { RuleKind } from '@repay/rules/vocabulary';
import { useT } from '@/i18n';
import { handleError } from '@/lib/errors';
import { useTRPC } from '@/lib/trpc';
import { SimulationResult, type Simulation } from './simulation-result';

export function SimulationPanel({ kind, versionId }: { kind: RuleKind; versionId?: string }) {
  const t = useT();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [date, setDate] = useState<Dayjs>(dayjs());
  const [loading, setLoading] = useState(false);
  const [result, setResult] = useState<Simulation | null>(null);
  const run = async () => {
    if (!versionId) return;
    setLoading(true);
    try {
      const options = trpc.rules.simulate.queryOptions({
        versionId,
        date: kind === 'window' ? date.format('YYYY-MM-DD') : undefined,
      });
      setResult(await queryClient.fetchQuery({ ...options, staleTime: 0 }));
    } catch (error) {
      handleError(error);
    } finally {
      setLoading(false);
    }
  };
  return (
    <Card
      size="small"
      title={t('rules.sim.title')}
      style={{ marginTop: 16 }}
      data-testid="simulation"
    >
      <Space style={{ marginBottom: 12 }}>
        {kind === 'window' && (
          <DatePicker
            value={date}
            onChange={(d) => d && setDate(d)}
            allowClear={false}
            aria-label={t('rules.sim.date')}
          />
        )}
        <Button
          type="primary"
          ghost
          loading={loading}
          disabled={!versionId}
          onClick={() => void run()}
        >
          {t('rules.sim.run')}
        </Button>
        {!versionId && <span>{t('rules.sim.saveFirst')}</span>}
      </Space>
      {result && <SimulationResult result={result} />}
    </Card>
  );
}
