'use client';
// 资金方资产文件: a funder's own file of its loans uploaded (recon.run) and compared with our
// books as of its date: how many loans agree, and each that does not (figures that differ, a
// loan the file leaves out, one we do not know, one another funder owns) with both sides.
import { useQuery } from '@tanstack/react-query';
import { Alert, DatePicker, Form, Select, Space, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { DataTable, MutationModalButton, Stack, TitledCard } from '@/components/kit';
import { FileField } from '@/components/recon/file-field';
import { STATEMENT_MAX_BYTES, type PickedFile } from '@/components/recon/recon-options';
import { useT } from '@/i18n';
import { formatYuan } from '@/lib/format';
import { useReferenceOptions } from '@/lib/options';
import { useCan } from '@/lib/session';
import { useTRPC } from '@/lib/trpc';
import { useComparisonColumns, type ComparedLoan } from './comparison-columns';

interface UploadValues {
  funder: string;
  date: Dayjs;
  format?: string;
  file: PickedFile;
}

function UploadFunderFile(props: { onImported: (fileId: string) => void }) {
  const t = useT();
  const trpc = useTRPC();
  const { funders } = useReferenceOptions();
  const formats = useQuery(trpc.reconAssets.fileFormats.queryOptions());
  return (
    <MutationModalButton
      button={{ label: t('reconAssets.upload'), type: 'primary' }}
      intro={<p>{t('reconAssets.uploadHelp')}</p>}
      mutation={trpc.reconAssets.upload.mutationOptions()}
      input={(v: UploadValues) => ({
        funder: v.funder,
        date: v.date.format('YYYY-MM-DD'),
        format: v.format,
        fileName: v.file.name,
        file: v.file.base64,
      })}
      success={(answer) =>
        answer.duplicate
          ? {
              type: 'warning',
              content: t('reconAssets.duplicate', { id: answer.fileId }),
              duration: 6,
            }
          : t('reconAssets.imported', {
              id: answer.fileId,
              lines: answer.lines,
              outstanding: formatYuan(answer.outstandingPrincipal),
              overdue: formatYuan(answer.overdueAmount),
            })
      }
      onSuccess={(answer) => props.onImported(answer.fileId)}
      invalidate={[trpc.reconAssets.files.pathKey()]}
    >
      <Form.Item
        name="funder"
        label={t('reconAssets.funder')}
        rules={[{ required: true, message: t('reconAssets.funderRequired') }]}
      >
        <Select options={funders} showSearch optionFilterProp="label" />
      </Form.Item>
      <Form.Item
        name="date"
        label={t('reconAssets.asOf')}
        rules={[{ required: true, message: t('reconAssets.dateRequired') }]}
      >
        <DatePicker />
      </Form.Item>
      <Form.Item name="format" label={t('reconAssets.format')} extra={t('reconAssets.formatHelp')}>
        <Select
          allowClear
          options={(formats.data ?? []).map((f) => ({
            value: f.name,
            label: `${f.name} (${f.encoding})`,
          }))}
        />
      </Form.Item>
      <FileField
        name="file"
        label={t('reconAssets.file')}
        ariaLabel={t('reconAssets.pickFile')}
        maxBytes={STATEMENT_MAX_BYTES}
        accept=".csv,.txt"
      />
    </MutationModalButton>
  );
}

export function FunderFilesCard() {
  const t = useT();
  const trpc = useTRPC();
  const canRun = useCan('recon.run');
  const [fileId, setFileId] = useState<string | undefined>(undefined);
  const files = useQuery(trpc.reconAssets.files.queryOptions({ limit: 50 }));
  const chosen = fileId ?? files.data?.[0]?.fileId;
  const comparison = useQuery({
    ...trpc.reconAssets.comparison.queryOptions({ fileId: chosen ?? 'faf_0' }),
    enabled: chosen !== undefined,
  });
  const columns = useComparisonColumns();
  const counts = comparison.data?.counts;

  return (
    <TitledCard
      heading={t('reconAssets.filesTitle')}
      level={2}
      extra={canRun && <UploadFunderFile onImported={setFileId} />}
    >
      <Stack>
        <Alert type="info" showIcon title={t('reconAssets.filesHelp')} />
        <Space wrap>
          <Select
            aria-label={t('reconAssets.filePick')}
            placeholder={t('reconAssets.filePick')}
            style={{ width: 360 }}
            loading={files.isLoading}
            value={chosen}
            onChange={(value: string) => setFileId(value)}
            options={(files.data ?? []).map((f) => ({
              value: f.fileId,
              label: t('reconAssets.fileLabel', {
                funder: f.funderCode,
                date: f.date,
                lines: f.lines,
                id: f.fileId,
              }),
            }))}
            notFoundContent={t('reconAssets.noFiles')}
          />
          {counts && (
            <Typography.Text type="secondary" data-testid="funder-file-counts">
              {t('reconAssets.counts', {
                matched: counts.matched,
                differs: counts.differs,
                missing: counts.missingInFile,
                unknown: counts.unknownLoan,
                other: counts.otherFunder,
              })}
            </Typography.Text>
          )}
        </Space>
        {chosen && (
          <DataTable<ComparedLoan>
            rowKey="orderNo"
            aria-label={t('reconAssets.filesTitle')}
            data-testid="funder-file-comparison"
            loading={comparison.isLoading}
            dataSource={comparison.data?.rows}
            columns={columns}
            empty={t('reconAssets.noDifferences')}
            pageSize={50}
            scroll={{ x: 1400 }}
          />
        )}
      </Stack>
    </TitledCard>
  );
}
