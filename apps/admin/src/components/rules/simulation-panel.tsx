'use client';
// Simulation before publishing: the saved draft against the version in force, per kind.
import { useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Col, DatePicker, Row, Space, Statistic, Table, Tag } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import type { RuleKind } from '@repay/rules/vocabulary';
import { useT } from '@/i18n';
import { handleError } from '@/lib/errors';
import { formatCount, yuan } from '@/lib/format';
import { useTRPC, type RouterOutputs } from '@/lib/trpc';

type Simulation = RouterOutputs['rules']['simulate'];

function Result({ result }: { result: Simulation }) {
  const t = useT();
  const side = (title: string, content: React.ReactNode) => (
    <Col xs={24} md={12}>
      <Card size="small" title={title}>
        {content}
      </Card>
    </Col>
  );
  switch (result.kind) {
    case 'fee':
      return (
        <>
          {result.failed > 0 && (
            <Alert
              type="warning"
              showIcon
              style={{ marginBottom: 8 }}
              title={t('rules.sim.failed', { count: result.failed })}
              description={
                <ul style={{ margin: 0, paddingLeft: 18 }}>
                  {result.failures.map((f) => (
                    <li
                      key={`${f.orderNo}:${f.period}:${f.side}`}
                    >{`${f.orderNo} #${f.period} (${f.side}): ${f.message}`}</li>
                  ))}
                </ul>
              }
            />
          )}
          <Space size="large" wrap>
            <Statistic title={t('rules.sim.scanned')} value={formatCount(result.scanned)} />
            <Statistic title={t('rules.sim.affected')} value={formatCount(result.affected)} />
            <Statistic title={t('rules.sim.publishedTotal')} value={yuan(result.publishedTotal)} />
            <Statistic title={t('rules.sim.draftTotal')} value={yuan(result.draftTotal)} />
            <Statistic title={t('rules.sim.delta')} value={yuan(result.delta)} />
          </Space>
          <Table
            size="small"
            rowKey={(r) => `${r.orderNo}:${r.period}`}
            dataSource={result.samples}
            pagination={false}
            columns={[
              { title: t('loans.orderNo'), dataIndex: 'orderNo' },
              { title: t('plan.period'), dataIndex: 'period' },
              { title: t('plan.overdueDays'), dataIndex: 'overdueDays' },
              {
                title: t('rules.sim.published'),
                dataIndex: 'published',
                align: 'right',
                render: yuan,
              },
              { title: t('rules.sim.draft'), dataIndex: 'draft', align: 'right', render: yuan },
              { title: t('rules.sim.delta'), dataIndex: 'delta', align: 'right', render: yuan },
            ]}
          />
        </>
      );
    case 'window': {
      const slots = (s: typeof result.draft) => (
        <>
          <p>
            {t('rules.sim.deductionDay')}：{s.deductionDay ? t('enum.yes') : t('enum.no')}
          </p>
          <Table
            size="small"
            rowKey="slot"
            pagination={false}
            dataSource={s.slots}
            columns={[
              { title: t('rules.window.slots'), dataIndex: 'slot' },
              { title: t('rules.sim.eligible'), dataIndex: 'eligible', align: 'right' },
              { title: t('rules.sim.amount'), dataIndex: 'amount', align: 'right', render: yuan },
            ]}
          />
        </>
      );
      return (
        <Row gutter={12}>
          {side(t('rules.sim.published'), slots(result.published))}
          {side(t('rules.sim.draft'), slots(result.draft))}
        </Row>
      );
    }
    case 'routing': {
      const shares = (rows: typeof result.draft) => (
        <Table
          size="small"
          rowKey="channel"
          pagination={false}
          dataSource={rows}
          columns={[
            { title: t('rules.sim.channel'), dataIndex: 'channel' },
            { title: t('rules.sim.count'), dataIndex: 'count', align: 'right' },
            {
              title: t('rules.sim.share'),
              dataIndex: 'share',
              align: 'right',
              render: (v: number) => `${v}%`,
            },
          ]}
        />
      );
      return (
        <Row gutter={12}>
          {side(t('rules.sim.published'), shares(result.published))}
          {side(t('rules.sim.draft'), shares(result.draft))}
        </Row>
      );
    }
    case 'sms': {
      const list = (rows: typeof result.draft) => (
        <Table
          size="small"
          rowKey="message"
          pagination={false}
          dataSource={rows}
          columns={[
            { title: t('rules.sim.message'), dataIndex: 'message' },
            { title: t('rules.sim.count'), dataIndex: 'count', align: 'right' },
          ]}
        />
      );
      return (
        <>
          <Alert type="info" title={result.note} style={{ marginBottom: 8 }} />
          <Row gutter={12}>
            {side(`${t('rules.sim.published')} · ${result.date}`, list(result.published))}
            {side(`${t('rules.sim.draft')} · ${result.date}`, list(result.draft))}
          </Row>
        </>
      );
    }
    case 'allocation': {
      const parts = (p: typeof result.draft) => (
        <Space wrap>
          {(['penalty', 'fee', 'interest', 'principal'] as const).map((c) => (
            <Tag key={c}>
              {t(`enum.component.${c}`)} {yuan(p[c])}
            </Tag>
          ))}
        </Space>
      );
      return (
        <Row gutter={12}>
          {side(
            `${t('rules.sim.published')} · ${t('rules.sim.loans')} ${result.loans}`,
            parts(result.published),
          )}
          {side(t('rules.sim.draft'), parts(result.draft))}
        </Row>
      );
    }
  }
}

export function SimulationPanel({ kind, versionId }: { kind: RuleKind; versionId?: string }) {
  const t = useT();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [date, setDate] = useState<Dayjs>(dayjs());
  const [loading, setLoading] = useState(false);
  const [result, setResult] = useState<Simulation | null>(null);
  const run = async () => {
    if (!versionId) return;
    setLoading(true);
    try {
      const options = trpc.rules.simulate.queryOptions({
        versionId,
        date: kind === 'window' ? date.format('YYYY-MM-DD') : undefined,
      });
      setResult(await queryClient.fetchQuery({ ...options, staleTime: 0 }));
    } catch (error) {
      handleError(error);
    } finally {
      setLoading(false);
    }
  };
  return (
    <Card
      size="small"
      title={t('rules.sim.title')}
      style={{ marginTop: 16 }}
      data-testid="simulation"
    >
      <Space style={{ marginBottom: 12 }}>
        {kind === 'window' && (
          <DatePicker
            value={date}
            onChange={(d) => d && setDate(d)}
            allowClear={false}
            aria-label={t('rules.sim.date')}
          />
        )}
        <Button
          type="primary"
          ghost
          loading={loading}
          disabled={!versionId}
          onClick={() => void run()}
        >
          {t('rules.sim.run')}
        </Button>
        {!versionId && <span>{t('rules.sim.saveFirst')}</span>}
      </Space>
      {result && <Result result={result} />}
    </Card>
  );
}
