import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { withTimeout } from './with-timeout';

/** What a worker pool shows of itself (the conductor's WorkerPool satisfies it). */
export interface PoolView {
  readonly size: number;
  readonly active: number;
}

export interface NodeStateCount {
  provision_state: string;
  power_state: string | null;
  count: number;
}

/** One finished RPC, as the instrumented transport reports it. */
export interface RpcCall {
  /** `client` measured at the caller (API), `server` at the handler (conductor). */
  side: 'client' | 'server';
  subject: string;
  /** `ok`, or the error code (`NodeLocked`, `RpcTimeout`, `NoResponders`…), or `error` for anything else. */
  outcome: string;
  seconds: number;
}

// Ironic calls take milliseconds to minutes (a power action on a slow BMC): the default buckets stop at 10 s.
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];
const PASS_BUCKETS = [0.01, 0.1, 0.5, 1, 5, 10, 30, 60, 300, 900];

/** ironic-inspector's introspection states; the gauge shows each, 0 included, so dashboards have every series. */
export const INTROSPECTION_STATES = ['starting', 'waiting', 'processing', 'finished', 'error', 'aborting', 'enrolling', 'reapplying'] as const;

/**
 * Every Prometheus metric a Ferrum process exports, on a registry of its own (not prom-client's global
 * one, so that tests can make as many as they like). Gauges that describe state elsewhere (worker
 * pools, node counts) are read when Prometheus scrapes, not kept up to date by the code they watch.
 */
export class FerrumMetrics {
  readonly registry = new Registry();

  readonly httpRequests = new Counter({
    name: 'ferrum_http_requests_total',
    help: 'HTTP requests answered, by server (api or inspector), method, route pattern and status code.',
    labelNames: ['server', 'method', 'route', 'status'] as const,
    registers: [this.registry],
  });

