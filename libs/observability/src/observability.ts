import { FerrumMetrics } from './ferrum-metrics';
import { HealthChecks } from './health-checks';

export const HEALTH_PATHS = ['/healthz', '/readyz', '/metrics'] as const;
export type HealthPath = (typeof HEALTH_PATHS)[number];

/** An HTTP answer to one of the health paths, for whichever server serves them (Fastify or node:http). */
export interface HealthAnswer {
  status: number;
  contentType: string;
  body: string;
}

const JSON_TYPE = 'application/json; charset=utf-8';

let processWide: Observability | undefined;

/** A process's metrics and readiness checks, and the answers of /healthz, /readyz and /metrics. */
export class Observability {
  constructor(
    readonly metrics: FerrumMetrics = new FerrumMetrics(),
    readonly health: HealthChecks = new HealthChecks(),
  ) {}

  /**
   * The one instance of this process. Prometheus scrapes a process, and in `--role all` the API's
   * endpoints must cover every role in it, so the roles share it instead of each making their own.
   */
  static forProcess(): Observability {
    processWide ??= new Observability(new FerrumMetrics({ defaultMetrics: true }));
    return processWide;
  }

  /** `detail: false` leaves the checks out of /readyz (a public listener: probes need only the status). */
  async answer(path: HealthPath, { detail = true }: { detail?: boolean } = {}): Promise<HealthAnswer> {
    switch (path) {
      case '/healthz':
        // Liveness only says the event loop serves: a database outage must not get every pod restarted.
        return { status: 200, contentType: JSON_TYPE, body: JSON.stringify({ status: 'ok' }) };
      case '/readyz': {
        const { ready, checks } = await this.health.readiness();
        const status = ready ? 'ok' : 'unavailable';
        return { status: ready ? 200 : 503, contentType: JSON_TYPE, body: JSON.stringify(detail ? { status, checks } : { status }) };
      }
      case '/metrics':
        return { status: 200, contentType: this.metrics.contentType, body: await this.metrics.text() };
      default: {
        const unknown: never = path;
        throw new Error(`not a health path: ${String(unknown)}`);
      }
    }
  }
}

export function isHealthPath(path: string): path is HealthPath {
  return (HEALTH_PATHS as readonly string[]).includes(path);
}
