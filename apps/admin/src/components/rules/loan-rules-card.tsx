'use client';
// "Which rule governs this loan?": the version of each rule kind in force for it now.
import { useQuery } from '@tanstack/react-query';
import { Badge, Card, Descriptions, Space } from 'antd';
import Link from 'next/link';
import { useT } from '@/i18n';
import { useTRPC } from '@/lib/trpc';
import { EnumTag } from '../status';
import { ScopeKey } from './rule-summary';

export function LoanRulesCard({ orderNo }: { orderNo: string }) {
  const t = useT();
  const trpc = useTRPC();
  const rules = useQuery(trpc.rules.forLoan.queryOptions({ orderNo }));
  return (
    <Card title={<h2 className="page-title">{t('rules.forLoan')}</h2>} loading={rules.isLoading}>
      <Descriptions column={{ xs: 1, md: 2, xl: 3 }} size="small">
        {(rules.data ?? []).map(({ kind, resolved }) => (
          <Descriptions.Item key={kind} label={t(`enum.ruleKind.${kind}`)}>
            {resolved ? (
              <Space size={4} wrap>
                <Link href={`/rules/${resolved.ruleSetId}`}>{resolved.ruleSetName}</Link>
                <span>{t('rules.version', { no: resolved.versionNo })}</span>
                <EnumTag group="ruleScope" value={resolved.scopeType} />
                <ScopeKey scopeType={resolved.scopeType} scopeKey={resolved.scopeKey} />
                {resolved.gray && <Badge status="processing" text={t('enum.pubMode.gray')} />}
              </Space>
            ) : (
              t('rules.none')
            )}
          </Descriptions.Item>
        ))}
      </Descriptions>
    </Card>
  );
}
