'use client';
// tRPC client for the console: same-origin /trpc (proxied to the engine), session cookie included.
// Only the router's types come from the engine; no transformer (money is yuan strings, dates strings).
import { createTRPCClient, httpBatchLink, httpLink, splitLink } from '@trpc/client';
import { createTRPCContext } from '@trpc/tanstack-react-query';
import type { AppRouter, RouterInputs, RouterOutputs } from '@repay/engine/trpc';

export const { TRPCProvider, useTRPC } = createTRPCContext<AppRouter>();

/**
 * Procedures that carry a file (base64): each goes alone to its own route on the engine, the
 * only ones allowed a body above 2 MiB (a batch would go to the shared route and be refused).
 */
const FILE_PROCEDURES = new Set(['recon.upload', 'recon.previewFormat', 'reconAssets.upload']);

export function makeTrpcClient() {
  const fetchWithCookie: typeof fetch = (url, init) =>
    fetch(url, { ...init, credentials: 'include' });
  return createTRPCClient<AppRouter>({
    links: [
      splitLink({
        condition: (op) => FILE_PROCEDURES.has(op.path),
        true: httpLink({ url: '/trpc', fetch: fetchWithCookie }),
        false: httpBatchLink({ url: '/trpc', fetch: fetchWithCookie }),
      }),
    ],
  });
}

export type { RouterInputs, RouterOutputs };
