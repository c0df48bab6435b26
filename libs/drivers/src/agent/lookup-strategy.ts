import { normalizeMac, UNKNOWN_BMC_ADDRESSES, type Inventory, type NodeRecord } from '@ferrum/contracts';

/** What an agent told about itself, normalised. */
export interface LookupQuery {
  inventory?: Inventory;
  /** Lower-case colon MACs of its NICs (inventory interfaces, or GET /v1/lookup?addresses=). */
  macs: string[];
}

/** Reads a lookup strategy may make; the conductor implements them over the database. */
export interface LookupSource {
  /** Nodes owning a port with one of these addresses. */
  nodesByMacs(macs: string[]): Promise<NodeRecord[]>;
  /** Nodes in a state that allows lookup (the candidates for matching by properties). */
  lookupCandidates(): Promise<NodeRecord[]>;
}

/**
 * One way to recognise a machine (seed 002: "customize how a server is uniquely identified"). A strategy
 * returns every node it matches; the lookup service takes a single match, calls several an ambiguity (404)
 * and tries the next strategy on none. Plugins add their own with `api.addLookupStrategy`.
 */
export interface LookupStrategy {
  readonly name: string;
  find(query: LookupQuery, source: LookupSource): Promise<NodeRecord[]>;
}

const unique = (nodes: NodeRecord[]) => [...new Map(nodes.map((n) => [n.uuid, n])).values()];

/** By MAC: the nodes owning ports with the agent's MACs (Ironic's default). */
export const macStrategy: LookupStrategy = {
  name: 'mac',
  async find(query, source) {
    return query.macs.length ? unique(await source.nodesByMacs(query.macs)) : [];
  },
};

/** By BMC address: inventory.bmc_address (or v6) equals a node's driver_info `*_address` (ipmi_address, redfish_address…). */
export const bmcStrategy: LookupStrategy = {
  name: 'bmc',
  async find(query, source) {
    const inv = query.inventory;
    const wanted = [inv?.bmc_address, inv?.bmc_v6address].filter((a): a is string => !!a && !UNKNOWN_BMC_ADDRESSES.includes(a)).map((a) => a.toLowerCase());
    if (!wanted.length) return [];
    return (await source.lookupCandidates()).filter((node) =>
      Object.entries(node.driver_info).some(([key, value]) => key.endsWith('_address') && typeof value === 'string' && wanted.includes(bmcHost(value))),
    );
  },
};

/** `https://10.0.0.5:8000/redfish` → `10.0.0.5`; plain addresses pass through. */
function bmcHost(value: string): string {
  try {
    if (/^[a-z]+:\/\//i.test(value)) return new URL(value).hostname.replace(/^\[|\]$/g, '').toLowerCase();
  } catch {
    // not a URL
  }
  return value.toLowerCase();
}

/**
 * By system serial number (and product name when the node records one): inventory.system_vendor against
 * node properties or extra (`serial_number` / `system_serial_number`, `product_name`).
 */
export const serialStrategy: LookupStrategy = {
  name: 'serial',
  async find(query, source) {
    const vendor = query.inventory?.system_vendor;
    const serial = vendor?.serial_number?.trim().toLowerCase();
    if (!serial) return [];
    const product = vendor?.product_name?.trim().toLowerCase();
    const read = (node: NodeRecord, key: string) => {
      const value = node.properties[key] ?? node.extra[key];
      return typeof value === 'string' ? value.trim().toLowerCase() : undefined;
    };
    return (await source.lookupCandidates()).filter((node) => {
      const nodeSerial = read(node, 'serial_number') ?? read(node, 'system_serial_number');
      if (nodeSerial !== serial) return false;
      const nodeProduct = read(node, 'product_name');
      return !nodeProduct || !product || nodeProduct === product;
    });
  },
};

export const BUILTIN_LOOKUP_STRATEGIES: LookupStrategy[] = [macStrategy, bmcStrategy, serialStrategy];

/** The agent's MACs from an inventory and/or an addresses list, normalised, invalid ones dropped (as Ironic does). */
export function lookupMacs(inventory: Pick<Inventory, 'interfaces'> | undefined, addresses: string[] = []): string[] {
  const all = [...(inventory?.interfaces ?? []).map((i) => i.mac_address), ...addresses];
  return [...new Set(all.map((m) => normalizeMac(m)).filter((m): m is string => !!m))];
}
