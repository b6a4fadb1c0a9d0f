'use client';
// A format being edited, read over the first rows of a sample file by the engine (nothing is
// stored): each row's line number, its cells as the layout split them, and what it became (our
// order, status, amount and fee), or why it was skipped or could not be read. It follows the
// editor: a change of the body, the sample or the date reads the sample again.
import { useMutation } from '@tanstack/react-query';
import { Alert, Space, Tag, Typography, type TableColumnsType } from 'antd';
import { useEffect, useState } from 'react';
import { DataTable, Money } from '@/components/kit';
import { enumLabel, useT } from '@/i18n';
import { errorInfo } from '@/lib/errors';
import { useTRPC, type RouterOutputs } from '@/lib/trpc';
import type { PickedFile } from './recon-options';

type Preview = RouterOutputs['recon']['previewFormat'];
type Row = Preview['rows'][number];

function Result({ result }: { result: Row['result'] }) {
  const t = useT();
  switch (result.kind) {
    case 'line':
      return (
        <Space size={6} wrap>
          <Typography.Text code>{result.line.orderId}</Typography.Text>
          <Tag color={result.line.status === 'success' ? 'green' : 'default'}>
            {enumLabel(t, 'statementStatus', result.line.status)}
          </Tag>
          <Money value={result.line.amount} />
          {result.line.fee !== null && (
            <Typography.Text type="secondary">
              {t('recon.fee')} <Money value={result.line.fee} />
            </Typography.Text>
          )}
        </Space>
      );
    case 'totals':
      return (
        <Space size={6} wrap>
          <Tag color="blue">{t('recon.previewTotals')}</Tag>
          {result.totals.count !== null && <span>{result.totals.count}</span>}
          {result.totals.amount !== null && <Money value={result.totals.amount} />}
          {result.totals.fee !== null && (
            <Typography.Text type="secondary">
              {t('recon.fee')} <Money value={result.totals.fee} />
            </Typography.Text>
          )}
        </Space>
      );
    case 'skip':
      return (
        <Typography.Text type="secondary">
          {enumLabel(t, 'previewSkip', result.reason)}
        </Typography.Text>
      );
    case 'error':
      return (
        <Typography.Text type="danger">
          {result.column && <code>{result.column}</code>} {result.message}
        </Typography.Text>
      );
  }
}

export function FormatPreview(props: {
  /** The body as JSON, or null while it does not parse (nothing is read then). */
  body: unknown;
  sample: PickedFile | undefined;
  businessDate: string;
}) {
  const t = useT();
  const trpc = useTRPC();
  const preview = useMutation(
    trpc.recon.previewFormat.mutationOptions({ meta: { handlesErrors: true } }),
  );
  const [shown, setShown] = useState<Preview | null>(null);
  const { body, sample, businessDate } = props;
  const { mutate } = preview;

  useEffect(() => {
    if (body === null || !sample) return;
    // Typing settles before the sample is read again.
    const timer = setTimeout(
      () =>
        mutate(
          { body, sample: sample.base64, businessDate },
          { onSuccess: setShown, onError: () => setShown(null) },
        ),
      400,
    );
    return () => clearTimeout(timer);
  }, [body, sample, businessDate, mutate]);

  const columns: TableColumnsType<Row> = [
    { title: t('recon.lineNo'), dataIndex: 'lineNo', width: 70, align: 'right' },
    {
      title: t('recon.cells'),
      dataIndex: 'cells',
      render: (cells: string[]) => (
        <Typography.Text code style={{ fontSize: 12, wordBreak: 'break-all' }}>
          {cells.join(' | ')}
        </Typography.Text>
      ),
    },
    {
      title: t('recon.mapped'),
      dataIndex: 'result',
      width: 380,
      render: (result: Row['result']) => <Result result={result} />,
    },
  ];

  if (!sample) return <Alert type="info" showIcon title={t('recon.previewPick')} />;
  if (body === null) return <Alert type="warning" showIcon title={t('recon.previewInvalid')} />;
  const failed = preview.isError ? errorInfo(preview.error) : null;
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      {failed && (
        <Alert
          type="error"
          showIcon
          title={failed.message}
          description={
            failed.issues.length > 1 && (
              <ul style={{ margin: 0, paddingLeft: 18 }}>
                {failed.issues.map((i) => (
                  <li key={`${i.field}:${i.message}`}>
                    <code>{i.field}</code> {i.message}
                  </li>
                ))}
              </ul>
            )
          }
        />
      )}
      {shown?.error && <Alert type="error" showIcon title={shown.error} />}
      {shown?.header && (
        <Typography.Text type="secondary">
          {t('recon.previewHeader')}: <code>{shown.header.join(' | ')}</code>
        </Typography.Text>
      )}
      <DataTable<Row>
        size="small"
        rowKey="lineNo"
        aria-label={t('recon.preview')}
        data-testid="format-preview"
        loading={preview.isPending}
        dataSource={failed ? [] : (shown?.rows ?? [])}
        columns={columns}
        empty={t('recon.previewEmpty')}
      />
    </Space>
  );
}
