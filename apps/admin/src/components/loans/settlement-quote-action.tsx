'use client';
// An early settlement quote (ops, finance, admin) for a date — the engine refuses one more than
// 30 days ahead — that finance settles with the bank reference of the payment.
import { useMutation } from '@tanstack/react-query';
import { Button, DatePicker, Descriptions, Form, Input, Modal } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useFormSubmit } from '@/components/kit';
import { useT, type MessageKey } from '@/i18n';
import { handleError } from '@/lib/errors';
import { shanghaiTime, yuan } from '@/lib/format';
import { useTRPC, type RouterOutputs } from '@/lib/trpc';
import { useEngineNow } from './engine-now';

type Quote = RouterOutputs['loans']['settlementQuote'];
type Values = { date: Dayjs; reference?: string };

export function SettlementQuoteAction(props: { orderNo: string; canSettle: boolean }) {
  const t = useT();
  const trpc = useTRPC();
  const engine = useEngineNow();
  const [open, setOpen] = useState(false);
  const [quote, setQuote] = useState<Quote | null>(null);
  const [form] = Form.useForm<Values>();
  const makeQuote = useMutation(
    trpc.loans.settlementQuote.mutationOptions({ meta: { handlesErrors: true } }),
  );
  const settle = useFormSubmit(
    form,
    {
      mutation: trpc.loans.settle.mutationOptions(),
      input: (v: Values) => ({
        orderNo: props.orderNo,
        quoteId: quote!.quoteId,
        reference: v.reference ?? '',
      }),
      success: t('loans.settled'),
      invalidate: [trpc.loans.pathKey()],
    },
    () => setOpen(false),
  );

  const askQuote = async () => {
    const v = await form.validateFields(['date']);
    try {
      const date = v.date.format('YYYY-MM-DD');
      setQuote(await makeQuote.mutateAsync({ orderNo: props.orderNo, date }));
    } catch (error) {
      handleError(error, { form });
    }
  };
  const settleQuote = async () => {
    if (!quote) return;
    await settle.run(await form.validateFields(['reference']));
  };

  return (
    <>
      <Button
        size="small"
        disabled={!engine.ready}
        onClick={() => {
          form.resetFields();
          form.setFieldsValue({ date: engine.now() });
          setQuote(null);
          setOpen(true);
        }}
      >
        {t('loans.settleQuote')}
      </Button>
      <Modal
        open={open}
        title={t('loans.settleQuote')}
        onCancel={() => setOpen(false)}
        destroyOnHidden
        footer={[
          <Button key="quote" loading={makeQuote.isPending} onClick={() => void askQuote()}>
            {t('loans.quoteNow')}
          </Button>,
          props.canSettle && (
            <Button
              key="settle"
              type="primary"
              disabled={!quote}
              loading={settle.busy}
              onClick={() => void settleQuote()}
            >
              {t('loans.settleOffline')}
            </Button>
          ),
        ]}
      >
        <Form form={form} layout="vertical">
          <Form.Item name="date" label={t('loans.quoteDate')} rules={[{ required: true }]}>
            <DatePicker style={{ width: '100%' }} />
          </Form.Item>
          {quote && <QuoteFigures quote={quote} />}
          {quote && props.canSettle && (
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
    </>
  );
}

const BREAKDOWN: [keyof Quote['breakdown'], MessageKey][] = [
  ['principal', 'loans.quotePrincipal'],
  ['interest', 'loans.quoteInterest'],
  ['penalty', 'loans.quotePenalty'],
  ['fee', 'loans.quoteFee'],
  ['prepaymentFee', 'loans.quotePrepaymentFee'],
];

function QuoteFigures({ quote }: { quote: Quote }) {
  const t = useT();
  return (
    <Descriptions size="small" column={1} bordered data-testid="settlement-quote">
      <Descriptions.Item label={t('loans.quoteAmount')}>{yuan(quote.amount)}</Descriptions.Item>
      {BREAKDOWN.map(([part, label]) => (
        <Descriptions.Item key={part} label={t(label)}>
          {yuan(quote.breakdown[part])}
        </Descriptions.Item>
      ))}
      <Descriptions.Item label={t('loans.quoteExpiresAt')}>
        {shanghaiTime(quote.expiresAt)}
      </Descriptions.Item>
    </Descriptions>
  );
}
