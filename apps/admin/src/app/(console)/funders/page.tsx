'use client';
// Funders: everyone may look; roles with reference.write (admin, pm) create and edit in a drawer.
import { useMutation, useQuery } from '@tanstack/react-query';
import { Form, Select } from 'antd';
import { ReferenceList } from '@/components/reference-list';
import { EnumTag } from '@/components/status';
import { useT } from '@/i18n';
import { funderTypes, useEnumOptions } from '@/lib/options';
import { useTRPC, type RouterOutputs } from '@/lib/trpc';

type Funder = RouterOutputs['funders']['list'][number];
interface FunderForm {
  code: string;
  name: string;
  type: Funder['type'];
  status?: Funder['status'];
}

const NEW_FUNDER: Partial<FunderForm> = { type: 'bank' };
const toValues = ({ code, name, type, status }: Funder): Partial<FunderForm> => ({
  code,
  name,
  type,
  status,
});

export default function FundersPage() {
  const t = useT();
  const trpc = useTRPC();
  const funders = useQuery(trpc.funders.list.queryOptions());
  // The drawer's form shows their errors.
  const formErrors = { meta: { handlesErrors: true } };
  const create = useMutation(trpc.funders.create.mutationOptions(formErrors));
  const update = useMutation(trpc.funders.update.mutationOptions(formErrors));
  const typeOptions = useEnumOptions('funderType', funderTypes);

  return (
    <ReferenceList<Funder, FunderForm>
      title={t('funders.title')}
      createLabel={t('funders.create')}
      editLabel={t('funders.edit')}
      codePlaceholder="F-BANK-04"
      rows={funders.data}
      loading={funders.isLoading}
      scrollX={900}
      columns={[
        {
          title: t('funders.type'),
          dataIndex: 'type',
          render: (v: string) => <EnumTag group="funderType" value={v} />,
        },
      ]}
      newValues={NEW_FUNDER}
      toValues={toValues}
      onCreate={({ code, name, type }) => create.mutateAsync({ code, name, type })}
      onUpdate={(values) => update.mutateAsync(values)}
      invalidate={[trpc.funders.list.queryKey()]}
      fields={
        <Form.Item
          label={t('funders.type')}
          name="type"
          rules={[{ required: true, message: t('common.required') }]}
        >
          <Select options={typeOptions} />
        </Form.Item>
      }
    />
  );
}
