import { randomBytes } from 'node:crypto';

/** A random MAC in QEMU's locally administered range, for one simulated machine's NIC. */
export const randomMac = (): string => `52:54:00:${randomBytes(3).toString('hex').match(/../g)!.join(':')}`;

/**
 * The kernel command line a sim-machine node boots its agent with (driver_info.sim_kernel_params): the agent
 * looks itself up at `apiUrl` by its one NIC's MAC (BOOTIF), listens on loopback, polls quickly, and writes
 * images to `target`, a file standing for its disk. `extra` adds parameters (timeouts, simulated disks…).
 */
export function simKernelParams(opts: { apiUrl: string; mac: string; target: string; extra?: string[] }): string {
  return [
    `ipa-api-url=${opts.apiUrl}`,
    `BOOTIF=01-${opts.mac.replace(/:/g, '-')}`,
    'ipa-listen-host=127.0.0.1',
    'ipa-listen-port=0',
    'ipa-lookup-interval=0.2',
    ...(opts.extra ?? []),
    `ferrum-target-device=${opts.target}`,
    `ferrum-sim-interfaces=eth0=${opts.mac}`,
  ].join(' ');
}
