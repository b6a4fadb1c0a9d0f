// Keyset pages: the repository reads one row more than asked; if it came, there is a next
// page, and its cursor is the database id of the page's last row.
export function keysetPage<T extends { id: bigint }>(rows: T[], limit: number) {
  const page = rows.slice(0, limit);
  return { page, nextCursor: rows.length > limit ? String(page.at(-1)!.id) : null };
}
