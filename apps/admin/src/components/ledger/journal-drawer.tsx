'use client';
// One journal (凭证) whole: its key, kind, date and loan, and every line of it on its account,
// debit or credit; the lines sum to zero (the ledger refuses any journal that does not).
import { useQuery } from '@tanstack/react-query';
import { Alert, Descriptions, Drawer, Skeleton, Table, Typography } from 'antd';
import { LoanLink, Money, Stack } from '@/components/kit';
import { useT } from '@/i18n';
import { shanghaiTime } from '@/lib/format';
import { useTRPC } from '@/lib/trpc';
import type { LedgerLine } from './ledger-columns';

export function JournalDrawer({
  journalId,
  onClose,
}: {
  journalId: string | null;
  onClose: () => void;
}) {
  const t = useT();
  const trpc = useTRPC();
  const journal = useQuery({
    ...trpc.ledger.journal.queryOptions({ journalId: journalId ?? '0' }),
    enabled: journalId !== null,
  });
  const j = journal.data;
  return (
    <Drawer
      open={journalId !== null}
      onClose={onClose}
      size={860}
      title={journalId ? t('ledger.journalTitle', { id: journalId }) : ''}
      destroyOnHidden
    >
      {journal.isLoading && <Skeleton active />}
      {journal.error && <Alert type="error" showIcon title={journal.error.message} />}
      {j && (
        <Stack gap="large">
          <Descriptions size="small" column={2} bordered>
            <Descriptions.Item label={t('ledger.journalKey')} span={2}>
              <Typography.Text code>{j.key}</Typography.Text>
            </Descriptions.Item>
            <Descriptions.Item label={t('ledger.kind')}>
              <Typography.Text code>{j.kind}</Typography.Text>
            </Descriptions.Item>
            <Descriptions.Item label={t('ledger.effectiveDate')}>
              {j.effectiveDate}
            </Descriptions.Item>
            <Descriptions.Item label={t('ledger.orderNo')}>
              {j.orderNo ? <LoanLink orderNo={j.orderNo} tab="money" /> : '—'}
            </Descriptions.Item>
            <Descriptions.Item label={t('ledger.postedAt')}>{shanghaiTime(j.at)}</Descriptions.Item>
            <Descriptions.Item label={t('ledger.memo')} span={2}>
              {j.memo ?? '—'}
            </Descriptions.Item>
          </Descriptions>
          <Table<LedgerLine>
            size="small"
            bordered
            rowKey="id"
            pagination={false}
            data-testid="journal-lines"
            dataSource={j.lines}
            columns={[
              {
                title: t('ledger.account'),
                dataIndex: 'accountCode',
                render: (code: string, l) => (
                  <>
                    <code>{code}</code>{' '}
                    <Typography.Text type="secondary">{l.accountName}</Typography.Text>
                  </>
                ),
              },
              {
                title: t('ledger.period'),
                dataIndex: 'period',
                width: 70,
                render: (p: number | null) => p ?? '—',
              },
              {
                title: t('ledger.debit'),
                dataIndex: 'debit',
                align: 'right',
                width: 140,
                render: (v: string | null) => (v ? <Money value={v} /> : ''),
              },
              {
                title: t('ledger.credit'),
                dataIndex: 'credit',
                align: 'right',
                width: 140,
                render: (v: string | null) => (v ? <Money value={v} /> : ''),
              },
            ]}
            summary={() => (
              <Table.Summary.Row>
                <Table.Summary.Cell index={0} colSpan={2}>
                  <span data-testid="journal-balance">
                    {t('ledger.balanced', { total: j.total })}
                  </span>
                </Table.Summary.Cell>
                <Table.Summary.Cell index={2} align="right">
                  <Money value={j.debits} />
                </Table.Summary.Cell>
                <Table.Summary.Cell index={3} align="right">
                  <Money value={j.debits} />
                </Table.Summary.Cell>
              </Table.Summary.Row>
            )}
          />
        </Stack>
      )}
    </Drawer>
  );
}
