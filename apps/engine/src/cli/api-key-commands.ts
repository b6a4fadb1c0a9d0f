// `repay api-key create | list | revoke | rotate`: API keys for upstream systems. Secrets are
// printed once (create, rotate) and never again.
import { InvalidArgumentError, type Command } from 'commander';
import type { z } from 'zod';
import { openApp } from '../app';
import { fromZodIssues } from '../lib/errors';
import {
  API_SCOPES,
  createApiKeyInput,
  DEFAULT_ROTATION_GRACE_HOURS,
  rotateApiKeyInput,
} from '../modules/auth';
import { systemActor } from '../modules/events';

const cli = systemActor('cli');

/** `a,b` → ['a', 'b']; `all` → null (every one). */
const listOrAll = (value: string): string[] | null =>
  value.trim() === 'all'
    ? null
    : value
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean);

const wholeHours = (value: string) => {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError('must be a whole number of hours');
  return Number(value);
};

/** The input as the schema sees it, or the first problem in the option's words (exit code 2). */
function parsed<S extends z.ZodType>(schema: S, input: unknown, options: Record<string, string>) {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const error = fromZodIssues(result.error.issues);
  const option = options[error.field?.split('.')[0] ?? ''];
  console.error(option ? `${option}: ${error.message}` : error.message);
  process.exit(2);
}

const listText = (values: readonly string[] | null) => (values ? values.join(',') : 'all');

export function registerApiKeyCommands(program: Command) {
  const apiKey = program.command('api-key').description('API keys for upstream systems');

  apiKey
    .command('create')
    .description('a new key; its secret is printed once')
    .requiredOption('--name <name>', 'who the key is for')
    .option('--funders <codes>', 'funder codes, comma-separated, or all', 'all')
    .option('--scopes <scopes>', `${API_SCOPES.join(', ')} (comma-separated), or all`, 'all')
    .option('--reason <text>', 'why (audit log)', 'created with the command line')
    .option('--json', 'print {"key": …, "secret": …, "scopes": […], "funderCodes": …} on one line')
    .action(
      async (
        opts: { name: string; funders: string; scopes: string; reason: string; json?: boolean },
        command: Command,
      ) => {
        const defaulted = (['funders', 'scopes'] as const).filter(
          (o) => command.getOptionValueSource(o) === 'default',
        );
        const input = parsed(
          createApiKeyInput,
          {
            name: opts.name,
            scopes: listOrAll(opts.scopes) ?? [...API_SCOPES],
            funderCodes: listOrAll(opts.funders),
            reason: opts.reason,
          },
          { name: '--name', scopes: '--scopes', funderCodes: '--funders', reason: '--reason' },
        );
        // Scripts written before keys had limits keep working; the warning says what they got.
        if (defaulted.length > 0)
          console.error(
            `warning: no ${defaulted.map((o) => `--${o}`).join(' or ')} given: the key gets ` +
              `${defaulted.map((o) => `every ${o === 'funders' ? 'funder' : 'scope'}`).join(' and ')}`,
          );
        const app = await openApp({ migrate: true });
        let created;
        try {
          created = await app.services.apiKeys.createApiKey(input, cli);
        } finally {
          await app.close();
        }
        if (opts.json)
          console.log(
            JSON.stringify({ ...created, scopes: input.scopes, funderCodes: input.funderCodes }),
          );
        else
          console.log(
            `key:     ${created.key}\nsecret:  ${created.secret}\nscopes:  ${listText(input.scopes)}\n` +
              `funders: ${listText(input.funderCodes)}\n(the secret is shown only now)`,
          );
      },
    );

  apiKey
    .command('list')
    .description('every key with its status, scopes and funders (no secrets)')
    .option('--json', 'one JSON array')
    .action(async (opts: { json?: boolean }) => {
      const app = await openApp({ migrate: true });
      const keys = await app.services.apiKeys.list();
      await app.close();
      if (opts.json) return console.log(JSON.stringify(keys));
      for (const k of keys)
        console.log(
          [
            k.keyId.padEnd(22),
            k.status.padEnd(8),
            k.name,
            `scopes=${listText(k.scopes)}`,
            `funders=${listText(k.funderCodes)}`,
            `last used ${k.lastUsedAt ?? 'never'}`,
            ...(k.previousSecretUntil ? [`previous secret until ${k.previousSecretUntil}`] : []),
          ].join('  '),
        );
      if (keys.length === 0) console.log('no API keys');
    });

  apiKey
    .command('revoke')
    .description('the key stops working at once')
    .requiredOption('--key <key>', 'the key id (rk_…)')
    .option('--reason <text>', 'why (audit log)', 'revoked with the command line')
    .action(async (opts: { key: string; reason: string }) => {
      const app = await openApp({ migrate: true });
      try {
        await app.services.apiKeys.revoke(opts.key, opts.reason, cli);
      } finally {
        await app.close();
      }
      console.log(`API key ${opts.key} revoked`);
    });

  apiKey
    .command('rotate')
    .description('a new secret, printed once; the old one keeps working for the grace period')
    .requiredOption('--key <key>', 'the key id (rk_…)')
    .option(
      '--grace-hours <hours>',
      'how long the old secret keeps working (0: it stops now)',
      wholeHours,
      DEFAULT_ROTATION_GRACE_HOURS,
    )
    .option('--reason <text>', 'why (audit log)', 'rotated with the command line')
    .option('--json', 'print {"key": …, "secret": …, "previousSecretUntil": …} on one line')
    .action(async (opts: { key: string; graceHours: number; reason: string; json?: boolean }) => {
      const input = parsed(
        rotateApiKeyInput,
        { keyId: opts.key, graceHours: opts.graceHours, reason: opts.reason },
        { keyId: '--key', graceHours: '--grace-hours', reason: '--reason' },
      );
      const app = await openApp({ migrate: true });
      let rotated;
      try {
        rotated = await app.services.apiKeys.rotate(
          input.keyId,
          input.graceHours,
          input.reason,
          cli,
        );
      } finally {
        await app.close();
      }
      if (opts.json) return console.log(JSON.stringify(rotated));
      console.log(
        `key:    ${rotated.key}\nsecret: ${rotated.secret}\n(the secret is shown only now; ` +
          `${rotated.previousSecretUntil ? `the previous one works until ${rotated.previousSecretUntil}` : 'the previous one no longer works'})`,
      );
    });
}
