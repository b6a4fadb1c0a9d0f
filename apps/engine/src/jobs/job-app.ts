// What a job's handler works with: the services, the settings and the clock of its engine (an
// App is one; the registry is built beside the services, before the App exists).
import type { AppServices } from '../context';
import type { Env } from '../env';
import type { Clock } from '../lib/clock';
import type { JobDefinition } from '../modules/jobs';

export interface JobApp {
  services: AppServices;
  env: Pick<Env, 'REPAY_RECON_LOOKBACK_DAYS'>;
  clock: Clock;
}

/** A definition with its parameters' type checked, kept in the registry's one list (of any parameters). */
export function defineJob<Params extends Record<string, unknown>>(
  def: JobDefinition<Params>,
): JobDefinition {
  return def;
}
