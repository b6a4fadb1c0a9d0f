// Saved views (保存的视图): a console user's named filters for one page (a dashboard or a list),
// kept as the page's query string, so a view opens exactly what its address would. A view is
// its owner's, or shared with everyone who can see the page.
import { sql } from 'drizzle-orm';
import { boolean, check, index, pgTable, text, unique } from 'drizzle-orm/pg-core';
import { id, ref, timestamps } from './columns';
import { users } from './auth';

export const savedViews = pgTable(
  'saved_views',
  {
    id: id(),
    ownerId: ref('owner_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    /** The console page's path, e.g. `/reports` or `/debits`. */
    page: text('page').notNull(),
    name: text('name').notNull(),
    /** The page's query string without the `?` (its filters). */
    query: text('query').notNull(),
    shared: boolean('shared').notNull().default(false),
    ...timestamps(),
  },
  (t) => [
    // Saving a name again replaces that view: one name per owner and page.
    unique('saved_views_owner_page_name_key').on(t.ownerId, t.page, t.name),
    index('saved_views_page_idx').on(t.page),
    check('saved_views_page_check', sql`${t.page} ~ '^/[a-z0-9/-]{0,80}$'`),
    check('saved_views_name_check', sql`char_length(${t.name}) BETWEEN 1 AND 60`),
    check('saved_views_query_check', sql`char_length(${t.query}) <= 2000`),
  ],
);
