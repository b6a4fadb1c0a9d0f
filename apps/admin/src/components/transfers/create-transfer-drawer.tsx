'use client';
// 新建转让 (transfers.write: admin, finance): loans (pasted, one per line or comma separated),
// the funder they go to, the cut-off date (the engine's business date by default: completes at
// once) and the price ratio. The engine's refusals land on the field they name: an unknown,
// inactive or repeated loan on the order numbers, a funder that already owns one on the funder,
// a cut-off not after a loan's last one on the date.
import { useQuery } from '@tanstack/react-query';
import { DatePicker, Form, Input, Select, type FormInstance } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect } from 'react';
import { EditDrawer } from '@/components/kit';
import { useT } from '@/i18n';
import { errorInfo } from '@/lib/errors';
import { useTRPC, type RouterOutputs } from '@/lib/trpc';
import { parseOrderNos } from './order-nos';

type Transfer = RouterOutputs['transfers']['create'];

interface Values {
  orderNos: string;
  toFunderCode: string;
  cutoffDate: Dayjs;
  priceRatio: string;
}

const RATIO = /^\d{1,4}(\.\d{1,6})?$/;

/** "orderNos.3" (one entry of the list) belongs to the order numbers' text area. */
const onOrderNos = (field: string) => /^orderNos[.[]/.test(field);

/** An objection to one of the listed loans goes on the order numbers' text area. */
function onListedLoan(error: unknown, form: FormInstance<Values>): boolean {
  const info = errorInfo(error);
  if (![info.field ?? '', ...info.issues.map((i) => i.field)].some(onOrderNos)) return false;
  const problem = info.issues.find((i) => onOrderNos(i.field))?.message ?? info.message;
  form.setFields([{ name: 'orderNos', errors: [problem] }]);
  return true;
}

export function CreateTransferDrawer(props: {
  open: boolean;
  onClose: () => void;
  onCreated: (transfer: Transfer) => void;
}) {
  const t = useT();
  const trpc = useTRPC();
  const funders = useQuery(trpc.funders.list.queryOptions());
  const now = useQuery(trpc.debits.now.queryOptions());

  return (
    <EditDrawer
      title={t('transfers.create')}
      open={props.open}
      onClose={props.onClose}
      size={520}
      okText={t('transfers.submit')}
      // Every opening starts with a ratio of 1.00 …
      initialValues={{ priceRatio: '1.00' }}
      mutation={trpc.transfers.create.mutationOptions()}
      input={(v: Values) => ({
        orderNos: parseOrderNos(v.orderNos),
        toFunderCode: v.toFunderCode,
        cutoffDate: v.cutoffDate.format('YYYY-MM-DD'),
        priceRatio: v.priceRatio.trim(),
      })}
      success={(transfer) =>
        transfer.status === 'completed'
          ? t('transfers.doneCompleted')
          : t('transfers.doneScheduled', { date: transfer.cutoffDate })
      }
      onSuccess={props.onCreated}
      invalidate={[trpc.transfers.pathKey(), trpc.loans.pathKey()]}
      onError={onListedLoan}
    >
      {() => (
        <>
          <DefaultCutoff today={now.data?.date} />
          <Form.Item
            name="orderNos"
            label={t('transfers.orderNos')}
            extra={t('transfers.orderNosHelp')}
            rules={[
              {
                validator: (_, v: string | undefined) =>
                  parseOrderNos(v).length > 0
                    ? Promise.resolve()
                    : Promise.reject(new Error(t('common.required'))),
              },
            ]}
          >
            <Input.TextArea rows={6} placeholder={'DEMO0000001\nDEMO0000002'} spellCheck={false} />
          </Form.Item>
          <Form.Item
            name="toFunderCode"
            label={t('transfers.toFunder')}
            rules={[{ required: true, message: t('common.required') }]}
          >
            <Select
              showSearch={{ optionFilterProp: 'label' }}
              loading={funders.isLoading}
              options={(funders.data ?? [])
                .filter((f) => f.status === 'active')
                .map((f) => ({ value: f.code, label: `${f.name} (${f.code})` }))}
            />
          </Form.Item>
          <Form.Item
            name="cutoffDate"
            label={t('transfers.cutoffDate')}
            extra={t('transfers.cutoffHelp')}
            rules={[{ required: true, message: t('common.required') }]}
          >
            <DatePicker style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item
            name="priceRatio"
            label={t('transfers.priceRatio')}
            extra={t('transfers.priceRatioHelp')}
            rules={[
              { required: true, message: t('common.required') },
              {
                validator: (_, v: string | undefined) =>
                  !v || (RATIO.test(v.trim()) && Number(v) > 0)
                    ? Promise.resolve()
                    : Promise.reject(new Error(t('transfers.priceRatioFormat'))),
              },
            ]}
          >
            <Input placeholder="1.00" autoComplete="off" />
          </Form.Item>
        </>
      )}
    </EditDrawer>
  );
}

/** … and the engine's business date as the cut-off, unless one was picked already. */
function DefaultCutoff({ today }: { today: string | undefined }) {
  const form = Form.useFormInstance<Values>();
  useEffect(() => {
    if (today && !form.isFieldTouched('cutoffDate'))
      form.setFieldsValue({ cutoffDate: dayjs(today) });
  }, [today, form]);
  return null;
}
