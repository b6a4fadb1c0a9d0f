// The sandbox's settings from the environment (the only place that reads it).
import { z } from 'zod';

const schema = z.object({
  SANDBOX_PORT: z.coerce.number().int().min(0).max(65535).default(4100),
  SANDBOX_HOST: z.string().default('127.0.0.1'),
  /** Optional override of every instance's shared secret (demo secrets otherwise). */
  SANDBOX_SECRET_PREFIX: z.string().min(8).optional(),
  /** Where the sandbox keeps its state across restarts; "memory" keeps none. */
  SANDBOX_STATE_FILE: z.string().optional(),
});

export type SandboxEnv = z.infer<typeof schema>;
export const loadEnv = (source: Record<string, string | undefined> = process.env): SandboxEnv =>
  schema.parse(source);
