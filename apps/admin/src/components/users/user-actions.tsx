'use client';
// A user's row actions: change the role, disable or enable, reset the password; each asks the
// reason the audit log keeps. One's own row has none (the engine refuses them too).
import { Space, Typography } from 'antd';
import { MutationModalButton, ReasonField } from '@/components/kit';
import { useT } from '@/i18n';
import { useTRPC, type RouterOutputs } from '@/lib/trpc';
import { RoleField } from './role-select';
import { useShowTemporaryPassword } from './temporary-password';

type User = RouterOutputs['users']['list'][number];

export function UserActions({ user }: { user: User }) {
  const t = useT();
  const trpc = useTRPC();
  const showPassword = useShowTemporaryPassword();
  const invalidate = [trpc.users.list.queryKey()];
  const disabling = user.status === 'active';
  return (
    <Space size={4} wrap>
      <MutationModalButton
        button={{ label: t('users.changeRole'), size: 'small' }}
        mutation={trpc.users.changeRole.mutationOptions()}
        input={(v: { role: User['role']; reason: string }) => ({ userId: user.id, ...v })}
        initialValues={{ role: user.role }}
        invalidate={invalidate}
      >
        <RoleField label={t('users.newRole')} />
        <ReasonField label={t('users.reason')} />
      </MutationModalButton>
      <MutationModalButton
        button={{
          label: disabling ? t('users.disable') : t('users.enable'),
          size: 'small',
          danger: disabling,
        }}
        danger={disabling}
        intro={
          disabling && (
            <Typography.Paragraph type="secondary">{t('users.disableHelp')}</Typography.Paragraph>
          )
        }
        mutation={trpc.users.setStatus.mutationOptions()}
        input={(v: { reason: string }) => ({
          userId: user.id,
          status: disabling ? ('disabled' as const) : ('active' as const),
          reason: v.reason,
        })}
        invalidate={invalidate}
      >
        <ReasonField label={t('users.reason')} />
      </MutationModalButton>
      <MutationModalButton
        button={{ label: t('users.resetPassword'), size: 'small' }}
        intro={<Typography.Paragraph type="secondary">{t('users.resetHelp')}</Typography.Paragraph>}
        mutation={trpc.users.resetPassword.mutationOptions()}
        input={(v: { reason: string }) => ({ userId: user.id, reason: v.reason })}
        invalidate={invalidate}
        success={null}
        onSuccess={(result) => showPassword(user.username, result.temporaryPassword)}
      >
        <ReasonField label={t('users.reason')} />
      </MutationModalButton>
    </Space>
  );
}
