import { TimedOut, withTimeout } from './with-timeout';

/** A readiness check: resolves true (or `{ ok: true }`) when ready; false, `{ ok: false, detail }` or a throw when not. */
export type HealthCheck = () => Promise<boolean | CheckResult>;

export interface CheckResult {
  ok: boolean;
  detail?: string;
}

export interface Readiness {
  ready: boolean;
  checks: Record<string, CheckResult>;
}

/**
 * The readiness checks of one process. Each part of the process registers what it depends on
 * (database, NATS, migrations, a conductor's registration) and removes it when it stops, so in
 * `--role all` one /readyz covers every role.
 */
export class HealthChecks {
  private readonly checks = new Map<string, HealthCheck>();

  /** Adds (or replaces) a check; the returned function removes it. */
  register(name: string, check: HealthCheck): () => void {
    this.checks.set(name, check);
    return () => {
      if (this.checks.get(name) === check) this.checks.delete(name);
    };
  }

  get names(): string[] {
    return [...this.checks.keys()];
  }

  /**
   * Runs every check at once, each bounded by `timeoutMs`: a database that does not answer makes the
   * probe fail in time instead of hanging until the kubelet gives up on it.
   */
  async readiness(timeoutMs = 2000): Promise<Readiness> {
    const entries = await Promise.all(
      [...this.checks].map(async ([name, check]): Promise<[string, CheckResult]> => {
        try {
          const result = await withTimeout(check(), timeoutMs, name);
          return [name, typeof result === 'boolean' ? { ok: result } : result];
        } catch (err) {
          // A dependency's own error may name hosts, ports or users (readiness is often public): only ours is shown.
          return [name, { ok: false, detail: err instanceof TimedOut ? err.message : 'unavailable' }];
        }
      }),
    );
    return { ready: entries.every(([, r]) => r.ok), checks: Object.fromEntries(entries) };
  }
}
