import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { VendorCallReply, VendorCallRequest, VendorMethodInfo } from '@ferrum/contracts';
import { BoundRoute, DriverRegistry, SharedTask, checkPassthruArgs, methodInfo, routesOf } from '@ferrum/drivers';
import { FerrumError, InvalidParameterValue, VendorPassthruException } from '@ferrum/errors';
import type { Repositories } from '@ferrum/persistence';
import type { Logger } from 'pino';
import type { ConductorConfig } from '../conductor.config';
import { TaskManager } from '../locks/task-manager';
import { WorkerPool } from '../locks/worker-pool';
import { CONFIG, DRIVERS, LOGGER, REPOS } from '../tokens';
import { AgentCallbacks } from '../agent/agent-callbacks';

type Invoke = (target: unknown, args: Record<string, unknown>) => Promise<unknown>;

/**
 * Vendor passthru (Ironic §8.3/§8.4): find the method, check the HTTP verb and arguments, validate,
 * then run it inline (sync: the reply carries the result) or on the worker pool (async: 202).
 * Node methods lock the node exclusively unless they say they can share it.
 */
@Injectable()
export class VendorService {
  constructor(
    @Inject(CONFIG) private readonly config: ConductorConfig,
    @Inject(REPOS) private readonly repos: Repositories,
    @Inject(DRIVERS) private readonly drivers: DriverRegistry,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly tasks: TaskManager,
    private readonly pool: WorkerPool,
    private readonly callbacks: AgentCallbacks,
  ) {}

  async nodeMethods(uuid: string): Promise<Record<string, VendorMethodInfo>> {
    const { node } = await this.tasks.shared(uuid);
    return listing(routesOf(this.drivers.get(node, 'vendor'), 'node'), 'node');
  }

  driverMethods(driver: string): Record<string, VendorMethodInfo> {
    return listing(routesOf(this.drivers.get({ driver }, 'vendor'), 'driver'), 'driver');
  }

  async nodeCall(uuid: string, call: VendorCallRequest): Promise<VendorCallReply> {
    const shared: SharedTask = { ...(await this.tasks.shared(uuid)), callbacks: this.callbacks };
    const vendor = this.drivers.get(shared.node, 'vendor');
    const bound = this.find(routesOf(vendor, 'node'), call);
    const args = { ...call.args, http_method: call.http_method };
    const run = bound.owner as unknown as Record<string, Invoke>;
    // Vendor methods may reach the conductor's agent services (the legacy heartbeat does).
    const invoke = (task: SharedTask) =>
      this.guard(call.method, () => run[bound.route.functionName].call(bound.owner, Object.assign(task, { callbacks: this.callbacks }), args));

    if (!bound.route.requireExclusiveLock) {
      await vendor.validate(shared, call.method, args);
      if (!bound.route.async) return reply(bound, await invoke(shared));
      return this.spawn(bound, call, shared.node.driver, uuid, () => invoke(shared));
    }
    if (!bound.route.async) {
      return this.tasks.withExclusive(uuid, async (task) => {
        await vendor.validate(task, call.method, args);
        return reply(bound, await invoke(task));
      });
    }
    let jobId: string | undefined;
    await this.tasks.spawnWithLock(
      uuid,
      this.pool,
      async (task) => {
        await vendor.validate(task, call.method, args);
        jobId = await this.openJob(call, task.node.driver, uuid);
      },
      (task) => this.runJob(jobId, call.method, () => invoke(task)),
    );
    return { ...reply(bound, null), ...(jobId ? { job_id: jobId } : {}) };
  }

  async driverCall(driver: string, call: VendorCallRequest): Promise<VendorCallReply> {
    const vendor = this.drivers.get({ driver }, 'vendor');
    // A vendor without driver methods (fake, no-vendor) answers "No handler for method", as in Ironic.
    const bound = this.find(routesOf(vendor, 'driver'), call);
    const args = { ...call.args, http_method: call.http_method };
    const ctx = { driver, conductor: this.config.hostname, callbacks: this.callbacks };
    await vendor.driverValidate?.(ctx, call.method, args);
    const run = bound.owner as unknown as Record<string, Invoke>;
    const invoke = () => this.guard(call.method, () => run[bound.route.functionName].call(bound.owner, ctx, args));
    if (!bound.route.async) return reply(bound, await invoke());
    return this.spawn(bound, call, driver, null, invoke);
  }

  private find(routes: Map<string, BoundRoute>, call: VendorCallRequest): BoundRoute {
    const bound = routes.get(call.method);
    if (!bound) {
      throw new InvalidParameterValue({ message: `No handler for method ${call.method}` });
    }
    if (!bound.route.httpMethods.includes(call.http_method.toUpperCase() as never)) {
      throw new InvalidParameterValue({ message: `The method ${call.method} does not support HTTP ${call.http_method}` });
    }
    checkPassthruArgs(bound.route, call.args);
    return bound;
  }

  /** An async call without a node lock: reserve a worker (503 if none), record the job if asked, run. */
  private async spawn(bound: BoundRoute, call: VendorCallRequest, driver: string, nodeUuid: string | null, invoke: () => Promise<unknown>): Promise<VendorCallReply> {
    const slot = this.pool.reserve();
    let jobId: string | undefined;
    try {
      jobId = await this.openJob(call, driver, nodeUuid);
    } catch (err) {
      slot.release();
      throw err;
    }
    slot.run(() => this.runJob(jobId, call.method, invoke));
    return { ...reply(bound, null), ...(jobId ? { job_id: jobId } : {}) };
  }

  private async openJob(call: VendorCallRequest, driver: string, nodeUuid: string | null): Promise<string | undefined> {
    if (!call.job) return undefined;
    const uuid = randomUUID();
    await this.repos.jobs.create({ uuid, kind: 'vendor_passthru', node_uuid: nodeUuid, driver, method: call.method, conductor: this.config.hostname });
    return uuid;
  }

  /** Async results go to the job when there is one; otherwise, as in Ironic, only to the log. */
  private async runJob(jobId: string | undefined, method: string, invoke: () => Promise<unknown>): Promise<void> {
    if (jobId) await this.repos.jobs.started(jobId);
    try {
      const result = await invoke();
      if (jobId) await this.repos.jobs.finished(jobId, { result: result === undefined ? null : result });
    } catch (err) {
      this.logger.warn({ err, method, job: jobId }, 'async vendor passthru method failed');
      if (jobId) await this.repos.jobs.finished(jobId, { error: err instanceof Error ? err.message : String(err) });
    }
  }

  /** Domain errors pass through; anything else becomes Ironic's VendorPassthruException (500). */
  private async guard<T>(method: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      if (err instanceof FerrumError) throw err;
      this.logger.error({ err, method }, 'vendor passthru method raised');
      throw new VendorPassthruException({ method, message: err instanceof Error ? err.message : String(err) });
    }
  }
}

function listing(routes: Map<string, BoundRoute>, scope: 'node' | 'driver'): Record<string, VendorMethodInfo> {
  return Object.fromEntries([...routes].map(([name, b]) => [name, methodInfo(b.route, scope)]));
}

function reply(bound: BoundRoute, value: unknown): VendorCallReply {
  return { return: value === undefined ? null : value, async: bound.route.async, attach: bound.route.attach };
}
