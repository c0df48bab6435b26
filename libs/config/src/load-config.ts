import { ConfigOf, Options } from './option';
import { withProfile } from './profile';

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/**
 * Parses every option from the environment at once and reports every bad one together,
 * each as `NAME=value: reason`, so that an operator fixes them in one go. FERRUM_PROFILE's
 * defaults (profile.ts) sit under the environment.
 */
export function loadConfig<O extends Options>(options: O, given: Record<string, string | undefined>): ConfigOf<O> {
  const env = withProfile(given);
  const problems: string[] = [];
  const config: Record<string, unknown> = {};
  for (const [key, opt] of Object.entries(options)) {
    const raw = env[opt.env];
    const value = raw === undefined || raw === '' ? undefined : raw;
    const result = opt.schema.safeParse(value);
    if (result.success) {
      config[key] = result.data;
    } else {
      const reason = result.error.issues.map((i) => i.message).join('; ');
      problems.push(`${opt.env}=${value === undefined ? '(unset)' : JSON.stringify(value)}: ${reason}`);
    }
  }
  if (problems.length) throw new ConfigError(problems);
  return config as ConfigOf<O>;
}
