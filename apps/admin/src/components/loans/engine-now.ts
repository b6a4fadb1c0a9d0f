'use client';
// The engine's business date and time, not the browser's (demo clocks may differ). Forms wait
// for it (`ready`) so none opens on the browser's date; if it cannot be read, the browser's
// clock is the fallback.
import { useQuery } from '@tanstack/react-query';
import dayjs from 'dayjs';
import { useTRPC } from '@/lib/trpc';

export function useEngineNow() {
  const trpc = useTRPC();
  const now = useQuery(trpc.debits.now.queryOptions());
  return {
    ready: !now.isPending,
    now: () =>
      now.data ? dayjs(`${now.data.date}T${now.data.time.slice(0, 5)}:00+08:00`) : dayjs(),
  };
}
