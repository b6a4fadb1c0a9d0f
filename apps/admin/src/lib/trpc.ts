'use client';
// tRPC client for the console: same-origin /trpc (proxied to the engine), session cookie included.
// Only the router's types come from the engine; no transformer (money is yuan strings, dates strings).
import { createTRPCClient, httpBatchLink } from '@trpc/client';
import { createTRPCContext } from '@trpc/tanstack-react-query';
import type { AppRouter, RouterInputs, RouterOutputs } from '@repay/engine/trpc';

export const { TRPCProvider, useTRPC } = createTRPCContext<AppRouter>();

export function makeTrpcClient() {
  return createTRPCClient<AppRouter>({
    links: [
      httpBatchLink({
        url: '/trpc',
        fetch: (url, init) => fetch(url, { ...init, credentials: 'include' }),
      }),
    ],
  });
}

export type { RouterInputs, RouterOutputs };
