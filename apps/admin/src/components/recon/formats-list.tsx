'use client';
// 对账格式: the statement layouts, the presets shipped in code (version 0) and the versions
// people saved, with who saved the latest and why; a row unfolds to its JSON. Finance, pm and
// admins edit one (or start a new one from a copy) and save it as the next version.
import { useQuery } from '@tanstack/react-query';
import { Button, Tag, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { DataTable, TitledCard, useColumns } from '@/components/kit';
import { useT } from '@/i18n';
import { shanghaiTime } from '@/lib/format';
import { useCan } from '@/lib/session';
import { useTRPC } from '@/lib/trpc';
import { FormatEditor, type Format } from './format-editor';

const describe = (f: Format) => {
  const d = (f.body as { description?: unknown } | undefined)?.description;
  return typeof d === 'string' ? d : '—';
};

export function FormatsList() {
  const t = useT();
  const trpc = useTRPC();
  const canEdit = useCan('recon.formats');
  const formats = useQuery(trpc.recon.formats.queryOptions());
  const [editing, setEditing] = useState<Format | 'new' | null>(null);
  const col = useColumns<Format>();
  const columns: TableColumnsType<Format> = [
    col.code('recon.formatName', 'name'),
    {
      title: t('recon.version'),
      key: 'version',
      render: (_, f) => (
        <>
          <Tag color={f.version === 0 ? 'default' : 'blue'}>v{f.version}</Tag>
          {f.preset && <Tag>{t('recon.preset')}</Tag>}
        </>
      ),
    },
    {
      title: t('recon.description'),
      key: 'description',
      render: (_, f) => describe(f),
    },
    {
      title: t('recon.savedBy'),
      key: 'savedBy',
      render: (_, f) => {
        const latest = f.versions.at(-1);
        if (!latest)
          return <Typography.Text type="secondary">{t('recon.shipped')}</Typography.Text>;
        return (
          <span>
            {latest.createdBy} · {shanghaiTime(latest.createdAt)}
            <br />
            <Typography.Text type="secondary">{latest.note}</Typography.Text>
          </span>
        );
      },
    },
    ...(canEdit
      ? [
          col.actions((f) => (
            <Button size="small" onClick={() => setEditing(f)}>
              {t('common.edit')}
            </Button>
          )),
        ]
      : []),
  ];

  return (
    <TitledCard
      heading={t('recon.formatsTitle')}
      extra={
        canEdit && (
          <Button type="primary" onClick={() => setEditing('new')}>
            {t('recon.newFormat')}
          </Button>
        )
      }
    >
      <Typography.Paragraph type="secondary">{t('recon.formatsHelp')}</Typography.Paragraph>
      <DataTable<Format>
        rowKey="name"
        aria-label={t('recon.formatsTitle')}
        data-testid="recon-formats"
        loading={formats.isLoading}
        dataSource={formats.data}
        columns={columns}
        expandable={{
          expandedRowRender: (f) => (
            <pre style={{ fontSize: 12, margin: 0, whiteSpace: 'pre-wrap' }}>
              {JSON.stringify(f.body, null, 2)}
            </pre>
          ),
        }}
      />
      <FormatEditor
        editing={editing}
        formats={formats.data ?? []}
        onClose={() => setEditing(null)}
      />
    </TitledCard>
  );
}
