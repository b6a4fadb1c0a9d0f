'use client';
// Make a funder account the default or disable it, then refresh the list (or say why not).
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App } from 'antd';
import { useT } from '@/i18n';
import { handleError } from '@/lib/errors';
import { useTRPC } from '@/lib/trpc';

export function useSetFunderAccount() {
  const t = useT();
  const trpc = useTRPC();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const mutation = useMutation(
    trpc.payouts.setFunderAccount.mutationOptions({ meta: { handlesErrors: true } }),
  );
  return (id: string, action: 'make_default' | 'disable') =>
    void mutation
      .mutateAsync({ id, action })
      .then(() => void message.success(t('common.saved')))
      .catch((error: unknown) => handleError(error))
      .finally(
        () =>
          void queryClient.invalidateQueries({ queryKey: trpc.payouts.funderAccounts.pathKey() }),
      );
}
