// The engine's only door to process.env: validated once, typed everywhere else.
import { z } from 'zod';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

const schema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  DATABASE_URL: z.string().url().optional(),
  REPAY_DATA_DIR: z.string().default(join(repoRoot, '.data')),
  REPAY_CLOCK: z.string().optional(),
  REPAY_ENGINE_PORT: z.coerce.number().int().positive().default(4000),
  REPAY_ENGINE_HOST: z.string().default('127.0.0.1'),
  REPAY_ENCRYPTION_KEY: z.string().optional(),
  REPAY_HASH_KEY: z.string().optional(),
  REPAY_LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
    .default('info'),
  /** Where the channel sandbox listens (`pnpm sandbox`); the demo seed registers its instances there. */
  REPAY_SANDBOX_URL: z.string().url().default('http://127.0.0.1:4100'),
  /** Public base of /callbacks as channels reach it (default: this engine's host and port). */
  REPAY_CALLBACK_BASE_URL: z.string().url().optional(),
  /**
   * `sandbox` (the default: demo data, development keys, a pinned clock allowed) or
   * `production`: `serve` refuses to start while anything of the sandbox is left
   * (cli/production-check.ts).
   */
  REPAY_ENV: z.enum(['sandbox', 'production']).default('sandbox'),
  /**
   * The session cookie is Secure when the console is reached over HTTPS (X-Forwarded-Proto from
   * a trusted proxy) and always in production; `true` makes it Secure everywhere. `false` asks
   * for an insecure cookie, which production refuses.
   */
  REPAY_COOKIE_SECURE: z.enum(['true', 'false']).optional(),
  /**
   * Origins the console is served from (comma-separated): tRPC mutations whose Origin (or
   * Referer) is another are refused, so no other site can act with a user's cookie.
   */
  REPAY_CONSOLE_ORIGINS: z
    .string()
    .default('http://localhost:3000,http://127.0.0.1:3000')
    .transform((list, ctx) => {
      const origins: string[] = [];
      for (const item of list
        .split(',')
        .map((o) => o.trim())
        .filter(Boolean)) {
        const url = URL.canParse(item) ? new URL(item) : null;
        if (
          !url ||
          !['http:', 'https:'].includes(url.protocol) ||
          url.origin !== item.replace(/\/$/, '')
        ) {
          ctx.addIssue({
            code: 'custom',
            message: `not an origin (scheme://host[:port]): ${item}`,
          });
          return z.NEVER;
        }
        origins.push(url.origin);
      }
      return origins;
    }),
  /**
   * Proxies whose X-Forwarded-For and X-Forwarded-Proto are believed: addresses, CIDRs or
   * `loopback` (the console's forwarder on this machine), comma-separated; `none` for none.
   */
  REPAY_TRUST_PROXY: z.string().default('loopback'),
  /** Debit orders routed, submitted and settled together in a window run (ARCHITECTURE.md, "Debit orders"). */
  REPAY_DEBIT_CHUNK_SIZE: z.coerce.number().int().min(1).max(1000).default(500),
  /** A worker's shards at once, and each shard's chunks at once (1 and 1: one statement at a time, for profiling). */
  REPAY_DEBIT_SHARDS_IN_FLIGHT: z.coerce.number().int().min(1).max(32).default(3),
  REPAY_DEBIT_CHUNKS_IN_FLIGHT: z.coerce.number().int().min(1).max(32).default(2),
  /** Installments a window run's selection looks at per page (each page's shards commit with its cursor). */
  REPAY_DEBIT_SELECTION_PAGE: z.coerce.number().int().min(1).max(100_000).default(5000),
  /**
   * Yuan: a debit under manual review resolved as succeeded above it waits for a second person
   * (default DEFAULT_REVIEW_APPROVAL_ABOVE, 5000.00).
   */
  REPAY_REVIEW_APPROVAL_ABOVE: z
    .string()
    .regex(/^\d{1,12}(\.\d{1,2})?$/, 'an amount in yuan such as "5000.00"')
    .optional(),
  /**
   * The morning statements job looks back this many business dates (the latest published one
   * included): a channel's day without a statement is fetched, imported and reconciled.
   */
  REPAY_RECON_LOOKBACK_DAYS: z.coerce.number().int().min(1).max(31).default(7),
  /** Channel calls over HTTP on a sender thread of their own, or inline on the main thread. */
  REPAY_CHANNEL_CALLS: z.enum(['thread', 'inline']).default('thread'),
});

export type Env = z.infer<typeof schema>;

export function loadEnv(source: Record<string, string | undefined> = process.env): Env {
  const parsed = schema.safeParse(source);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`invalid environment: ${issue?.path.join('.')}: ${issue?.message}`);
  }
  return parsed.data;
}

/**
 * Where channels post their notifications (…/channels/<code>/notify): the public address when
 * one is configured, else this engine at the port it really listens on (`serve --port`), never
 * a default port another process may hold. A port chosen by the system (0) is known only after
 * listening, so it needs the public address.
 */
export function callbackBaseUrl(env: Env, listenPort: number): string {
  if (env.REPAY_CALLBACK_BASE_URL) return env.REPAY_CALLBACK_BASE_URL;
  if (listenPort === 0)
    throw new Error(
      'REPAY_CALLBACK_BASE_URL: set it when the engine listens on a port the system chooses (0)',
    );
  const wildcard = ['0.0.0.0', '::', '[::]'].includes(env.REPAY_ENGINE_HOST);
  const host = wildcard
    ? '127.0.0.1'
    : env.REPAY_ENGINE_HOST.includes(':') && !env.REPAY_ENGINE_HOST.startsWith('[')
      ? `[${env.REPAY_ENGINE_HOST}]`
      : env.REPAY_ENGINE_HOST;
  return `http://${host}:${listenPort}/callbacks`;
}
