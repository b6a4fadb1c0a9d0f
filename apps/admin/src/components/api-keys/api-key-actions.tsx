'use client';
// An active key's row actions: rotate (a new secret, shown once; the old one works for the
// grace period) and revoke (at once); each asks the reason the audit log keeps.
import { Form, InputNumber, Space, Typography } from 'antd';
import { MutationModalButton, ReasonField } from '@/components/kit';
import { useT } from '@/i18n';
import { useTRPC, type RouterOutputs } from '@/lib/trpc';
import { useShowApiKeySecret } from './secret-modal';

type ApiKey = RouterOutputs['apiKeys']['list'][number];

/** The engine's bounds of a rotation's grace (api-keys.schema.ts). */
const GRACE_HOURS = { default: 24, max: 720 };

export function ApiKeyActions({ apiKey }: { apiKey: ApiKey }) {
  const t = useT();
  const trpc = useTRPC();
  const showSecret = useShowApiKeySecret();
  const invalidate = [trpc.apiKeys.list.queryKey()];
  const key = apiKey.keyId;
  return (
    <Space size={4} wrap>
      <MutationModalButton
        button={{ label: t('apiKeys.rotate'), size: 'small' }}
        title={t('apiKeys.rotateTitle', { key })}
        intro={
          <Typography.Paragraph type="secondary">{t('apiKeys.rotateHelp')}</Typography.Paragraph>
        }
        mutation={trpc.apiKeys.rotate.mutationOptions()}
        input={(v: { graceHours: number; reason: string }) => ({
          keyId: key,
          graceHours: v.graceHours,
          reason: v.reason.trim(),
        })}
        initialValues={{ graceHours: GRACE_HOURS.default }}
        invalidate={invalidate}
        success={null}
        onSuccess={(result) => showSecret(result.key, result.secret)}
      >
        <Form.Item
          name="graceHours"
          label={t('apiKeys.graceHours')}
          rules={[{ required: true, message: t('common.required') }]}
        >
          <InputNumber min={0} max={GRACE_HOURS.max} precision={0} style={{ width: 160 }} />
        </Form.Item>
        <ReasonField label={t('apiKeys.reason')} />
      </MutationModalButton>
      <MutationModalButton
        button={{ label: t('apiKeys.revoke'), size: 'small', danger: true }}
        title={t('apiKeys.revokeTitle', { key })}
        danger
        intro={
          <Typography.Paragraph type="secondary">{t('apiKeys.revokeHelp')}</Typography.Paragraph>
        }
        mutation={trpc.apiKeys.revoke.mutationOptions()}
        input={(v: { reason: string }) => ({ keyId: key, reason: v.reason.trim() })}
        invalidate={invalidate}
        success={t('apiKeys.revoked')}
        invalidateOnConflict
      >
        <ReasonField label={t('apiKeys.reason')} />
      </MutationModalButton>
    </Space>
  );
}
