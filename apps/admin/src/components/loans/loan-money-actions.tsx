'use client';
// Money on a loan outside the windows: an early settlement quote (ops, finance, admin) that
// finance settles with the bank reference of the payment, and an offline repayment (finance,
// admin).
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, DatePicker, Descriptions, Form, Input, Modal, Space } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useT } from '@/i18n';
import { handleError } from '@/lib/errors';
import { shanghaiTime, yuan } from '@/lib/format';
import { useCan } from '@/lib/session';
import { useTRPC, type RouterOutputs } from '@/lib/trpc';

type Quote = RouterOutputs['loans']['settlementQuote'];

export function LoanMoneyActions(props: { orderNo: string; active: boolean }) {
  const t = useT();
  const trpc = useTRPC();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const canQuote = useCan('loans.quote');
  const canReceive = useCan('loans.receive');
  const [quoting, setQuoting] = useState(false);
  const [quote, setQuote] = useState<Quote | null>(null);
  const [repaying, setRepaying] = useState(false);
  const [quoteForm] = Form.useForm<{ date: Dayjs; reference?: string }>();
  const [repayForm] = Form.useForm<{ amount: string; paidAt: Dayjs; reference: string }>();
  const opts = { meta: { handlesErrors: true } };
  const makeQuote = useMutation(trpc.loans.settlementQuote.mutationOptions(opts));
  const settle = useMutation(trpc.loans.settle.mutationOptions(opts));
  const repay = useMutation(trpc.loans.recordRepayment.mutationOptions(opts));
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.loans.pathKey() });
  // The engine's business date and time, not the browser's (demo clocks may differ): the
  // buttons wait for it, so a form never opens on the browser's date (the engine refuses a
  // quote more than 30 days ahead); if it cannot be read, the browser's clock is the fallback.
  const now = useQuery(trpc.debits.now.queryOptions());
  const engineNow = () =>
    now.data ? dayjs(`${now.data.date}T${now.data.time.slice(0, 5)}:00+08:00`) : dayjs();
  if (!props.active || (!canQuote && !canReceive)) return null;

  const askQuote = async () => {
    const v = await quoteForm.validateFields(['date']);
    try {
      setQuote(
        await makeQuote.mutateAsync({ orderNo: props.orderNo, date: v.date.format('YYYY-MM-DD') }),
      );
    } catch (error) {
      handleError(error, { form: quoteForm });
    }
  };

  const settleQuote = async () => {
    if (!quote) return;
    const v = await quoteForm.validateFields(['reference']);
    try {
      await settle.mutateAsync({
        orderNo: props.orderNo,
        quoteId: quote.quoteId,
        reference: v.reference ?? '',
      });
      void message.success(t('loans.settled'));
      setQuoting(false);
      await refresh();
    } catch (error) {
      handleError(error, { form: quoteForm });
    }
  };

  const submitRepayment = async () => {
    const v = await repayForm.validateFields();
    try {
      await repay.mutateAsync({
        orderNo: props.orderNo,
        amount: v.amount,
        paidAt: v.paidAt.format('YYYY-MM-DDTHH:mm:ssZ'),
        reference: v.reference,
      });
      void message.success(t('common.saved'));
      setRepaying(false);
      await refresh();
    } catch (error) {
      handleError(error, { form: repayForm });
    }
  };

  return (
    <Space>
      {canQuote && (
        <Button
          size="small"
          disabled={now.isPending}
          onClick={() => {
            quoteForm.resetFields();
            quoteForm.setFieldsValue({ date: engineNow() });
            setQuote(null);
            setQuoting(true);
          }}
        >
          {t('loans.settleQuote')}
        </Button>
      )}
      {canReceive && (
        <Button
          size="small"
          disabled={now.isPending}
          onClick={() => {
            repayForm.resetFields();
            repayForm.setFieldsValue({ paidAt: engineNow() });
            setRepaying(true);
          }}
        >
          {t('loans.offlineRepayment')}
        </Button>
      )}
      <Modal
        open={quoting}
        title={t('loans.settleQuote')}
        onCancel={() => setQuoting(false)}
        destroyOnHidden
        footer={[
          <Button key="quote" loading={makeQuote.isPending} onClick={() => void askQuote()}>
            {t('loans.quoteNow')}
          </Button>,
          canReceive && (
            <Button
              key="settle"
              type="primary"
              disabled={!quote}
              loading={settle.isPending}
              onClick={() => void settleQuote()}
            >
              {t('loans.settleOffline')}
            </Button>
          ),
        ]}
      >
        <Form form={quoteForm} layout="vertical">
          <Form.Item name="date" label={t('loans.quoteDate')} rules={[{ required: true }]}>
            <DatePicker style={{ width: '100%' }} />
          </Form.Item>
          {quote && (
            <Descriptions size="small" column={1} bordered data-testid="settlement-quote">
              <Descriptions.Item label={t('loans.quoteAmount')}>
                {yuan(quote.amount)}
              </Descriptions.Item>
              <Descriptions.Item label={t('loans.quotePrincipal')}>
                {yuan(quote.breakdown.principal)}
              </Descriptions.Item>
              <Descriptions.Item label={t('loans.quoteInterest')}>
                {yuan(quote.breakdown.interest)}
              </Descriptions.Item>
              <Descriptions.Item label={t('loans.quotePenalty')}>
                {yuan(quote.breakdown.penalty)}
              </Descriptions.Item>
              <Descriptions.Item label={t('loans.quoteFee')}>
                {yuan(quote.breakdown.fee)}
              </Descriptions.Item>
              <Descriptions.Item label={t('loans.quotePrepaymentFee')}>
                {yuan(quote.breakdown.prepaymentFee)}
              </Descriptions.Item>
              <Descriptions.Item label={t('loans.quoteExpiresAt')}>
                {shanghaiTime(quote.expiresAt)}
              </Descriptions.Item>
            </Descriptions>
          )}
          {quote && canReceive && (
            <Form.Item
              name="reference"
              label={t('loans.bankReference')}
              style={{ marginTop: 16 }}
              rules={[{ required: true }]}
            >
              <Input maxLength={64} />
            </Form.Item>
          )}
        </Form>
      </Modal>
      <Modal
        open={repaying}
        title={t('loans.offlineRepayment')}
        onOk={() => void submitRepayment()}
        confirmLoading={repay.isPending}
        onCancel={() => setRepaying(false)}
        destroyOnHidden
      >
        <Form form={repayForm} layout="vertical">
          <Form.Item
            name="amount"
            label={t('loans.repaymentAmount')}
            rules={[{ required: true, pattern: /^\d{1,12}(\.\d{1,2})?$/ }]}
          >
            <Input prefix="¥" placeholder="1000.00" />
          </Form.Item>
          <Form.Item name="paidAt" label={t('loans.paidAt')} rules={[{ required: true }]}>
            <DatePicker showTime style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name="reference" label={t('loans.bankReference')} rules={[{ required: true }]}>
            <Input maxLength={64} />
          </Form.Item>
        </Form>
      </Modal>
    </Space>
  );
}
