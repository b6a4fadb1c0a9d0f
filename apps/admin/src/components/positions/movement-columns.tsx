'use client';
// A position movement's columns: what moved an account, by how much, and where it left it.
import type { TableColumnsType } from 'antd';
import { useColumns } from '@/components/kit';
import type { RouterOutputs } from '@/lib/trpc';

export type Movement = RouterOutputs['payouts']['movements']['items'][number];

export function useMovementColumns(): TableColumnsType<Movement> {
  const col = useColumns<Movement>();
  return [
    col.time('positions.at', 'at'),
    col.code('positions.channel', 'channelCode'),
    col.tag('positions.kind', 'kind', 'movementKind'),
    col.money('positions.amount', 'amount'),
    col.money('positions.balanceAfter', 'balanceAfter'),
    col.money('positions.usableAfter', 'usableAfter'),
    col.optional('payouts.payoutNo', 'payoutNo'),
    col.optional('positions.reason', 'reason', { ellipsis: true }),
    col.optional('positions.actor', 'actor'),
  ];
}
