import type { InterfaceKind } from '@ferrum/contracts';

/**
 * A hardware type is a declaration: for each interface kind, the implementations it supports,
 * in order of preference (the first enabled one is the default, as in Ironic).
 */
export interface HardwareType {
  readonly name: string;
  readonly supported: Readonly<Record<InterfaceKind, readonly string[]>>;
}
