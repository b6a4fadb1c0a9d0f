'use client';
// 资产对账: a run of the checks (the latest, or one chosen), its breaks per funder as a chart and
// as a list filtered by funder, check and loan (50 at a time), a button to run a date
// (recon.run), and the funders' own files with their comparison.
import { keepPreviousData, useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { Alert, Form, Input, Select, Space, Typography } from 'antd';
import { useState } from 'react';
import { ASSET_RECON_CHECKS } from '@repay/rules/vocabulary';
import { EChart } from '@/components/echart';
import { KeysetTable, nextCursorPaging, SearchForm, Stack, TitledCard } from '@/components/kit';
import { useT } from '@/i18n';
import { shanghaiTime } from '@/lib/format';
import { useEnumOptions, useReferenceOptions } from '@/lib/options';
import { useCan } from '@/lib/session';
import { useTRPC, type RouterInputs } from '@/lib/trpc';
import { useBreakColumns, type AssetBreak } from './break-columns';
import { useBreaksChart } from './breaks-chart';
import { FunderFilesCard } from './funder-files-card';
import { RunAssetsAction } from './run-assets-action';

type Filters = Pick<RouterInputs['reconAssets']['breaks'], 'funder' | 'check' | 'orderNo'>;
interface SearchValues {
  funder?: string;
  check?: Filters['check'];
  orderNo?: string;
}

function toFilters(v: SearchValues): Filters {
  const next: Filters = {};
  if (v.funder) next.funder = v.funder;
  if (v.check) next.check = v.check;
  if (v.orderNo?.trim()) next.orderNo = v.orderNo.trim();
  return next;
}

export function AssetReconPage() {
  const t = useT();
  const trpc = useTRPC();
  const canRun = useCan('recon.run');
  const [form] = Form.useForm<SearchValues>();
  const [runId, setRunId] = useState<string | undefined>(undefined);
  const [filters, setFilters] = useState<Filters>({});
  const runs = useQuery(trpc.reconAssets.runs.queryOptions({ limit: 60 }));
  const funders = useQuery(trpc.reconAssets.funders.queryOptions({ runId }));
  const breaks = useInfiniteQuery({
    ...trpc.reconAssets.breaks.infiniteQueryOptions(
      { runId, ...filters, limit: 50 },
      nextCursorPaging,
    ),
    placeholderData: keepPreviousData,
  });
  const chart = useBreaksChart(funders.data?.funders);
  const columns = useBreakColumns();
  const checks = useEnumOptions('assetCheck', ASSET_RECON_CHECKS);
  const { funders: funderOptions } = useReferenceOptions();
  const run = funders.data?.run ?? null;

  return (
    <Stack>
      <TitledCard
        heading={t('reconAssets.title')}
        extra={canRun && <RunAssetsAction onAnswer={(answer) => setRunId(answer.runId)} />}
      >
        <Stack>
          <Alert type="info" showIcon title={t('reconAssets.help')} />
          <Space wrap>
            <Select
              aria-label={t('reconAssets.runPick')}
              placeholder={t('reconAssets.runPick')}
              style={{ width: 320 }}
              loading={runs.isLoading}
              value={runId ?? run?.runId}
              onChange={(value: string) => setRunId(value)}
              options={(runs.data ?? []).map((r) => ({
                value: r.runId,
                label: t('reconAssets.runLabel', {
                  date: r.date,
                  attempt: r.attempt,
                  breaks: r.breaks,
                }),
              }))}
            />
            {run ? (
              <Typography.Text type="secondary" data-testid="asset-run-summary">
                {t('reconAssets.summary', {
                  loans: run.loans,
                  funders: run.funders,
                  breaks: run.breaks,
                  by: run.by,
                  at: shanghaiTime(run.createdAt),
                })}
              </Typography.Text>
            ) : (
              !funders.isLoading && (
                <Typography.Text type="secondary">{t('reconAssets.noRun')}</Typography.Text>
              )
            )}
          </Space>
          {(funders.data?.funders.length ?? 0) > 0 && (
            <EChart option={chart} height={280} label={t('reconAssets.chartTitle')} />
          )}
        </Stack>
      </TitledCard>
      {run && (
        <TitledCard heading={t('reconAssets.breaksTitle')} level={2}>
          <SearchForm<SearchValues>
            form={form}
            layout="inline"
            label={t('reconAssets.search')}
            onSearch={(v) => setFilters(toFilters(v))}
          >
            <Form.Item name="funder">
              <Select
                placeholder={t('reconAssets.funder')}
                aria-label={t('reconAssets.funder')}
                options={funderOptions}
                allowClear
                style={{ width: 220 }}
              />
            </Form.Item>
            <Form.Item name="check">
              <Select
                placeholder={t('reconAssets.check')}
                aria-label={t('reconAssets.check')}
                options={checks}
                allowClear
                style={{ width: 160 }}
              />
            </Form.Item>
            <Form.Item name="orderNo">
              <Input
                placeholder={t('reconAssets.orderNo')}
                aria-label={t('reconAssets.orderNo')}
                allowClear
              />
            </Form.Item>
          </SearchForm>
          <KeysetTable<AssetBreak>
            rowKey="breakId"
            aria-label={t('reconAssets.breaksTitle')}
            data-testid="asset-breaks"
            list={breaks}
            columns={columns}
            empty={t('reconAssets.noBreaks')}
            scroll={{ x: 1200 }}
          />
        </TitledCard>
      )}
      <FunderFilesCard />
    </Stack>
  );
}