  readonly httpDuration = new Histogram({
    name: 'ferrum_http_request_duration_seconds',
    help: 'Time to answer an HTTP request, by server (api or inspector), method, route pattern and status code.',
    labelNames: ['server', 'method', 'route', 'status'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });

  readonly rpcRequests = new Counter({
    name: 'ferrum_rpc_requests_total',
    help: 'RPCs over the message bus, by side (client or server), subject (conductor host as *) and outcome (ok or the error code).',
    labelNames: ['side', 'subject', 'outcome'] as const,
    registers: [this.registry],
  });

  readonly rpcDuration = new Histogram({
    name: 'ferrum_rpc_duration_seconds',
    help: 'RPC round trip (client) or handling time (server), by side, subject and outcome.',
    labelNames: ['side', 'subject', 'outcome'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });

  readonly workersRefused = new Counter({
    name: 'ferrum_conductor_workers_refused_total',
    help: 'Background jobs refused with NoFreeConductorWorker (503) because the pool was full. The pool has no queue: this is its backlog.',
    labelNames: ['conductor'] as const,
    registers: [this.registry],
  });

  readonly lockWait = new Histogram({
    name: 'ferrum_conductor_lock_wait_seconds',
    help: 'Time spent taking a node lock, retries included, by outcome (acquired or NodeLocked).',
    labelNames: ['conductor', 'outcome'] as const,
    buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 2.5, 5, 10, 30],
    registers: [this.registry],
  });

  readonly nodeLocked = new Counter({
    name: 'ferrum_conductor_node_locked_total',
    help: 'Lock attempts that gave up with NodeLocked (409) after every retry.',
    labelNames: ['conductor'] as const,
    registers: [this.registry],
  });

  readonly periodicDuration = new Histogram({
    name: 'ferrum_conductor_periodic_task_duration_seconds',
    help: 'Duration of one pass of a conductor periodic task, by task and outcome (ok or error).',
    labelNames: ['conductor', 'task', 'outcome'] as const,
    buckets: PASS_BUCKETS,
    registers: [this.registry],
  });

  readonly introspections = new Gauge({
    name: 'ferrum_inspector_introspections',
    help: 'Introspections known to the inspector, by state.',
    labelNames: ['state'] as const,
    registers: [this.registry],
  });

  readonly dnsmasqSync = new Histogram({
    name: 'ferrum_inspector_dnsmasq_sync_duration_seconds',
    help: 'Time to write the dnsmasq PXE filter (hostsdir) from the ports the inspector allows.',
    buckets: PASS_BUCKETS,
    registers: [this.registry],
  });

  private readonly pools = new Map<string, PoolView>();
  private nodeStates?: () => Promise<NodeStateCount[]>;

  constructor(options: { defaultMetrics?: boolean; nodeStateTimeoutMs?: number } = {}) {
    // Process CPU, memory, event-loop lag, GC: the standard names, without our prefix.
    if (options.defaultMetrics) collectDefaultMetrics({ register: this.registry });
    const pools = this.pools;
    const poolGauge = (name: string, help: string, read: (p: PoolView) => number) =>
      new Gauge({
        name,
        help,
        labelNames: ['conductor'] as const,
        registers: [this.registry],
        collect() {
          this.reset();
          for (const [conductor, pool] of pools) this.set({ conductor }, read(pool));
        },
      });
    poolGauge('ferrum_conductor_workers', 'Size of the conductor worker pool (FERRUM_WORKERS_POOL_SIZE).', (p) => p.size);
    poolGauge('ferrum_conductor_workers_in_use', 'Worker slots running or reserved for a background job.', (p) => p.active);

    const timeoutMs = options.nodeStateTimeoutMs ?? 2000;
    const source = () => this.nodeStates;
    new Gauge({
      name: 'ferrum_nodes',
      help: 'Nodes by provision state and power state (read from the database when scraped).',
      labelNames: ['provision_state', 'power_state'] as const,
      registers: [this.registry],
      async collect() {
        this.reset();
        const read = source();
        if (!read) return;
        // A scrape must not hang on a database that does not answer; the series are then absent.
        const rows = await withTimeout(read(), timeoutMs).catch(() => []);
        for (const r of rows) this.set({ provision_state: r.provision_state, power_state: r.power_state ?? 'None' }, r.count);
      },
    });
  }

  /** Publishes a conductor's worker pool until the returned function is called. */
  trackWorkerPool(conductor: string, pool: PoolView): () => void {
    this.pools.set(conductor, pool);
    return () => {
      if (this.pools.get(conductor) === pool) this.pools.delete(conductor);
    };
  }

  /** Where node counts come from (one GROUP BY per scrape); only processes that set it publish `ferrum_nodes`. */
  trackNodeStates(read: () => Promise<NodeStateCount[]>): void {
    this.nodeStates = read;
  }

  /** Shows every introspection state (0 until the inspector reports some). */
  trackIntrospections(counts: Partial<Record<(typeof INTROSPECTION_STATES)[number], number>> = {}): void {
    for (const state of INTROSPECTION_STATES) this.introspections.set({ state }, counts[state] ?? 0);
  }

  observeRpc(call: RpcCall): void {
    const labels = { side: call.side, subject: subjectPattern(call.subject), outcome: call.outcome };
    this.rpcRequests.inc(labels);
    this.rpcDuration.observe(labels, call.seconds);
  }

  observeHttp(server: string, method: string, route: string, status: number, seconds: number): void {
    const labels = { server, method, route, status: String(status) };
    this.httpRequests.inc(labels);
    this.httpDuration.observe(labels, seconds);
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  /** The Prometheus text exposition of every metric. */
  text(): Promise<string> {
    return this.registry.metrics();
  }
}

/**
 * `ferrum.conductor.<host>.node.set-power.v1` → `ferrum.conductor.*.node.set-power.v1`: one series per
 * method instead of one per method and conductor, which would grow with every new hostname.
 */
export function subjectPattern(subject: string): string {
  return subject.replace(/^ferrum\.conductor\.[^.]+\./, 'ferrum.conductor.*.');
}
