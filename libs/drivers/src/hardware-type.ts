import type { InterfaceKind } from '@ferrum/contracts';

/**
 * A hardware type is a declaration: for each interface kind, the implementations it supports,
 * in order of preference (the first enabled one is the default, as in Ironic).
 */
export interface HardwareType {
  readonly name: string;
  readonly supported: Readonly<Record<InterfaceKind, readonly string[]>>;
  /**
   * An agent ramdisk boots on this type's machines: whichever vendor interface a node uses also carries
   * the agent's driver-level `lookup` and node-level `heartbeat` (the legacy passthru channel).
   */
  readonly agentVendor?: boolean;
}
