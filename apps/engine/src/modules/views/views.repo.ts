// Saved views: a user's own and the shared ones of a page; saving a name again replaces it.
import type { Executor } from '../../lib/executor';
import { bigintOf } from '../../lib/rows';
import type { SaveViewInput } from './views.schema';

export interface SavedViewRow {
  id: bigint;
  ownerId: bigint;
  /** The owner's display name, for a shared view someone else saved. */
  ownerName: string;
  page: string;
  name: string;
  query: string;
  shared: boolean;
  updatedAt: Date;
}

const COLUMNS = `v.id, v.owner_id AS "ownerId", u.display_name AS "ownerName", v.page, v.name,
  v.query, v.shared, v.updated_at AS "updatedAt"`;

const rowOf = (r: Record<string, unknown>): SavedViewRow => ({
  ...(r as unknown as SavedViewRow),
  id: bigintOf(r.id),
  ownerId: bigintOf(r.ownerId),
  updatedAt: new Date(r.updatedAt as string | Date),
});

export function createSavedViewsRepo({ sql }: Executor) {
  return {
    /** The user's own views of the page, then the others' shared ones, each by name. */
    async visible(page: string, userId: bigint): Promise<SavedViewRow[]> {
      const rows = await sql.query<Record<string, unknown>>(
        `SELECT ${COLUMNS} FROM saved_views v JOIN users u ON u.id = v.owner_id
          WHERE v.page = $1 AND (v.owner_id = $2 OR v.shared)
          ORDER BY (v.owner_id = $2) DESC, v.name COLLATE "C", v.id`,
        [page, userId],
      );
      return rows.map(rowOf);
    },

    async byId(id: bigint): Promise<SavedViewRow | null> {
      const rows = await sql.query<Record<string, unknown>>(
        `SELECT ${COLUMNS} FROM saved_views v JOIN users u ON u.id = v.owner_id WHERE v.id = $1`,
        [id],
      );
      return rows[0] ? rowOf(rows[0]) : null;
    },

    /** Inserts the view, or replaces the owner's view of that name on that page. */
    async upsert(ownerId: bigint, v: SaveViewInput): Promise<{ id: bigint; replaced: boolean }> {
      const rows = await sql.query<{ id: unknown; replaced: boolean }>(
        `INSERT INTO saved_views (owner_id, page, name, query, shared)
         VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (owner_id, page, name)
           DO UPDATE SET query = EXCLUDED.query, shared = EXCLUDED.shared, updated_at = now()
         RETURNING id, (xmax <> 0) AS replaced`,
        [ownerId, v.page, v.name, v.query, v.shared],
      );
      return { id: bigintOf(rows[0]!.id), replaced: rows[0]!.replaced };
    },

    async remove(id: bigint): Promise<void> {
      await sql.query(`DELETE FROM saved_views WHERE id = $1`, [id]);
    },
  };
}

export type SavedViewsRepo = ReturnType<typeof createSavedViewsRepo>;
