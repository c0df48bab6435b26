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
  /**
   * The hardware in the agent's inventory format (cpu, memory, disks, interfaces, system_vendor, boot), as
   * Ironic's out-of-band inspection stores it: `GET /v1/nodes/{node}/inventory` then answers for it too.
   */
  inventory?: Record<string, unknown>;
}

export function isInspectionResult(value: unknown): value is InspectionResult {
  return typeof value === 'object' && value !== null && 'properties' in value && 'ports' in value;
}
