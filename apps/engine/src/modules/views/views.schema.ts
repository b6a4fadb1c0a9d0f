// A saved view's inputs: the console page it belongs to, its name and the page's query string.
import { z } from 'zod';

export const viewPage = z
  .string()
  .regex(/^\/[a-z0-9/-]{0,80}$/, 'a console page path such as /reports');

export const saveViewInput = z
  .object({
    page: viewPage,
    name: z.string().trim().min(1).max(60),
    /** The page's filters as its address holds them (without the leading `?`). */
    query: z
      .string()
      .max(2000)
      .refine((q) => !q.startsWith('?'), 'the query without its leading ?'),
    shared: z.boolean().default(false),
  })
  .strict();

export type SaveViewInput = z.output<typeof saveViewInput>;
