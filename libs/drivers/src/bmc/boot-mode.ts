import type { NodeRecord } from '@ferrum/contracts';
import { text } from './text';

/** `capabilities` is Ironic's "k1:v1,k2:v2" string (or, from some clients, an object). */
export function capabilitiesOf(node: Pick<NodeRecord, 'properties'>): Record<string, string> {
  const raw = (node.properties ?? {}).capabilities;
  if (raw && typeof raw === 'object') return Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, text(v)]));
  if (typeof raw !== 'string') return {};
  return Object.fromEntries(
    raw
      .split(',')
      .map((pair) => pair.split(':').map((s) => s.trim()))
      .filter((kv) => kv.length === 2 && kv[0])
      .map(([k, v]) => [k, v]),
  );
}

/**
 * The boot mode to ask the BMC for, as Ironic's boot_mode_utils.get_boot_mode: the node's
 * capabilities, then its recorded boot_mode, then the configured default.
 */
export function bootModeOf(node: Pick<NodeRecord, 'properties' | 'boot_mode'>, fallback: 'uefi' | 'bios'): 'uefi' | 'bios' {
  const wanted = capabilitiesOf(node).boot_mode ?? node.boot_mode ?? fallback;
  return wanted === 'bios' ? 'bios' : wanted === 'uefi' ? 'uefi' : fallback;
}
