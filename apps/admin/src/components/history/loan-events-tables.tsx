'use client';
// What happened to a loan: the events it sent (newest first; published or still waiting in the
// outbox) and the audit trail of who did what, with the reason given.
import { useQuery } from '@tanstack/react-query';
import { Space, Tag, Typography } from 'antd';
import { DataTable, Stack, useColumns } from '@/components/kit';
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
  const event = useColumns<Event>();
  const audit = useColumns<Audit>();
  const table = {
    size: 'small',
    loading: history.isLoading,
    pageSize: 10,
    scroll: { x: 900 },
  } as const;
  return (
    <Stack gap="large">
      <section>
        <h3 className="page-title">{t('events.title')}</h3>
        <DataTable<Event>
          {...table}
          rowKey="eventId"
          aria-label={t('events.title')}
          data-testid="loan-events"
          dataSource={history.data?.events}
          empty={t('events.empty')}
          columns={[
            event.time('events.createdAt', 'createdAt', { width: 170 }),
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
        <DataTable<Audit>
          {...table}
          rowKey="key"
          aria-label={t('audit.title')}
          data-testid="loan-audit"
          dataSource={history.data?.audit.map((a, key) => ({ ...a, key }))}
          empty={t('audit.empty')}
          columns={[
            audit.time('audit.createdAt', 'createdAt', { width: 170 }),
            audit.text('audit.actor', 'actor'),
            {
              title: t('audit.action'),
              dataIndex: 'action',
              render: (v: string) => named(t, 'auditAction', v),
            },
            audit.optional('audit.reason', 'reason'),
            {
              title: t('audit.diff'),
              dataIndex: 'diff',
              render: (v: unknown) => <JsonText value={v} />,
            },
          ]}
        />
      </section>
    </Stack>
  );
}
