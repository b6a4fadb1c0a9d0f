// Keyset pages: the repository reads one row more than asked, older than the cursor (the
// database id of the previous page's last row); if the extra row came, there is a next page.
interface PageFilter {
  limit: number;
  cursor?: string | null;
}

export async function readKeysetPage<F extends PageFilter, T extends { id: bigint }>(
  filter: F,
  list: (query: Omit<F, 'cursor'> & { limit: number; beforeId?: bigint }) => Promise<T[]>,
): Promise<{ page: T[]; nextCursor: string | null }> {
  const { cursor, ...rest } = filter;
  const rows = await list({
    ...rest,
    limit: filter.limit + 1,
    beforeId: cursor ? BigInt(cursor) : undefined,
  });
  const page = rows.slice(0, filter.limit);
  return { page, nextCursor: rows.length > filter.limit ? String(page.at(-1)!.id) : null };
}
