'use client';
// What happened to a loan: the events it sent (newest first; published or still waiting in the
// outbox) and the audit trail of who did what, with the reason given.
import { useQuery } from '@tanstack/react-query';
import { Space, Table, Tag, Typography } from 'antd';
import { enumLabel, useT, type Translate } from '@/i18n';
import { shanghaiTime } from '@/lib/format';
import { useTRPC, type RouterOutputs } from '@/lib/trpc';
import { JsonText } from './json-text';

type History = RouterOutputs['loans']['history'];
type Event = History['events'][number];
type Audit = History['audit'][number] & { key: number };

/** A known code with its name, the code itself beside it for searching logs. */
function named(t: Translate, group: string, code: string) {
  const label = enumLabel(t, group, code);
  return label === code ? (
    <Typography.Text code>{code}</Typography.Text>
  ) : (
    <Space size={4} wrap>
      {label}
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {code}
      </Typography.Text>
    </Space>
  );
}

export function LoanEventsTables({ orderNo }: { orderNo: string }) {
  const t = useT();
  const trpc = useTRPC();
  const history = useQuery(trpc.loans.history.queryOptions({ orderNo }));
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <section>
        <h3 className="page-title">{t('events.title')}</h3>
        <Table<Event>
          rowKey="eventId"
          size="small"
          aria-label={t('events.title')}
          data-testid="loan-events"
          loading={history.isLoading}
          dataSource={history.data?.events}
          locale={{ emptyText: t('events.empty') }}
          pagination={{ pageSize: 10, hideOnSinglePage: true }}
          scroll={{ x: 900 }}
          columns={[
            {
              title: t('events.createdAt'),
              dataIndex: 'createdAt',
              render: shanghaiTime,
              width: 170,
            },
            {
              title: t('events.topic'),
              dataIndex: 'topic',
              render: (v: string) => named(t, 'eventTopic', v),
            },
            {
              title: t('events.payload'),
              dataIndex: 'payload',
              render: (v: unknown) => <JsonText value={v} />,
            },
            {
              title: t('events.publishedAt'),
              dataIndex: 'publishedAt',
              render: (v: string | null) =>
                v ? shanghaiTime(v) : <Tag>{t('events.unpublished')}</Tag>,
            },
          ]}
        />
      </section>
      <section>
        <h3 className="page-title">{t('audit.title')}</h3>
        <Table<Audit>
          rowKey="key"
          size="small"
          aria-label={t('audit.title')}
          data-testid="loan-audit"
          loading={history.isLoading}
          dataSource={history.data?.audit.map((a, key) => ({ ...a, key }))}
          locale={{ emptyText: t('audit.empty') }}
          pagination={{ pageSize: 10, hideOnSinglePage: true }}
          scroll={{ x: 900 }}
          columns={[
            {
              title: t('audit.createdAt'),
              dataIndex: 'createdAt',
              render: shanghaiTime,
              width: 170,
            },
            { title: t('audit.actor'), dataIndex: 'actor' },
            {
              title: t('audit.action'),
              dataIndex: 'action',
              render: (v: string) => named(t, 'auditAction', v),
            },
            {
              title: t('audit.reason'),
              dataIndex: 'reason',
              render: (v: string | null) => v ?? '—',
            },
            {
              title: t('audit.diff'),
              dataIndex: 'diff',
              render: (v: unknown) => <JsonText value={v} />,
            },
          ]}
        />
      </section>
    </Space>
  );
}
