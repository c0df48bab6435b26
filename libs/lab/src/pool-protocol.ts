/**
 * The lab's side of the agent pool's protocol (apps/agent/src/pool, built as dist/agent-pool.js): JSON lines,
 * commands on the pool's stdin, events on its stdout. Plain JSON on purpose: a lib may not import an app, so
 * both sides spell the shapes, and the pool's spec and the lab's e2e check that they agree.
 */

/** What a simulated machine is made of; the pool reports it as the agent's inventory. */
export interface Hardware {
  cpus: number;
  cpuModel?: string;
  architecture?: string;
  memoryMiB: number;
  nics: { name: string; mac: string }[];
  disks: { name: string; sizeGiB: number; rotational?: boolean; model?: string; serial?: string }[];
  vendor?: { manufacturer?: string; productName?: string; serialNumber?: string };
  bootMode?: 'uefi' | 'bios';
}

/** Failures a machine's agent is made to have. */
export interface AgentFaults {
  /** The agent command on which the agent "crashes": its API stops answering, its heartbeats stop. */
  crashOn?: string;
  /** Image downloads arrive corrupted: the checksum check fails as IPA's does. */
  corruptImage?: boolean;
}

export type PoolCommand =
  /** `boot` numbers this boot; the pool echoes it in the boot's events (an earlier boot's may still be on the way). */
  | { op: 'boot'; machine: string; cmdline: string; hardware: Hardware; disk: string; faults?: AgentFaults; boot?: number }
  | { op: 'stop'; machine: string }
  | { op: 'shutdown' };

export type PoolEvent =
  | { event: 'ready' }
  | { event: 'booted'; machine: string; boot?: number; url: string }
  | { event: 'looked-up'; machine: string; boot?: number; node: string }
  | { event: 'power'; machine: string; boot?: number; action: 'poweroff' | 'reboot' }
  | { event: 'exited'; machine: string; boot?: number; reason: string }
  | { event: 'error'; message: string };

/** The disk target that keeps nothing (images are downloaded and checksummed only). */
export const DISCARD = 'discard';
