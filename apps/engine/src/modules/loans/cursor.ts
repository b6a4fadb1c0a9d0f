// Keyset pagination cursor over the loan id (identity ⇒ creation order), opaque to clients.
import { AppError } from '../../lib/errors';

export function encodeCursor(lastId: bigint): string {
  return Buffer.from(`l:${lastId}`).toString('base64url');
}

export function decodeCursor(token: string): bigint {
  const match = /^l:(\d{1,19})$/.exec(Buffer.from(token, 'base64url').toString('utf8'));
  if (!match?.[1])
    throw new AppError('VALIDATION_FAILED', 'cursor is not valid', { field: 'cursor' });
  return BigInt(match[1]);
}
