import type { InspectionChanges } from '@ferrum/contracts';

/** Whether a processing result has anything for the conductor to save (no call, no lock otherwise). */
export function hasWork(result: InspectionChanges): boolean {
  const ports = result.ports;
  return !!(result.properties || result.changes || result.traits || ports?.add?.length || ports?.set_pxe?.length || ports?.remove?.length || ports?.update?.length);
}
