'use client';
// A rule set's card: where it sits (rules / name), its kind, scope, the version published and
// the revision, and for authors the button that starts a new version.
import { Button, Card, Descriptions, Space, Tag } from 'antd';
import Link from 'next/link';
import { EnumTag } from '@/components/status';
import { useT } from '@/i18n';
import { ScopeKey } from '../rule-summary';
import type { RuleSetDetail } from './use-rule-actions';

export function RuleSetHeader(props: {
  detail: RuleSetDetail;
  canAuthor: boolean;
  onNewVersion: () => void;
}) {
  const t = useT();
  const { set, published, versions } = props.detail;
  return (
    <Card
      title={
        <Space>
          <Link href="/rules">{t('rules.title')}</Link>/<span>{set.name}</span>
        </Space>
      }
      extra={
        props.canAuthor && (
          <Button
            type="primary"
            onClick={props.onNewVersion}
            disabled={!published && versions.length === 0}
          >
            {t('rules.newVersion')}
          </Button>
        )
      }
    >
      <Descriptions size="small" column={{ xs: 1, md: 4 }}>
        <Descriptions.Item label={t('rules.kind')}>
          <EnumTag group="ruleKind" value={set.kind} />
        </Descriptions.Item>
        <Descriptions.Item label={t('rules.scope')}>
          <EnumTag group="ruleScope" value={set.scopeType} />{' '}
          <ScopeKey scopeType={set.scopeType} scopeKey={set.scopeKey} />
        </Descriptions.Item>
        <Descriptions.Item label={t('rules.published')}>
          {published ? (
            <Tag color="green">{t('rules.version', { no: published.versionNo })}</Tag>
          ) : (
            t('rules.none')
          )}
        </Descriptions.Item>
        <Descriptions.Item label={t('rules.revision', { revision: '' })}>
          {set.revision}
        </Descriptions.Item>
        <Descriptions.Item label={t('rules.description')} span={4}>
          {set.description}
        </Descriptions.Item>
      </Descriptions>
    </Card>
  );
}
