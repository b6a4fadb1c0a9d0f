// The console's only door to process.env (server side).
import { z } from 'zod';

const schema = z.object({
  REPAY_ENGINE_URL: z.string().url().default('http://127.0.0.1:4000'),
});

export const env = schema.parse({ REPAY_ENGINE_URL: process.env.REPAY_ENGINE_URL });
