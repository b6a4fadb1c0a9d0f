'use client';
// 导出 CSV / 导出 Excel for a list page: the whole list under the page's filters, as the engine
// writes it (GET /exports/<list>.<format>, same origin; masks only, one audit row per export).
// The file streams in while a notice counts what has arrived (rows for CSV, size for both) and
// offers to cancel; once complete it is saved under the engine's name.
import { DownloadOutlined } from '@ant-design/icons';
import { App, Button, Space } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useI18n } from '@/i18n';
import { formatCount } from '@/lib/format';
import {
  exportUrl,
  fileNameOf,
  formatBytes,
  lineBreaks,
  type ExportFilters,
  type ExportFormat,
} from './export-file';

/** How often the notice is redrawn while the file streams in. */
const REDRAW_MS = 250;

function save(blob: Blob, name: string) {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.appendChild(link);
  link.click();
  link.remove();
  // The download has taken the blob by the time this runs.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

export function ExportButton({
  list,
  filters,
  size,
}: {
  /** The engine's name of the list (`audit-log`, `debit-orders`, `payout-orders`). */
  list: string;
  /** The filters the page shows the list under (empty ones are left out). */
  filters: ExportFilters;
  size?: 'small' | 'middle';
}) {
  const { t, locale } = useI18n();
  const { notification } = App.useApp();
  const [running, setRunning] = useState<ExportFormat | null>(null);
  const stop = useRef<AbortController | null>(null);
  useEffect(() => () => stop.current?.abort(), []);

  async function run(format: ExportFormat) {
    const key = `export-${list}`;
    const controller = new AbortController();
    stop.current = controller;
    setRunning(format);
    let bytes = 0;
    let lines = 0;
    const progress = () =>
      format === 'csv'
        ? t('export.progressRows', {
            rows: formatCount(Math.max(0, lines - 1)),
            size: formatBytes(bytes),
          })
        : t('export.progressBytes', { size: formatBytes(bytes) });
    const show = () =>
      notification.info({
        key,
        title: t('export.running'),
        description: <span data-testid="export-progress">{progress()}</span>,
        duration: 0,
        actions: (
          <Button size="small" onClick={() => controller.abort()}>
            {t('export.cancel')}
          </Button>
        ),
      });
    show();
    try {
      const res = await fetch(exportUrl(list, format, filters, locale), {
        credentials: 'include',
        signal: controller.signal,
      });
      if (!res.ok || !res.body) {
        const body = (await res.json().catch(() => null)) as {
          error?: { message?: string };
        } | null;
        throw new Error(body?.error?.message ?? res.statusText);
      }
      const reader = res.body.getReader();
      const chunks: Uint8Array<ArrayBuffer>[] = [];
      let drawn = Date.now();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        chunks.push(value);
        bytes += value.byteLength;
        if (format === 'csv') lines += lineBreaks(value);
        if (Date.now() - drawn >= REDRAW_MS) {
          drawn = Date.now();
          show();
        }
      }
      const name = fileNameOf(res.headers.get('content-disposition')) ?? `${list}.${format}`;
      save(new Blob(chunks, { type: res.headers.get('content-type') ?? undefined }), name);
      notification.success({
        key,
        title: t('export.done'),
        description: (
          <span data-testid="export-progress">
            {name} · {progress()}
          </span>
        ),
        duration: 6,
      });
    } catch (error) {
      if (controller.signal.aborted) notification.info({ key, title: t('export.cancelled') });
      else
        notification.error({
          key,
          title: t('export.failed'),
          description: (error as Error).message,
          duration: 0,
        });
    } finally {
      stop.current = null;
      setRunning(null);
    }
  }

  const button = (format: ExportFormat) => (
    <Button
      size={size}
      icon={<DownloadOutlined />}
      loading={running === format}
      disabled={running !== null && running !== format}
      onClick={() => void run(format)}
    >
      {t(format === 'csv' ? 'export.csv' : 'export.xlsx')}
    </Button>
  );
  return (
    <Space size="small">
      {button('csv')}
      {button('xlsx')}
    </Space>
  );
}
