// Saved views (保存的视图): a user names a page's filters to open them again; a shared view is
// offered to everyone on that page. Only its owner (or an administrator) replaces or deletes a
// view; sharing or deleting one is audited, as others may rely on it.
import { AppError } from '../../lib/errors';
import type { Transactor } from '../../lib/transaction';
import type { Role } from '../auth';
import type { AuditLog } from '../events';
import type { SavedViewRow, SavedViewsRepo } from './views.repo';
import type { SaveViewInput } from './views.schema';

type Repos = { savedViews: SavedViewsRepo; audit: AuditLog };

/** Who asks: the views they see and may change depend on it. */
export interface ViewUser {
  id: string;
  role: Role;
}

const view = (r: SavedViewRow, user: ViewUser) => ({
  id: String(r.id),
  page: r.page,
  name: r.name,
  query: r.query,
  shared: r.shared,
  mine: String(r.ownerId) === user.id,
  owner: r.ownerName,
  /** The owner, or an administrator tidying shared views. */
  removable: String(r.ownerId) === user.id || user.role === 'admin',
  updatedAt: r.updatedAt.toISOString(),
});

export type SavedView = ReturnType<typeof view>;

export function createSavedViews(deps: { transaction: Transactor<Repos> }) {
  const { transaction } = deps;
  const audit = (repos: Repos, user: ViewUser, action: string, id: bigint, diff: unknown) =>
    repos.audit.record({
      actorType: 'user',
      actorId: user.id,
      action,
      entityType: 'saved_view',
      entityId: String(id),
      diff,
    });

  return {
    async list(page: string, user: ViewUser): Promise<SavedView[]> {
      const rows = await transaction((repos) => repos.savedViews.visible(page, BigInt(user.id)));
      return rows.map((r) => view(r, user));
    },

    async save(input: SaveViewInput, user: ViewUser): Promise<SavedView> {
      return transaction(async (repos) => {
        const { id, replaced } = await repos.savedViews.upsert(BigInt(user.id), input);
        if (input.shared || replaced)
          await audit(repos, user, 'view.save', id, {
            page: input.page,
            name: input.name,
            query: input.query,
            shared: input.shared,
            replaced,
          });
        return view((await repos.savedViews.byId(id))!, user);
      });
    },

    async remove(id: bigint, user: ViewUser): Promise<void> {
      await transaction(async (repos) => {
        const found = await repos.savedViews.byId(id);
        if (!found) throw new AppError('NOT_FOUND', `no saved view ${id}`, { field: 'id' });
        if (String(found.ownerId) !== user.id && user.role !== 'admin')
          throw new AppError('FORBIDDEN', 'only its owner or an administrator deletes a view');
        await repos.savedViews.remove(id);
        await audit(repos, user, 'view.delete', id, {
          page: found.page,
          name: found.name,
          shared: found.shared,
        });
      });
    },
  };
}

export type SavedViews = ReturnType<typeof createSavedViews>;
