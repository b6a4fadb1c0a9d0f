// The console's only door to process.env (server side: the /trpc proxy reads it per request).
import { z } from 'zod';

const schema = z.object({
  /** Where the engine listens; the console forwards same-origin /trpc/* there. */
  REPAY_ENGINE_URL: z
    .url()
    .default('http://127.0.0.1:4000')
    .transform((url) => url.replace(/\/+$/, '')),
});

export const env = schema.parse({ REPAY_ENGINE_URL: process.env.REPAY_ENGINE_URL });
