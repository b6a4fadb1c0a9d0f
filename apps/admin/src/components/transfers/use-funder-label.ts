'use client';
// "华信信托 (F-TRUST-01)" for a funder code, from the funders list (the code alone until it loads
// or when the funder is unknown).
import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '@/lib/trpc';

export function useFunderLabel(): (code: string) => string {
  const trpc = useTRPC();
  const funders = useQuery(trpc.funders.list.queryOptions());
  const names = new Map((funders.data ?? []).map((f) => [f.code, f.name]));
  return (code) => {
    const name = names.get(code);
    return name ? `${name} (${code})` : code;
  };
}
