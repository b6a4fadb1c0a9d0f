'use client';
// What is in force: the published version, or — during a gray release — the full and gray
// sides next to each other with the gray target; reviewers promote or abandon the gray side.
import { Button, Card, Col, Empty, Row, Space, Typography } from 'antd';
import type { RuleKind } from '@repay/rules/vocabulary';
import { useT } from '@/i18n';
import { GrayTargetText, RuleSummary } from '../rule-summary';
import type { ActionKind } from '../action-modal';
import type { RuleSetDetail } from './use-rule-actions';

export function InForce(props: {
  kind: RuleKind;
  detail: RuleSetDetail;
  canReview: boolean;
  onAction: (kind: ActionKind) => void;
}) {
  const t = useT();
  const { kind } = props;
  const { published, gray, grayTarget } = props.detail;
  if (!gray)
    return published ? (
      <Card size="small" title={t('rules.version', { no: published.versionNo })}>
        <RuleSummary kind={kind} body={published.body} />
      </Card>
    ) : (
      <Empty description={t('rules.noneInForce')} />
    );
  return (
    <Row gutter={12}>
      <Col xs={24} lg={12}>
        <Card
          size="small"
          title={t('rules.fullSide', {
            version: t('rules.version', { no: published?.versionNo ?? 0 }),
          })}
        >
          {published ? <RuleSummary kind={kind} body={published.body} /> : <Empty />}
        </Card>
      </Col>
      <Col xs={24} lg={12}>
        <Card
          size="small"
          title={t('rules.graySide', { version: t('rules.version', { no: gray.versionNo }) })}
          extra={
            props.canReview && (
              <Space>
                <Button size="small" type="primary" onClick={() => props.onAction('promote')}>
                  {t('rules.promote')}
                </Button>
                <Button size="small" danger onClick={() => props.onAction('abandon')}>
                  {t('rules.abandon')}
                </Button>
              </Space>
            )
          }
        >
          <Typography.Paragraph type="secondary">
            {t('rules.grayTarget')}：<GrayTargetText target={grayTarget} />
          </Typography.Paragraph>
          <RuleSummary kind={kind} body={gray.body} />
        </Card>
      </Col>
    </Row>
  );
}
