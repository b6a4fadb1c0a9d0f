'use client';
// A simulation's result, per kind: fee totals and samples, window slots, routing shares, SMS
// counts, allocation parts, remittance fees on sample batches — the version in force on one
// side, the draft on the other.
import { Alert, Card, Col, Row, Space, Statistic, Table, Tag } from 'antd';
import { enumLabel, useT } from '@/i18n';
import { formatCount, yuan } from '@/lib/format';
import type { RouterOutputs } from '@/lib/trpc';
import { columnKit } from '@/components/kit';

export type Simulation = RouterOutputs['rules']['simulate'];
type FeeSample = Extract<Simulation, { kind: 'fee' }>['samples'][number];
type SlotRow = Extract<Simulation, { kind: 'window' }>['draft']['slots'][number];
type RemittanceSample = Extract<Simulation, { kind: 'remittance' }>['samples'][number];

export function SimulationResult({ result }: { result: Simulation }) {
  const t = useT();
  // Nothing in scope: zeros would read as "no change".
  if (result.empty)
    return (
      <Alert type="info" showIcon data-testid="simulation-empty" title={t('rules.sim.empty')} />
    );
  const sample = columnKit<FeeSample>(t);
  const slot = columnKit<SlotRow>(t);
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
          <Table<FeeSample>
            size="small"
            rowKey={(r) => `${r.orderNo}:${r.period}`}
            dataSource={result.samples}
            pagination={false}
            columns={[
              { title: t('loans.orderNo'), dataIndex: 'orderNo' },
              { title: t('plan.period'), dataIndex: 'period' },
              { title: t('plan.overdueDays'), dataIndex: 'overdueDays' },
              sample.money('rules.sim.published', 'published'),
              sample.money('rules.sim.draft', 'draft'),
              sample.money('rules.sim.delta', 'delta'),
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
          <Table<SlotRow>
            size="small"
            rowKey="slot"
            pagination={false}
            dataSource={s.slots}
            columns={[
              { title: t('rules.window.slots'), dataIndex: 'slot' },
              { title: t('rules.sim.eligible'), dataIndex: 'eligible', align: 'right' },
              slot.money('rules.sim.amount', 'amount'),
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
    case 'remittance': {
      const terms = (s: typeof result.published) =>
        s ? (
          <Space wrap>
            <Tag>{enumLabel(t, 'remittanceSettlement', s.settlement)}</Tag>
            <Tag>{`${t('rules.remittance.cutoff')} ${s.cutoff}`}</Tag>
            <Tag>{`${t('rules.remittance.asOf')} ${s.asOf}`}</Tag>
            <Tag>{`${t('rules.remittance.minAmount')} ${yuan(s.minAmount)}`}</Tag>
          </Space>
        ) : (
          t('rules.noneInForce')
        );
      const net = (o: RemittanceSample['draft'] | null) =>
        o && (
          <>
            {yuan(o.net)}
            {o.carried && (
              <Tag color="orange" style={{ marginLeft: 6 }}>
                {t('rules.remittance.carried')}
              </Tag>
            )}
          </>
        );
      return (
        <>
          <Row gutter={12} style={{ marginBottom: 8 }}>
            {side(`${t('rules.sim.published')} · ${result.date}`, terms(result.published))}
            {side(`${t('rules.sim.draft')} · ${result.date}`, terms(result.draft))}
          </Row>
          <Alert type="info" title={t('rules.sim.sampleBatches')} style={{ marginBottom: 8 }} />
          <Table<RemittanceSample>
            size="small"
            rowKey="gross"
            pagination={false}
            dataSource={result.samples}
            columns={[
              {
                title: t('rules.sim.gross'),
                dataIndex: 'gross',
                align: 'right',
                render: (v: string) => yuan(v),
              },
              {
                title: `${t('rules.sim.published')} · ${t('rules.sim.fee')}`,
                align: 'right',
                render: (_: unknown, r) => yuan(r.published?.fee),
              },
              {
                title: `${t('rules.sim.published')} · ${t('rules.sim.net')}`,
                align: 'right',
                render: (_: unknown, r) => net(r.published) ?? '-',
              },
              {
                title: `${t('rules.sim.draft')} · ${t('rules.sim.fee')}`,
                align: 'right',
                render: (_: unknown, r) => yuan(r.draft.fee),
              },
              {
                title: `${t('rules.sim.draft')} · ${t('rules.sim.net')}`,
                align: 'right',
                render: (_: unknown, r) => net(r.draft),
              },
            ]}
          />
        </>
      );
    }
  }
}
