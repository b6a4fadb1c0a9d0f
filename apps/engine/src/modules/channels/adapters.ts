// The adapter for a registered channel row (secret decrypted only here, never logged).
import type { ChannelRow } from '@repay/db/schema';
import type { FieldCrypto } from '../../lib/crypto';
import type { ChannelAdapter } from './channels.types';
import { createSandboxAdapter } from './sandbox.adapter';
import type { ChannelTransport } from './transport';

export function adapterFor(
  row: ChannelRow,
  crypto: FieldCrypto,
  /** How to reach the channel: HTTP, or in-process (benchmarks). */
  transport?: ChannelTransport,
): ChannelAdapter {
  switch (row.adapter) {
    case 'sandbox':
      return createSandboxAdapter(
        {
          code: row.code,
          baseUrl: row.endpoint,
          merchant: row.merchant,
          secret: crypto.decrypt(row.secretEnc),
          vocabulary: row.vocabulary,
          timeoutMs: row.timeoutMs,
        },
        undefined,
        transport,
      );
  }
}
