'use client';
// 待复核批准: resolutions of manual review as succeeded above the approval limit, waiting for
// a second finance user. The engine refuses the proposer (four eyes) with its own words, shown
// as they are; a resolution the channel overtook comes back as a conflict.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Form, Input, Modal, Space, Table, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { StatusBadge } from '@/components/status';
import { useT } from '@/i18n';
import { errorInfo, handleError } from '@/lib/errors';
import { shanghaiTime, yuan } from '@/lib/format';
import { useCan } from '@/lib/session';
import { useTRPC, type RouterOutputs } from '@/lib/trpc';

type Row = RouterOutputs['debits']['resolutions'][number];

export function ResolutionsQueue() {
  const t = useT();
  const trpc = useTRPC();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const canDecide = useCan('debits.review');
  const [decision, setDecision] = useState<{ row: Row; approve: boolean } | null>(null);
  const [form] = Form.useForm<{ note: string }>();
  const list = useQuery({
    ...trpc.debits.resolutions.queryOptions({}),
    refetchInterval: 5000,
  });
  const decide = useMutation(
    trpc.debits.decideResolution.mutationOptions({ meta: { handlesErrors: true } }),
  );
  useEffect(() => {
    if (decision) form.resetFields();
  }, [decision, form]);
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.debits.pathKey() });

  const submit = async () => {
    if (!decision) return;
    const v = await form.validateFields();
    try {
      await decide.mutateAsync({
        resolutionId: decision.row.id,
        approve: decision.approve,
        note: v.note.trim(),
      });
      void message.success(t(decision.approve ? 'review.approved' : 'review.rejected'));
      setDecision(null);
      await refresh();
    } catch (error) {
      const info = errorInfo(error);
      if (info.code === 'FORBIDDEN' && info.appCode === 'FORBIDDEN')
        void message.error(info.message);
      else handleError(error, { form });
      if (info.code === 'CONFLICT') await refresh();
    }
  };

  return (
    <Card title={t('review.waiting')} size="small">
      <Typography.Paragraph type="secondary">{t('review.waitingHelp')}</Typography.Paragraph>
      <Table<Row>
        rowKey="id"
        size="small"
        aria-label={t('review.waiting')}
        data-testid="review-waiting"
        loading={list.isLoading}
        dataSource={list.data}
        locale={{ emptyText: t('review.empty') }}
        pagination={false}
        scroll={{ x: 1100 }}
        columns={[
          { title: t('debits.orderNo'), dataIndex: 'orderNo' },
          { title: t('debits.period'), dataIndex: 'period', align: 'right', width: 70 },
          { title: t('debits.amount'), dataIndex: 'amount', align: 'right', render: yuan },
          { title: t('debits.channel'), dataIndex: 'channel' },
          { title: t('review.evidence'), dataIndex: 'evidence' },
          { title: t('debits.reason'), dataIndex: 'reason' },
          { title: t('review.proposedBy'), dataIndex: 'proposedBy' },
          { title: t('review.proposedAt'), dataIndex: 'proposedAt', render: shanghaiTime },
          {
            title: t('common.status'),
            dataIndex: 'status',
            render: (v: string) => <StatusBadge group="resolutionStatus" value={v} />,
          },
          ...(canDecide
            ? [
                {
                  title: t('common.actions'),
                  key: 'actions',
                  render: (_: unknown, row: Row) => (
                    <Space size={0}>
                      <Button
                        type="link"
                        size="small"
                        onClick={() => setDecision({ row, approve: true })}
                      >
                        {t('review.approve')}
                      </Button>
                      <Button
                        type="link"
                        size="small"
                        danger
                        onClick={() => setDecision({ row, approve: false })}
                      >
                        {t('review.reject')}
                      </Button>
                    </Space>
                  ),
                },
              ]
            : []),
        ]}
      />
      <Modal
        open={decision !== null}
        title={t(decision?.approve ? 'review.approveTitle' : 'review.rejectTitle', {
          amount: decision ? yuan(decision.row.amount) : '',
        })}
        okText={t(decision?.approve ? 'review.approve' : 'review.reject')}
        okButtonProps={{ danger: decision?.approve === false }}
        onOk={() => void submit()}
        onCancel={() => setDecision(null)}
        confirmLoading={decide.isPending}
        destroyOnHidden
      >
        <Form form={form} layout="vertical">
          <Form.Item
            name="note"
            label={t('review.note')}
            rules={[{ required: true, whitespace: true, min: 2, max: 500 }]}
          >
            <Input.TextArea rows={3} maxLength={500} />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
