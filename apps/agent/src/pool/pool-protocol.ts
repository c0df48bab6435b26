/**
 * The simulated-agent pool's protocol (dist/agent-pool.js): newline-delimited JSON commands on stdin,
 * newline-delimited JSON events on stdout, nothing else on stdout (logs go to stderr, one line each, prefixed
 * with the machine id). Plain JSON types only: the lab (libs/lab) keeps its own copy of them.
 */

/** A simulated machine's hardware, from which the pool builds the inventory its agent reports. */
export interface Hardware {
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

/** Faults injected into one boot of a machine. */
export interface Faults {
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
export interface BootCommand {
  op: 'boot';
  machine: string;
  cmdline: string;
  hardware: Hardware;
  disk: string;
  faults?: Faults;
  /**
   * The lab's number for this boot, echoed in the boot's events: an event of an earlier boot (its agent's
   * power-off request, say) may still be on its way when the machine has been power-cycled and booted again.
   */
  boot?: number;
}

/** The machine lost power: its agent stops at once. Stopping a machine that runs nothing is not an error. */
export interface StopCommand {
  op: 'stop';
  machine: string;
}

/** Stop every agent and exit 0 (closing stdin does the same). */
export interface ShutdownCommand {
  op: 'shutdown';
}

export type PoolCommand = BootCommand | StopCommand | ShutdownCommand;

/** Once, when the pool reads commands. */
export interface ReadyEvent {
  event: 'ready';
}

/** The machine's command API listens at `url` (the conductor learns it from the heartbeats). */
export interface BootedEvent {
  event: 'booted';
  machine: string;
  boot?: number;
  url: string;
}

/** Lookup found the machine's node. */
export interface LookedUpEvent {
  event: 'looked-up';
  machine: string;
  boot?: number;
  node: string;
}

/**
 * The agent powered its machine off or rebooted it (standby.power_off, standby.run_image): the agent is
 * stopped; the lab sets the BMC's power state, and sends a new boot after a reboot.
 */
export interface PowerEvent {
  event: 'power';
  machine: string;
  boot?: number;
  action: 'poweroff' | 'reboot';
}

/** The agent ended on its own: lookup failed or timed out, it locked down, an injected crash, bad parameters. */
export interface ExitedEvent {
  event: 'exited';
  machine: string;
  boot?: number;
  reason: string;
}

/** A command line the pool could not take (not JSON, unknown op, missing or wrong fields). Never fatal. */
export interface ErrorEvent {
  event: 'error';
  message: string;
}

export type PoolEvent = ReadyEvent | BootedEvent | LookedUpEvent | PowerEvent | ExitedEvent | ErrorEvent;
