'use client';
// 立即发送: sends what the positions allow now (the schedule does it every minute).
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button } from 'antd';
import { useT } from '@/i18n';
import { handleError } from '@/lib/errors';
import { useCan } from '@/lib/session';
import { useTRPC } from '@/lib/trpc';

export function DispatchButton() {
  const t = useT();
  const trpc = useTRPC();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const can = useCan('payouts.handle');
  const dispatch = useMutation(
    trpc.payouts.dispatch.mutationOptions({ meta: { handlesErrors: true } }),
  );
  if (!can) return null;
  return (
    <Button
      type="primary"
      loading={dispatch.isPending}
      onClick={() =>
        void dispatch
          .mutateAsync()
          .then(async () => {
            await queryClient.invalidateQueries({ queryKey: trpc.payouts.pathKey() });
            void message.success(t('payouts.dispatched'));
          })
          .catch((error: unknown) => handleError(error))
      }
    >
      {t('payouts.dispatch')}
    </Button>
  );
}
