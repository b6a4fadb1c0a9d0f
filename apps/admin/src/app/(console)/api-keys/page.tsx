'use client';
// API密钥 (admin, apiKeys.manage): every key of the upstream systems with its status, scopes,
// funders and last use; create, rotate with a grace, revoke, each with its reason. Secrets are
// shown once, never listed.
import { useQuery } from '@tanstack/react-query';
import { Space, Tag, Typography } from 'antd';
import { ApiKeyActions } from '@/components/api-keys/api-key-actions';
import { CreateApiKeyAction } from '@/components/api-keys/create-api-key-action';
import { DataTable, TitledCard, useColumns } from '@/components/kit';
import { StatusBadge } from '@/components/status';
import { useFunderLabel } from '@/components/transfers/use-funder-label';
import { enumLabel, useT } from '@/i18n';
import { shanghaiTime } from '@/lib/format';
import { useTRPC, type RouterOutputs } from '@/lib/trpc';

type ApiKey = RouterOutputs['apiKeys']['list'][number];

export default function ApiKeysPage() {
  const t = useT();
  const trpc = useTRPC();
  const col = useColumns<ApiKey>();
  const funder = useFunderLabel();
  const keys = useQuery(trpc.apiKeys.list.queryOptions());

  return (
    <TitledCard heading={t('apiKeys.title')} extra={<CreateApiKeyAction />}>
      <Typography.Paragraph type="secondary">{t('apiKeys.intro')}</Typography.Paragraph>
      <DataTable<ApiKey>
        rowKey="keyId"
        aria-label={t('apiKeys.title')}
        data-testid="api-keys"
        loading={keys.isLoading}
        dataSource={keys.data ?? []}
        empty={t('apiKeys.empty')}
        scroll={{ x: 1300 }}
        columns={[
          col.code('apiKeys.keyId', 'keyId'),
          col.text('apiKeys.name', 'name'),
          {
            title: t('apiKeys.status'),
            dataIndex: 'status',
            render: (v: string, row) => (
              <Space orientation="vertical" size={0}>
                <StatusBadge group="apiKeyStatus" value={v} />
                {row.previousSecretUntil && (
                  <Typography.Text type="warning">
                    {t('apiKeys.previousUntil', { time: shanghaiTime(row.previousSecretUntil) })}
                  </Typography.Text>
                )}
              </Space>
            ),
          },
          {
            title: t('apiKeys.scopes'),
            dataIndex: 'scopes',
            render: (scopes: string[]) => (
              <Space size={[0, 4]} wrap>
                {scopes.map((s) => (
                  <Tag key={s} title={s}>
                    {enumLabel(t, 'apiScope', s)}
                  </Tag>
                ))}
              </Space>
            ),
          },
          {
            title: t('apiKeys.funders'),
            dataIndex: 'funderCodes',
            render: (codes: string[] | null) =>
              codes === null ? (
                <Tag color="blue">{t('apiKeys.allFunders')}</Tag>
              ) : (
                <Space size={[0, 4]} wrap>
                  {codes.map((c) => (
                    <Tag key={c}>{funder(c)}</Tag>
                  ))}
                </Space>
              ),
          },
          {
            title: t('apiKeys.lastUsed'),
            dataIndex: 'lastUsedAt',
            render: (v: string | null) => (v ? shanghaiTime(v) : t('apiKeys.never')),
          },
          col.time('common.createdAt', 'createdAt'),
          col.actions((row) => (row.status === 'active' ? <ApiKeyActions apiKey={row} /> : null), {
            fixed: 'right',
          }),
        ]}
      />
    </TitledCard>
  );
}
