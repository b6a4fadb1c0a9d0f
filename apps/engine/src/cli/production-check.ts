// REPAY_ENV=production: `serve` refuses to start while anything of the sandbox is left, and
// names every such thing at once. The sandbox (the default) runs with all of them on purpose.
import type { AppServices } from '../context';
import type { Env } from '../env';
import { DEV_ENCRYPTION_KEY, DEV_HASH_KEY } from '../lib/crypto';
import { DEMO_PASSWORD, demoApiKey, demoUsers } from '../seed/reference-data';

/** What the settings alone show (no database needed). */
export function settingProblems(env: Env, opts: { seedDemoIfEmpty?: boolean } = {}): string[] {
  const problems: string[] = [];
  const keys = [
    ['REPAY_ENCRYPTION_KEY', env.REPAY_ENCRYPTION_KEY, DEV_ENCRYPTION_KEY, 'personal data'],
    ['REPAY_HASH_KEY', env.REPAY_HASH_KEY, DEV_HASH_KEY, 'lookup hashes'],
  ] as const;
  for (const [name, value, development, what] of keys) {
    if (!value) problems.push(`${name} is not set: ${what} would use the development key`);
    else if (value === development) problems.push(`${name} is the development key`);
  }
  if (env.REPAY_CLOCK)
    problems.push(`REPAY_CLOCK is set (${env.REPAY_CLOCK}): production runs on the real clock`);
  if (env.REPAY_COOKIE_SECURE === 'false')
    problems.push(
      'REPAY_COOKIE_SECURE=false: the session cookie must be Secure (console over HTTPS)',
    );
  if (opts.seedDemoIfEmpty)
    problems.push('--seed-demo-if-empty would create the demo users and the demo API key');
  return problems;
}

/** What the database shows: the demo's users and key, if they are still usable. */
export async function dataProblems(services: Pick<AppServices, 'users' | 'apiKeys'>) {
  const problems: string[] = [];
  const demoNames = demoUsers.map((u) => u.username);
  for (const username of await services.users.withPassword(demoNames, DEMO_PASSWORD))
    problems.push(`user ${username} has the demo password (reset it in 用户管理)`);
  const demoKey = (await services.apiKeys.list()).find((k) => k.keyId === demoApiKey.key);
  if (demoKey?.status === 'active')
    problems.push(`the demo API key ${demoApiKey.key} is active (revoke it)`);
  return problems;
}

export function refusal(problems: readonly string[]): string {
  return [
    `[repay] REPAY_ENV=production: refusing to start (${problems.length} problem${problems.length === 1 ? '' : 's'}):`,
    ...problems.map((p) => `  - ${p}`),
  ].join('\n');
}
