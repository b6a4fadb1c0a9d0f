'use client';
import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { App as AntApp } from 'antd';
import { useState, type ReactNode } from 'react';
import { I18nProvider } from '@/i18n';
import type { Locale } from '@/i18n/locale';
import { ErrorBridge, errorInfo, handleError } from '@/lib/errors';
import { makeTrpcClient, TRPCProvider } from '@/lib/trpc';

function makeQueryClient() {
  return new QueryClient({
    // Every failed query and mutation goes through the one error handler, except those marked
    // meta.handlesErrors (forms put the error on their fields, the login page shows it inline,
    // the loan page shows a 404 result). UNAUTHORIZED is always handled here: back to /login.
    queryCache: new QueryCache({
      onError: (error, query) => {
        if (!query.meta?.handlesErrors || errorInfo(error).code === 'UNAUTHORIZED')
          handleError(error);
      },
    }),
    mutationCache: new MutationCache({
      onError: (error, _variables, _context, mutation) => {
        if (!mutation.meta?.handlesErrors) handleError(error);
      },
    }),
    defaultOptions: { queries: { staleTime: 10_000, retry: false, refetchOnWindowFocus: false } },
  });
}

export function Providers({ locale, children }: { locale: Locale | null; children: ReactNode }) {
  const [queryClient] = useState(makeQueryClient);
  const [trpcClient] = useState(makeTrpcClient);
  return (
    <QueryClientProvider client={queryClient}>
      <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
        <I18nProvider initialLocale={locale}>
          <AntApp>
            <ErrorBridge />
            {children}
          </AntApp>
        </I18nProvider>
      </TRPCProvider>
    </QueryClientProvider>
  );
}
