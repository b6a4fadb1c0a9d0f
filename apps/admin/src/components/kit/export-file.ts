// The pure parts of an export's download (export-button.tsx): its address, the file's name, and
// the progress as the bytes come.

export type ExportFormat = 'csv' | 'xlsx';

/** A list's filters as its page holds them: empty ones are left out of the address. */
export type ExportFilters = Readonly<Record<string, string | null | undefined>>;

/** `/exports/<list>.<format>?<filters>`, English headers when the console speaks English. */
export function exportUrl(
  list: string,
  format: ExportFormat,
  filters: ExportFilters,
  locale: string,
): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(filters))
    if (typeof value === 'string' && value.trim() !== '') query.set(key, value.trim());
  if (locale === 'en') query.set('lang', 'en');
  const search = query.toString();
  return `/exports/${list}.${format}${search ? `?${search}` : ''}`;
}

/** The file's name from Content-Disposition (RFC 5987 `filename*` first), null if none. */
export function fileNameOf(disposition: string | null): string | null {
  if (!disposition) return null;
  const extended = /filename\*=UTF-8''([^;]+)/i.exec(disposition);
  if (extended) {
    try {
      return decodeURIComponent(extended[1]!.trim());
    } catch {
      // a broken encoding: the plain name below
    }
  }
  const plain = /filename="([^"]+)"/i.exec(disposition) ?? /filename=([^;]+)/i.exec(disposition);
  return plain ? plain[1]!.trim() : null;
}

/** Line feeds in a chunk: a CSV's rows as they arrive (a reason spanning lines counts twice). */
export function lineBreaks(chunk: Uint8Array): number {
  let count = 0;
  for (const byte of chunk) if (byte === 0x0a) count++;
  return count;
}

/** A size as people read it: 512 B, 3.2 KB, 12.5 MB. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
