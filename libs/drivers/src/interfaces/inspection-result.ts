/** A NIC found by out-of-band inspection; the conductor creates a port for it unless one exists. */
export interface InspectedPort {
  address: string;
  pxe_enabled?: boolean;
}

/**
 * What a synchronous (out-of-band) inspection learned. Returned by `inspectHardware` instead of 'done':
 * the conductor merges `properties` into the node's and creates the missing `ports`, then finishes
 * the inspection (Ironic's redfish inspect does the same inside the driver, with the node lock held).
 */
export interface InspectionResult {
  properties: Record<string, unknown>;
  ports: InspectedPort[];
}

export function isInspectionResult(value: unknown): value is InspectionResult {
  return typeof value === 'object' && value !== null && 'properties' in value && 'ports' in value;
}
