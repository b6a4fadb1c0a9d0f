'use client';
// 划付批次: the funders' remittance batches by funder and business date, newest first, with
// 生成划付 (remittance.run) and 重新付款 for a batch with something unpaid (payouts.handle).
import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { DatePicker, Form, Select, type TableColumnsType } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import {
  KeysetTable,
  nextCursorPaging,
  SearchForm,
  TitledCard,
  useColumns,
} from '@/components/kit';
import { useT } from '@/i18n';
import { useReferenceOptions } from '@/lib/options';
import { useCan } from '@/lib/session';
import { useTRPC } from '@/lib/trpc';
import { useBatchColumns, type Batch } from './batch-columns';
import { PayAgainButton } from './pay-again-button';
import { RemitAction } from './remit-action';

interface SearchValues {
  funderCode?: string;
  dates?: [Dayjs, Dayjs] | null;
}

export function BatchesList() {
  const t = useT();
  const trpc = useTRPC();
  const col = useColumns<Batch>();
  const canRemit = useCan('remittance.run');
  const canPay = useCan('payouts.handle');
  const { funders } = useReferenceOptions();
  const [form] = Form.useForm<SearchValues>();
  const [filters, setFilters] = useState<{ funderCode?: string; from?: string; to?: string }>({});
  const list = useInfiniteQuery({
    ...trpc.payouts.batches.infiniteQueryOptions({ ...filters, limit: 50 }, nextCursorPaging),
    placeholderData: keepPreviousData,
  });
  const columns: TableColumnsType<Batch> = [...useBatchColumns()];
  if (canPay)
    columns.push(
      col.actions((b) => Number(b.unpaid) > 0 && <PayAgainButton batchId={b.id} />, {
        fixed: 'right',
      }),
    );

  return (
    <TitledCard heading={t('batches.title')} extra={canRemit && <RemitAction />}>
      <SearchForm<SearchValues>
        form={form}
        layout="inline"
        label={t('batches.title')}
        onSearch={(v) =>
          setFilters({
            funderCode: v.funderCode || undefined,
            from: v.dates?.[0].format('YYYY-MM-DD'),
            to: v.dates?.[1].format('YYYY-MM-DD'),
          })
        }
      >
        <Form.Item name="funderCode">
          <Select
            placeholder={t('batches.funder')}
            allowClear
            options={funders}
            style={{ width: 200 }}
          />
        </Form.Item>
        <Form.Item name="dates">
          <DatePicker.RangePicker />
        </Form.Item>
      </SearchForm>
      <KeysetTable<Batch>
        list={list}
        rowKey="id"
        size="middle"
        empty={t('batches.empty')}
        scroll={{ x: 1500 }}
        columns={columns}
      />
    </TitledCard>
  );
}
