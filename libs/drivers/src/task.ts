import type { NodeRecord } from '@ferrum/contracts';

/**
 * What a driver may see of a node and the lock held on it. Drivers never touch the database:
 * the conductor builds the task and saves what the driver changed.
 */
export interface SharedTask {
  readonly node: Readonly<NodeRecord>;
  readonly shared: boolean;
}

/** A task holding the node's exclusive lock: required by every driver call that changes hardware state. */
export interface ExclusiveTask extends SharedTask {
  readonly shared: false;
}
