import type { NodeRecord } from '@ferrum/contracts';
import type { DriverRegistry, ExclusiveTask, SharedTask } from '@ferrum/drivers';
import { NodeLocked } from '@ferrum/errors';
import type { Repositories } from '@ferrum/persistence';
import type { Logger } from 'pino';
import { lockedWrite } from './locked-write';
import type { WorkerSlot } from './worker-pool';

export interface LockOptions {
  hostname: string;
  retryAttempts: number;
  retryIntervalMs: number;
  /**
   * This incarnation's registration epoch, the fencing token of every locked write: once another process
   * registers under the same hostname, this one's writes are refused (LockLost). Unset before registration.
   */
  epoch?: () => number | undefined;
}

/** Told how long each lock attempt took, retries included (the lock-wait and NodeLocked metrics). */
export type LockObserver = (seconds: number, outcome: 'acquired' | 'NodeLocked') => void;

/** An exclusive task the conductor holds: the driver view plus a way to save under the lock. */
export interface NodeTask extends ExclusiveTask {
  node: NodeRecord;
  /** What the agent call-back being handled brought (set by the heartbeat handler for the job it spawns). */
  agent?: { token?: string; url?: string };
  /** `historyEventType` names the activity of an error it records, when the provision state does not say. */
  save(changes: Partial<NodeRecord> | Record<string, unknown>, options?: { historyEventType?: string }): Promise<NodeRecord>;
  /**
   * The job's last write: saves and gives the lock back in one statement. After it the task holds no lock
   * (a further save fails with LockLost) and the job's end releases nothing more.
   */
  saveAndRelease(changes: Partial<NodeRecord> | Record<string, unknown>): Promise<NodeRecord>;
  /** Deletes the node (and its ports); the lock goes with the row. */
  destroy(): Promise<void>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Node locks (Ironic's task manager). `withExclusive` holds the lock for the duration of a call;
 * `spawnWithLock` hands it to a background job which releases it when done — in `finally`, so a
 * throwing driver never leaks a lock.
 */
export class TaskManager {
  /** Tasks whose lock went with their last write (saveAndRelease) or with their node (destroy). */
  private readonly finished = new Set<NodeTask>();
  /**
   * The nodes this conductor's running work is taking or holding the lock of (a count: two requests may
   * try the same node). Any other lock in this conductor's name is an orphan `releaseOrphans` gives back.
   */
  private readonly claims = new Map<string, number>();

  constructor(
    private readonly repos: Repositories,
    private readonly options: LockOptions,
    private readonly logger: Logger,
    private readonly observe: LockObserver = () => undefined,
    /** Lets drivers reach the node's other interfaces (task.interfaceOf); absent in tests of locking alone. */
    private readonly drivers?: DriverRegistry,
    /** Fast track as configured (task.fastTrack): the agent deploy reads it. */
    private readonly fastTrack?: { enabled: boolean; timeoutS: number },
    /** What the ipxe boot interface makes a node's iPXE configuration from (task.netboot); absent: none is written. */
    private readonly netboot?: { apiUrl: string; kernelAppendParams: string },
  ) {}

  async acquire(uuid: string): Promise<NodeTask> {
    this.claim(uuid);
    try {
      return await this.reserve(uuid);
    } catch (err) {
      this.unclaim(uuid);
      throw err;
    }
  }

  /** Marks a node whose lock this conductor takes outside `acquire` (a node it creates locked); `unclaim` when done. */
  claim(uuid: string): void {
    this.claims.set(uuid, (this.claims.get(uuid) ?? 0) + 1);
  }

  unclaim(uuid: string): void {
    const left = (this.claims.get(uuid) ?? 1) - 1;
    if (left > 0) this.claims.set(uuid, left);
    else this.claims.delete(uuid);
  }

  /**
   * Gives back the locks in this conductor's name that no running work holds: their release failed
   * (the database was unreachable as the job ended), or a crash of this process's work left them.
   * Runs on the heartbeat's beat, so such a lock outlives a database outage by one beat at most.
   */
  async releaseOrphans(): Promise<string[]> {
    // The clock first, the claims second: a lock taken after the claims were listed is younger than the clock
    // reading, so the sweep cannot take it from a request that is just starting (seen under load: a 409 LockLost).
    const takenBefore = await this.repos.reservations.now();
    const released = await this.repos.reservations.releaseUnclaimed(this.options.hostname, [...this.claims.keys()], this.epoch, takenBefore);
    if (released.length) this.logger.warn({ nodes: released }, 'released locks no running work held (their release had failed)');
    return released;
  }

  private async reserve(uuid: string): Promise<NodeTask> {
    const { hostname, retryAttempts, retryIntervalMs } = this.options;
    const started = performance.now();
    for (let attempt = 0; ; attempt++) {
      const result = await this.repos.reservations.tryReserve(uuid, hostname, this.epoch);
      if (result.acquired) {
        this.observe((performance.now() - started) / 1000, 'acquired');
        return this.taskFor(result.node);
      }
      if (attempt >= retryAttempts) {
        this.observe((performance.now() - started) / 1000, 'NodeLocked');
        throw new NodeLocked({ node: uuid, host: result.holder });
      }
      // Grows with each attempt; jitter keeps competing conductors from retrying in lockstep.
      await sleep(retryIntervalMs * (attempt + 1) * (0.5 + Math.random()));
    }
  }

  /** A read-only view for driver calls that need no lock (Ironic's shared task): nothing is reserved. */
  async shared(uuid: string): Promise<SharedTask> {
    const node = await this.repos.nodes.getByIdent(uuid);
    const drivers = this.drivers;
    return {
      node,
      shared: true,
      portAddresses: () => this.portAddresses(node),
      fastTrack: this.fastTrack,
      ...(drivers && { interfaceOf: (kind) => drivers.get(node, kind) }),
    };
  }

  private get epoch(): number | undefined {
    return this.options.epoch?.();
  }

  get hostname(): string {
    return this.options.hostname;
  }

  /**
   * Gives the lock back. The work is over either way: if the database cannot be reached now, the lock is
   * left unclaimed and `releaseOrphans` gives it back when it can (never a lock held until a restart).
   */
  async release(uuid: string): Promise<void> {
    this.unclaim(uuid);
    try {
      const released = await this.repos.reservations.release(uuid, this.options.hostname, this.epoch);
      if (!released) this.logger.warn({ node: uuid }, 'lock was already gone when releasing it');
    } catch (err) {
      this.logger.warn({ err, node: uuid }, 'could not release the lock now; it is given back once the database answers');
    }
  }

  async withExclusive<T>(uuid: string, fn: (task: NodeTask) => Promise<T>): Promise<T> {
    const task = await this.acquire(uuid);
    try {
      return await fn(task);
    } finally {
      await this.end(task);
    }
  }

  /** Gives back the task's lock, unless its last write or its node's deletion already did. */
  private async end(task: NodeTask): Promise<void> {
    if (this.finished.delete(task)) this.unclaim(task.node.uuid);
    else await this.release(task.node.uuid);
  }

  /**
   * Takes the lock, then a worker slot, runs `prepare` (validation and the state saved before the API
   * answers), then hands the lock to `job` in that slot. The lock comes first (as in Ironic), so requests
   * piling up on one busy node wait on its lock and never hold the slots other nodes need; a full pool
   * gives the lock back and refuses (503) before anything changed. If `prepare` throws, both are given back.
   */
  async spawnWithLock(
    uuid: string,
    pool: { reserve(): WorkerSlot },
    prepare: (task: NodeTask) => Promise<void>,
    job: (task: NodeTask) => Promise<void>,
  ): Promise<void> {
    const task = await this.acquire(uuid);
    let slot: WorkerSlot;
    try {
      slot = pool.reserve();
    } catch (err) {
      await this.release(uuid);
      throw err;
    }
    try {
      await prepare(task);
    } catch (err) {
      slot.release();
      await this.release(uuid);
      throw err;
    }
    slot.run(async () => {
      try {
        await job(task);
      } finally {
        await this.end(task);
      }
    });
  }

  /** The node's port MAC addresses (Ironic's task.ports), for the boot interface's checks. */
  private async portAddresses(node: NodeRecord): Promise<string[]> {
    const ports = await this.repos.ports.list({ node_id: node.id }, { limit: 10_000, sortKey: 'id', sortDir: 'asc' });
    return ports.map((p) => p.address);
  }

  private taskFor(node: NodeRecord): NodeTask {
    const task: NodeTask = {
      node,
      shared: false,
      save: async (changes, options) => {
        task.node = await lockedWrite(
          () => this.repos.nodes.updateLocked(node.uuid, this.options.hostname, changes, this.epoch, options?.historyEventType),
          async () => undefined,
        );
        return task.node;
      },
      saveAndRelease: async (changes) => {
        task.node = await lockedWrite(
          () => this.repos.nodes.updateLocked(node.uuid, this.options.hostname, changes, this.epoch, undefined, true),
          // The release landed if the lock is gone and the node says what this write said.
          async () => {
            const now = await this.repos.nodes.findByUuid(node.uuid);
            const said = Object.entries(changes).every(([k, v]) => JSON.stringify((now as Record<string, unknown> | undefined)?.[k]) === JSON.stringify(v));
            return now && now.reservation !== this.options.hostname && said ? now : undefined;
          },
        );
        this.finished.add(task);
        return task.node;
      },
      destroy: async () => {
        await this.repos.nodes.deleteLocked(node.uuid, this.options.hostname, this.epoch);
        this.finished.add(task);
      },
      record: async (changes) => {
        await task.save(changes);
      },
      portAddresses: () => this.portAddresses(task.node),
      fastTrack: this.fastTrack,
      biosSettings: { replace: (settings) => this.repos.bios.replace(task.node.id, settings) },
      firmwareComponents: { sync: (readings) => this.repos.firmware.sync(task.node.id, readings) },
      volumeTargets: { list: () => this.repos.volumeTargets.listByNode(task.node.id), deleteAll: () => this.repos.volumeTargets.deleteByNode(task.node.id) },
      ...(this.netboot && {
        netboot: { ...this.netboot, write: (script: string) => this.repos.netboot.write(task.node.id, script), remove: () => this.repos.netboot.remove(task.node.id) },
      }),
    };
    const drivers = this.drivers;
    if (drivers) Object.assign(task, { interfaceOf: (kind: Parameters<DriverRegistry['get']>[1]) => drivers.get(task.node, kind) });
    return task;
  }
}
