/**
 * The simulated-agent pool's protocol (dist/agent-pool.js, apps/agent/src/pool): newline-delimited JSON commands
 * on stdin, newline-delimited JSON events on stdout, nothing else on stdout (logs go to stderr, one line each,
 * prefixed with the machine id). One definition for both ends: the lab (libs/lab) sends the commands and reads
 * the events; the pool does the reverse.
 */

/**
 * The disk a machine keeps nothing on: images are downloaded and checksummed, then dropped (config drives and
 * metadata erasure are skipped), so a lab of many machines costs no disk space.
 */
export const DISCARD_DISK = 'discard';

/** A simulated machine's hardware, from which the pool builds the inventory its agent reports. */
export interface LabHardware {
  /** Logical CPUs. */
  cpus: number;
  cpuModel?: string;
  /** Kernel name (`uname -m`); x86_64 when absent. */
  architecture?: string;
  /** Installed memory (the node's memory_mb). */
  memoryMiB: number;
  /** `name` as the kernel names it (eth0, eno1); `mac` in any usual notation. */
  nics: { name: string; mac: string }[];
  /** `name` without /dev/ (sda, nvme0n1). */
  disks: { name: string; sizeGiB: number; rotational?: boolean; model?: string; serial?: string }[];
  vendor?: { manufacturer?: string; productName?: string; serialNumber?: string };
  /** uefi when absent. */
  bootMode?: 'uefi' | 'bios';
  /** The BMC's address as the machine's inventory reports it (IPA's bmc_address); unknown (0.0.0.0) when absent. */
  bmcAddress?: string;
}

/** AgentFaults injected into one boot of a machine. */
export interface AgentFaults {
  /**
   * The agent "crashes" when the conductor sends it this command: its command API stops answering and it
   * heartbeats no more. A command name (`standby.prepare_image`, which writes the image), or for the
   * `*.execute_*_step` commands the extension and the step (`deploy.write_image`, `clean.erase_devices_metadata`).
   */
  crashOn?: string;
  /** Every image download fails its checksum check, as a corrupted download would. */
  corruptImage?: true;
}

/**
 * Power on (or reboot into) the agent. A machine already running is stopped first. `cmdline` is the kernel
 * command line (IPA's parameters: ipa-api-url=…, ipa-inspection-callback-url=…, ipa-listen-host=127.0.0.1
 * ipa-listen-port=0, …). Images go to the file `disk`, or nowhere with "discard" (downloaded and checked only).
 */
export interface PoolBootCommand {
  op: 'boot';
  machine: string;
  cmdline: string;
  hardware: LabHardware;
  disk: string;
  faults?: AgentFaults;
  /**
   * The lab's number for this boot, echoed in the boot's events: an event of an earlier boot (its agent's
   * power-off request, say) may still be on its way when the machine has been power-cycled and booted again.
   */
  boot?: number;
}

/** The machine lost power: its agent stops at once. Stopping a machine that runs nothing is not an error. */
export interface PoolStopCommand {
  op: 'stop';
  machine: string;
}

/** Stop every agent and exit 0 (closing stdin does the same). */
export interface PoolShutdownCommand {
  op: 'shutdown';
}

export type PoolCommand = PoolBootCommand | PoolStopCommand | PoolShutdownCommand;

/** Once, when the pool reads commands. */
export interface PoolReadyEvent {
  event: 'ready';
}

/** The machine's command API listens at `url` (the conductor learns it from the heartbeats). */
export interface PoolBootedEvent {
  event: 'booted';
  machine: string;
  boot?: number;
  url: string;
}

/** Lookup found the machine's node. */
export interface PoolLookedUpEvent {
  event: 'looked-up';
  machine: string;
  boot?: number;
  node: string;
}

/**
 * The agent powered its machine off or rebooted it (standby.power_off, standby.run_image): the agent is
 * stopped; the lab sets the BMC's power state, and sends a new boot after a reboot.
 */
export interface PoolPowerEvent {
  event: 'power';
  machine: string;
  boot?: number;
  action: 'poweroff' | 'reboot';
}

/** The agent ended on its own: lookup failed or timed out, it locked down, an injected crash, bad parameters. */
export interface PoolExitedEvent {
  event: 'exited';
  machine: string;
  boot?: number;
  reason: string;
}

/** A command line the pool could not take (not JSON, unknown op, missing or wrong fields). Never fatal. */
export interface PoolErrorEvent {
  event: 'error';
  message: string;
}

export type PoolEvent = PoolReadyEvent | PoolBootedEvent | PoolLookedUpEvent | PoolPowerEvent | PoolExitedEvent | PoolErrorEvent;
