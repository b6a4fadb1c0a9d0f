'use client';
// 对账总览: each channel's days with a statement, newest first, filtered by channel and dates:
// where each stands, the statement as imported, the latest run's outcomes (badges, and the
// chart of outcomes per day). Ops and finance upload a statement and reconcile a day; anyone
// who reads downloads the original file. The last answer stays shown above the table.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, DatePicker, Form, Popconfirm, Select, Space } from 'antd';
import type { Dayjs } from 'dayjs';
import Link from 'next/link';
import { useState } from 'react';
import { EChart } from '@/components/echart';
import { DataTable, SearchForm, Stack, TitledCard } from '@/components/kit';
import { useT } from '@/i18n';
import { handleError } from '@/lib/errors';
import { formatYuan } from '@/lib/format';
import { useCan } from '@/lib/session';
import { useTRPC, type RouterInputs, type RouterOutputs } from '@/lib/trpc';
import { OutcomeBadges, useDayColumns, type Day } from './day-columns';
import { useOutcomeChart } from './outcome-chart';
import { saveBase64, useChannelOptions } from './recon-options';
import { UploadStatementAction, type ImportAnswer } from './upload-statement-action';

type Filters = Omit<RouterInputs['recon']['days'], 'limit'>;
type RunAnswer = RouterOutputs['recon']['run'];
// Not named like the upload form's fields: both forms are on the page, and ids follow names.
interface SearchValues {
  channelCode?: string;
  dates?: [Dayjs | null, Dayjs | null] | null;
}

function toFilters(v: SearchValues): Filters {
  const next: Filters = {};
  if (v.channelCode) next.channel = v.channelCode;
  if (v.dates?.[0]) next.from = v.dates[0].format('YYYY-MM-DD');
  if (v.dates?.[1]) next.to = v.dates[1].format('YYYY-MM-DD');
  return next;
}

/** What the last upload or run answered. */
type Notice =
  { kind: 'import'; answer: ImportAnswer } | { kind: 'run'; day: Day; answer: RunAnswer };

function NoticeAlert({ notice, onClose }: { notice: Notice; onClose: () => void }) {
  const t = useT();
  if (notice.kind === 'import') {
    const { answer } = notice;
    const vars = { id: answer.importId, lines: answer.lines, amount: formatYuan(answer.amount) };
    return (
      <Alert
        type={answer.duplicate ? 'warning' : 'success'}
        showIcon
        closable={{ onClose }}
        data-testid="recon-notice"
        title={t(answer.duplicate ? 'recon.duplicate' : 'recon.imported', vars)}
      />
    );
  }
  const { answer, day } = notice;
  const query = new URLSearchParams({ channel: day.channelCode, date: day.businessDate });
  return (
    <Alert
      type="info"
      showIcon
      closable={{ onClose }}
      data-testid="recon-notice"
      title={t('recon.ran', {
        channel: day.channelCode,
        date: day.businessDate,
        attempt: answer.attempt,
        opened: answer.casesOpened,
      })}
      description={
        <Space wrap>
          <OutcomeBadges counts={answer.counts} />
          {answer.casesOpened > 0 && (
            <Link href={`/recon/cases?${query.toString()}`}>{t('recon.seeCases')}</Link>
          )}
        </Space>
      }
    />
  );
}

export function ReconOverview() {
  const t = useT();
  const trpc = useTRPC();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const canRun = useCan('recon.run');
  const [form] = Form.useForm<SearchValues>();
  const [filters, setFilters] = useState<Filters>({});
  const [notice, setNotice] = useState<Notice | null>(null);
  const [downloading, setDownloading] = useState<string | null>(null);
  const days = useQuery(trpc.recon.days.queryOptions({ ...filters, limit: 200 }));
  const channels = useChannelOptions();
  const chart = useOutcomeChart(days.data);
  const run = useMutation(trpc.recon.run.mutationOptions({ meta: { handlesErrors: true } }));

  const reconcile = async (day: Day) => {
    try {
      const answer = await run.mutateAsync({ channel: day.channelCode, date: day.businessDate });
      await queryClient.invalidateQueries({ queryKey: trpc.recon.pathKey() });
      setNotice({ kind: 'run', day, answer });
    } catch (error) {
      handleError(error);
    }
  };

  const download = async (day: Day) => {
    setDownloading(day.statement.importId);
    try {
      const file = await queryClient.fetchQuery(
        trpc.recon.importFile.queryOptions({ importId: day.statement.importId }),
      );
      saveBase64(file.fileName, file.base64);
      void message.success(t('recon.downloaded', { name: file.fileName }));
    } catch (error) {
      handleError(error);
    } finally {
      setDownloading(null);
    }
  };

  const columns = useDayColumns((day) => (
    <Space size={4}>
      {canRun && (
        <Popconfirm
          title={t('recon.runConfirm', { channel: day.channelCode, date: day.businessDate })}
          onConfirm={() => reconcile(day)}
        >
          <Button
            size="small"
            type="primary"
            loading={run.isPending && run.variables.date === day.businessDate}
          >
            {t(day.run ? 'recon.rerun' : 'recon.run')}
          </Button>
        </Popconfirm>
      )}
      <Button
        size="small"
        loading={downloading === day.statement.importId}
        onClick={() => void download(day)}
      >
        {t('recon.download')}
      </Button>
    </Space>
  ));

  const reconciled = (days.data ?? []).some((d) => d.run !== null);
  return (
    <Stack>
      <TitledCard
        heading={t('recon.overviewTitle')}
        extra={
          canRun && (
            <UploadStatementAction onAnswer={(answer) => setNotice({ kind: 'import', answer })} />
          )
        }
      >
        <Stack>
          <Alert type="info" showIcon title={t('recon.overviewHelp')} />
          <SearchForm<SearchValues>
            form={form}
            layout="inline"
            label={t('recon.search')}
            onSearch={(v) => setFilters(toFilters(v))}
          >
            <Form.Item name="channelCode">
              <Select
                placeholder={t('recon.channel')}
                aria-label={t('recon.channel')}
                options={channels}
                allowClear
                style={{ width: 200 }}
              />
            </Form.Item>
            <Form.Item name="dates">
              <DatePicker.RangePicker
                allowEmpty={[true, true]}
                aria-label={t('recon.businessDate')}
                placeholder={[t('recon.from'), t('recon.to')]}
              />
            </Form.Item>
          </SearchForm>
          {notice && <NoticeAlert notice={notice} onClose={() => setNotice(null)} />}
          <DataTable<Day>
            rowKey={(d) => `${d.channelCode}:${d.businessDate}`}
            aria-label={t('recon.overviewTitle')}
            data-testid="recon-days"
            loading={days.isLoading}
            dataSource={days.data}
            columns={columns}
            empty={t('recon.noDays')}
            pageSize={20}
            scroll={{ x: 1500 }}
          />
        </Stack>
      </TitledCard>
      {reconciled && (
        <TitledCard heading={t('recon.chartTitle')} level={2}>
          <EChart option={chart} height={300} label={t('recon.chartTitle')} />
        </TitledCard>
      )}
    </Stack>
  );
}
