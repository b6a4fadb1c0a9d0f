'use client';
// The review screen of a submitted version: who submitted it, when and with what note, what it
// changes against the version in force (by the editor's labels), and approve or reject with a
// note. Four eyes: the engine refuses the author, and says so.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Descriptions, Drawer, Form, Input, Space, Typography } from 'antd';
import { useT } from '@/i18n';
import { handleError } from '@/lib/errors';
import { shanghaiTime } from '@/lib/format';
import { useTRPC } from '@/lib/trpc';
import { DiffTable } from './diff-drawer';

export interface ReviewTarget {
  ruleSetId: string;
  versionId: string;
}

export function ReviewDrawer(props: { target: ReviewTarget | null; onClose: () => void }) {
  const t = useT();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ note?: string }>();
  const target = props.target;
  const detail = useQuery(
    trpc.rules.get.queryOptions({ ruleSetId: target?.ruleSetId ?? '0' }, { enabled: !!target }),
  );
  const opts = { meta: { handlesErrors: true } };
  const approve = useMutation(trpc.rules.approve.mutationOptions(opts));
  const reject = useMutation(trpc.rules.reject.mutationOptions(opts));
  const version = detail.data?.versions.find((v) => v.id === target?.versionId);
  const published = detail.data?.published ?? null;
  const label = (no: number) => t('rules.version', { no });

  const decide = async (kind: 'approve' | 'reject') => {
    if (!target) return;
    try {
      const { note } = await form.validateFields();
      const text = note?.trim() ?? '';
      if (kind === 'approve')
        await approve.mutateAsync({ versionId: target.versionId, note: text || undefined });
      else await reject.mutateAsync({ versionId: target.versionId, note: text });
      await queryClient.invalidateQueries({ queryKey: trpc.rules.pathKey() });
      void message.success(t('rules.done'));
      form.resetFields();
      props.onClose();
    } catch (error) {
      // A field the browser refused already shows its message.
      if ((error as { errorFields?: unknown }).errorFields) return;
      handleError(error, { form, sayRefusals: true });
    }
  };

  return (
    <Drawer
      title={
        detail.data && version
          ? t('rules.reviewTitle', {
              name: detail.data.set.name,
              version: label(version.versionNo),
            })
          : t('rules.review')
      }
      open={target !== null}
      onClose={props.onClose}
      size={820}
      destroyOnHidden
      loading={detail.isLoading}
      extra={
        version?.status === 'submitted' && (
          <Space>
            <Button loading={reject.isPending} onClick={() => void decide('reject')}>
              {t('rules.reject')}
            </Button>
            <Button
              type="primary"
              loading={approve.isPending}
              onClick={() => void decide('approve')}
            >
              {t('rules.approve')}
            </Button>
          </Space>
        )
      }
    >
      {detail.data && version && target && (
        <>
          <Descriptions size="small" column={2} style={{ marginBottom: 16 }}>
            <Descriptions.Item label={t('rules.author')}>
              {version.authorName ?? t('rules.system')}
            </Descriptions.Item>
            <Descriptions.Item label={t('rules.submittedAt')}>
              {version.submittedAt ? shanghaiTime(version.submittedAt) : '—'}
            </Descriptions.Item>
            <Descriptions.Item label={t('rules.submitNote')} span={2}>
              <Typography.Text data-testid="submit-note">
                {version.submitNote ?? t('rules.submitNoteNone')}
              </Typography.Text>
            </Descriptions.Item>
            {version.note && (
              <Descriptions.Item label={t('rules.note')} span={2}>
                {version.note}
              </Descriptions.Item>
            )}
          </Descriptions>
          <Typography.Title level={5}>
            {t('rules.reviewDiff', {
              from: published ? label(published.versionNo) : '∅',
              to: label(version.versionNo),
            })}
          </Typography.Title>
          <DiffTable
            kind={detail.data.set.kind}
            fromVersionId={published && published.id !== version.id ? published.id : undefined}
            toVersionId={version.id}
          />
          {version.status === 'submitted' && (
            <Form form={form} layout="vertical" style={{ marginTop: 16 }}>
              <Form.Item
                name="note"
                label={t('rules.reviewNote')}
                extra={t('rules.reasonRequired')}
              >
                <Input.TextArea rows={2} maxLength={500} />
              </Form.Item>
            </Form>
          )}
        </>
      )}
    </Drawer>
  );
}
