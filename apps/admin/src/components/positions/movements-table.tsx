'use client';
// 头寸流水: every change of the accounts' positions, newest first, one account or all.
import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { Select } from 'antd';
import { useState } from 'react';
import { KeysetTable, nextCursorPaging, TitledCard } from '@/components/kit';
import { useT } from '@/i18n';
import { useTRPC } from '@/lib/trpc';
import { useMovementColumns, type Movement } from './movement-columns';

export function MovementsTable({ channels }: { channels: string[] }) {
  const t = useT();
  const trpc = useTRPC();
  const columns = useMovementColumns();
  const [channelCode, setChannelCode] = useState<string | undefined>();
  const list = useInfiniteQuery({
    ...trpc.payouts.movements.infiniteQueryOptions({ channelCode, limit: 50 }, nextCursorPaging),
    placeholderData: keepPreviousData,
  });
  return (
    <TitledCard
      level={2}
      heading={t('positions.movements')}
      extra={
        <Select
          allowClear
          placeholder={t('positions.allAccounts')}
          aria-label={t('positions.channel')}
          style={{ width: 200 }}
          value={channelCode}
          onChange={setChannelCode}
          options={channels.map((c) => ({ value: c, label: c }))}
        />
      }
    >
      <KeysetTable<Movement>
        list={list}
        rowKey="id"
        size="small"
        scroll={{ x: 1200 }}
        columns={columns}
      />
    </TitledCard>
  );
}
