import { Conflict } from '@ferrum/errors';

/**
 * One in-process lock per node uuid (ironic-inspector's per-node semaphore). Across inspector processes the
 * cache rows' version_id compare-and-set keeps transitions single.
 */
export class NodeLocks {
  private readonly held = new Set<string>();
  private readonly waiters = new Map<string, (() => void)[]>();

  /** Takes the lock, waiting for it. */
  async acquire(uuid: string): Promise<() => void> {
    while (this.held.has(uuid)) {
      await new Promise<void>((resolve) => this.waiters.set(uuid, [...(this.waiters.get(uuid) ?? []), resolve]));
    }
    this.held.add(uuid);
    return () => this.release(uuid);
  }

  /** Takes the lock or fails at once. @throws Conflict (409) "Node … is locked" */
  tryAcquire(uuid: string): () => void {
    if (this.held.has(uuid)) throw new Conflict({ message: `Node ${uuid} is locked by another request, please retry later` });
    this.held.add(uuid);
    return () => this.release(uuid);
  }

  private release(uuid: string): void {
    this.held.delete(uuid);
    const queue = this.waiters.get(uuid);
    const next = queue?.shift();
    if (!queue?.length) this.waiters.delete(uuid);
    next?.();
  }
}
