'use client';
// The logged-in user, as the engine sees it (auth.me), shared by the console pages.
import { useQuery } from '@tanstack/react-query';
import { createContext, useContext, type ReactNode } from 'react';
import { useTRPC, type RouterOutputs } from './trpc';

export type Me = NonNullable<RouterOutputs['auth']['me']>;

const SessionContext = createContext<Me | null>(null);

export function useMeQuery() {
  const trpc = useTRPC();
  return useQuery(trpc.auth.me.queryOptions());
}

export function SessionProvider({ me, children }: { me: Me; children: ReactNode }) {
  return <SessionContext.Provider value={me}>{children}</SessionContext.Provider>;
}

export function useMe(): Me {
  const me = useContext(SessionContext);
  if (!me) throw new Error('useMe outside the console layout');
  return me;
}

export function useCan(permission: string): boolean {
  return useMe().permissions.includes(permission);
}
