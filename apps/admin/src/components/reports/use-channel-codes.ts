'use client';
// The channels a report may be narrowed to (their codes, as the orders carry them).
import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '@/lib/trpc';

export function useChannelCodes() {
  const trpc = useTRPC();
  const list = useQuery(trpc.channels.list.queryOptions());
  return (list.data ?? []).map((c) => ({ value: c.code, label: `${c.name} (${c.code})` }));
}
