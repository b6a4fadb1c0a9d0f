'use client';
// Products: the terms every loan of the product starts from (business line, method, day count,
// grace days), under the all-in ceilings of the business lines. Everyone may look; admin and pm
// create and edit in a drawer.
import { useMutation, useQuery } from '@tanstack/react-query';
import { Form, InputNumber, Select, Switch } from 'antd';
import { BusinessLineCeilings } from '@/components/business-line-ceilings';
import { ReferenceList } from '@/components/reference-list';
import { EnumTag } from '@/components/status';
import { enumLabel, useT } from '@/i18n';
import { businessLines, dayCounts, repaymentMethods, useEnumOptions } from '@/lib/options';
import { useTRPC, type RouterOutputs } from '@/lib/trpc';

type Product = RouterOutputs['products']['list'][number];
type ProductForm = Pick<
  Product,
  'code' | 'name' | 'businessLine' | 'repaymentMethod' | 'dayCount' | 'graceDays' | 'allowPartial'
> & { status?: Product['status'] };

const NEW_PRODUCT: Partial<ProductForm> = { dayCount: '30/360', graceDays: 0, allowPartial: true };
const toValues = (p: Product): Partial<ProductForm> => {
  const { code, name, businessLine, repaymentMethod, dayCount, graceDays, allowPartial, status } =
    p;
  return { code, name, businessLine, repaymentMethod, dayCount, graceDays, allowPartial, status };
};

export default function ProductsPage() {
  const t = useT();
  const trpc = useTRPC();
  const products = useQuery(trpc.products.list.queryOptions());
  // The drawer's form shows their errors.
  const formErrors = { meta: { handlesErrors: true } };
  const create = useMutation(trpc.products.create.mutationOptions(formErrors));
  const update = useMutation(trpc.products.update.mutationOptions(formErrors));
  const lineOptions = useEnumOptions('businessLine', businessLines);
  const methodOptions = useEnumOptions('method', repaymentMethods);
  const dayCountOptions = useEnumOptions('dayCount', dayCounts);
  const required = [{ required: true, message: t('common.required') }];

  return (
    <>
      <BusinessLineCeilings />
      <ReferenceList<Product, ProductForm>
        title={t('products.title')}
        createLabel={t('products.create')}
        editLabel={t('products.edit')}
        codePlaceholder="CONSUMER-PLUS"
        rows={products.data}
        loading={products.isLoading}
        scrollX={1300}
        columns={[
          {
            title: t('loans.businessLine'),
            dataIndex: 'businessLine',
            render: (v: string) => <EnumTag group="businessLine" value={v} />,
          },
          {
            title: t('loans.method'),
            dataIndex: 'repaymentMethod',
            render: (v: string) => enumLabel(t, 'method', v),
          },
          {
            title: t('loan.dayCount'),
            dataIndex: 'dayCount',
            render: (v: string) => enumLabel(t, 'dayCount', v),
          },
          { title: t('products.graceDays'), dataIndex: 'graceDays', align: 'right' },
          {
            title: t('products.allowPartial'),
            dataIndex: 'allowPartial',
            render: (v: boolean) => t(v ? 'enum.yes' : 'enum.no'),
          },
        ]}
        newValues={NEW_PRODUCT}
        toValues={toValues}
        onCreate={({ status: _status, ...input }) => create.mutateAsync(input)}
        onUpdate={(values) => update.mutateAsync(values)}
        invalidate={[trpc.products.list.queryKey()]}
        fields={
          <>
            <Form.Item label={t('loans.businessLine')} name="businessLine" rules={required}>
              <Select options={lineOptions} />
            </Form.Item>
            <Form.Item label={t('loans.method')} name="repaymentMethod" rules={required}>
              <Select options={methodOptions} />
            </Form.Item>
            <Form.Item label={t('loan.dayCount')} name="dayCount" rules={required}>
              <Select options={dayCountOptions} />
            </Form.Item>
            <Form.Item label={t('products.graceDays')} name="graceDays" rules={required}>
              <InputNumber min={0} max={90} precision={0} style={{ width: '100%' }} />
            </Form.Item>
            <Form.Item
              label={t('products.allowPartial')}
              name="allowPartial"
              valuePropName="checked"
            >
              <Switch />
            </Form.Item>
          </>
        }
      />
    </>
  );
}
