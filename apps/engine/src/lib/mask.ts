// Display masks of docs/domain.md "Privacy"; computed once at write time and stored.
export function maskName(name: string): string {
  const chars = [...name.trim()];
  if (chars.length === 0) return '';
  return chars[0] + '*'.repeat(Math.max(1, chars.length - 1));
}

export function maskIdNo(idNo: string): string {
  return `${idNo.slice(0, 6)}********${idNo.slice(-4)}`;
}

export function maskMobile(mobile: string): string {
  return `${mobile.slice(0, 3)}****${mobile.slice(-4)}`;
}

export function maskCardNo(cardNo: string): string {
  return `${cardNo.slice(0, 6)}******${cardNo.slice(-4)}`;
}

/** SMS form: 尾号1234. */
export function cardTail(cardNo: string): string {
  return `尾号${cardNo.slice(-4)}`;
}
