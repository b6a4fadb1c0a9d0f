// The waive form's values → the engine's loans.waive input. Whole: no amount (the engine waives
// everything outstanding of the component); no period: the whole loan, earliest period first.
import type { RouterInputs } from '@/lib/trpc';

export type WaiveInput = RouterInputs['loans']['waive'];

export interface WaiveValues {
  component: WaiveInput['component'];
  scope: 'whole' | 'partial';
  amount?: string;
  period?: number | null;
  reason: string;
}

export function waiveInput(orderNo: string, requestKey: string, v: WaiveValues): WaiveInput {
  return {
    orderNo,
    requestKey,
    component: v.component,
    reason: v.reason.trim(),
    ...(v.scope === 'partial' && v.amount ? { amount: v.amount.trim() } : {}),
    ...(v.period ? { period: v.period } : {}),
  };
}

/**
 * A key for one opened form (32 hex digits): submitting it twice (a double click, a retry)
 * makes one waiver. crypto.getRandomValues also works outside secure contexts, unlike
 * crypto.randomUUID.
 */
export function newRequestKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
