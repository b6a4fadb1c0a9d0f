'use client';
// 重新付款: orders again what a batch's failed parts left unpaid (payouts.handle).
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button } from 'antd';
import { useT } from '@/i18n';
import { handleError } from '@/lib/errors';
import { useTRPC } from '@/lib/trpc';

export function PayAgainButton({ batchId }: { batchId: string }) {
  const t = useT();
  const trpc = useTRPC();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const payAgain = useMutation(
    trpc.payouts.payBatchAgain.mutationOptions({ meta: { handlesErrors: true } }),
  );
  return (
    <Button
      size="small"
      loading={payAgain.isPending}
      onClick={() =>
        void payAgain
          .mutateAsync({ batchId })
          .then(async () => {
            await queryClient.invalidateQueries({ queryKey: trpc.payouts.pathKey() });
            void message.success(t('batches.paidAgain'));
          })
          .catch(async (error: unknown) => {
            handleError(error);
            await queryClient.invalidateQueries({ queryKey: trpc.payouts.batches.pathKey() });
          })
      }
    >
      {t('batches.payAgain')}
    </Button>
  );
}
