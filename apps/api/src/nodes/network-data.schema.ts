import { Invalid } from '@ferrum/errors';
import { bestMatch, checkArgSchema, iterErrors, type Schema } from '../common/schema-errors';

/*
 * A node's `network_data` (1.66): the static network configuration a config drive carries, in Nova's
 * network_data.json format (links, networks, services). Ironic checks it with that format's JSON schema
 * (`[api]network_data_schema`), and its refusals quote the schema's patterns, so the same rules are
 * written here keyword for keyword, in the order jsonschema walks them: which error is reported
 * depends on it. network-data.schema.int.spec.ts checks refusals against Ironic's own validator.
 */

const ref = (name: string): Schema => ({ $ref: `#/definitions/${name}` });
const str = (pattern?: string): Schema => ({ type: 'string', ...(pattern && { pattern }) });
const oneOfStrings = (...values: string[]): Schema => ({ type: 'string', enum: values });
const object = (required: string[], properties: Record<string, Schema>): Schema => ({ type: 'object', required, properties });
const arrayOf = (items: Schema): Schema => ({ type: 'array', items });

const HEX = '[0-9a-fA-F]{1,4}';
const IPV4_TAIL = '((25[0-5]|(2[0-4]|1{0,1}[0-9]){0,1}[0-9])\\.){3,3}(25[0-5]|(2[0-4]|1{0,1}[0-9]){0,1}[0-9])';
/** The compressed and uncompressed IPv6 forms every IPv6 pattern of the format starts with. */
const IPV6_FORMS = [
  `(${HEX}:){7,7}${HEX}`,
  `(${HEX}:){1,7}:`,
  `(${HEX}:){1,6}:${HEX}`,
  `(${HEX}:){1,5}(:${HEX}){1,2}`,
  `(${HEX}:){1,4}(:${HEX}){1,3}`,
  `(${HEX}:){1,3}(:${HEX}){1,4}`,
  `(${HEX}:){1,2}(:${HEX}){1,5}`,
  `${HEX}:((:${HEX}){1,6})`,
].join('|');
/** Addresses also allow link-local zones and IPv4-mapped forms; netmasks and networks only `::`. */
const IPV6_ADDRESS = `${IPV6_FORMS}|:((:${HEX}){1,7}|:)|fe80:(:[0-9a-fA-F]{0,4}){0,4}%[0-9a-zA-Z]{1,}|::(ffff(:0{1,4}){0,1}:){0,1}${IPV4_TAIL}|(${HEX}:){1,4}:${IPV4_TAIL}`;
const IPV6_MASK = `^(${IPV6_FORMS}|:((:${HEX}){1,7})|(::))$`;
const IPV4_OCTET = '(?:25[0-5]|2[0-4][0-9]|[01]?[0-9][0-9]?)';
const IPV4_ADDRESS = `^(?:${IPV4_OCTET}\\.){3}${IPV4_OCTET}$`;
const MASK_BYTE = '(254|252|248|240|224|192|128|0)';
const IPV4_MASK = `^${MASK_BYTE}\\.0\\.0\\.0|255\\.${MASK_BYTE}\\.0\\.0|255\\.255\\.${MASK_BYTE}\\.0|255\\.255\\.255\\.${MASK_BYTE}$`;
const IPV4_NW_OCTET = '([0-9]|[1-9][0-9]|1[0-9]{2}|2[0-4][0-9]|25[0-5])';

const LINK_TYPES = ['bridge', 'dvs', 'hw_veb', 'hyperv', 'ovs', 'tap', 'vhostuser', 'vif', 'phy'];
const BOND_MODES = ['802.1ad', 'balance-rr', 'active-backup', 'balance-xor', 'broadcast', 'balance-tlb', 'balance-alb'];

/** An L2 link of some kind: its id, MAC, MTU, type and the VIF it stands for. */
const l2 = (macKey: string, type: Schema, more: Record<string, Schema>, required: string[]): Schema =>
  object([macKey, 'id', 'type', ...required], { id: ref('l2_id'), [macKey]: ref('l2_address'), mtu: ref('l2_mtu'), type, vif_id: ref('l2_vif_id'), ...more });

const route = (v: 4 | 6): Schema =>
  object(['gateway', 'netmask', 'network'], {
    network: ref(`l3_ipv${v}_nw`),
    netmask: ref(`l3_ipv${v}_netmask`),
    gateway: ref(`l3_ipv${v}_gateway`),
    services: ref(`ipv${v}_services`),
  });

const network = (v: 4 | 6): Schema =>
  object(['id', 'link', 'network_id', 'type'], {
    id: ref('l3_id'),
    link: ref('l3_link'),
    network_id: ref('l3_network_id'),
    type: ref(`l3_ipv${v}_type`),
    ip_address: ref(`l3_ipv${v}_host`),
    netmask: ref(`l3_ipv${v}_netmask`),
    routes: arrayOf(ref(`l3_ipv${v}_network_route`)),
  });

const service = (v: 4 | 6): Schema => object(['address', 'type'], { address: ref(`l3_ipv${v}_host`), type: oneOfStrings('dns') });

export const DEFINITIONS: Record<string, Schema> = {
  l2_address: str('(?i)^([0-9A-F]{2}[:-]){5}([0-9A-F]{2})$'),
  l2_id: str(),
  l2_mtu: { anyOf: [{ type: 'number', minimum: 1, maximum: 65535 }, { type: 'null' }] },
  l2_vif_id: str(),
  l2_link: l2('ethernet_mac_address', oneOfStrings(...LINK_TYPES), {}, []),
  l2_bond: l2('ethernet_mac_address', oneOfStrings('bond'), { bond_mode: oneOfStrings(...BOND_MODES), bond_links: arrayOf(str()) }, ['bond_mode', 'bond_links']),
  l2_vlan: l2('vlan_mac_address', oneOfStrings('vlan'), { vlan_id: { type: 'integer' }, vlan_link: str() }, ['vlan_link', 'vlan_id']),
  l3_id: str(),
  l3_link: str(),
  l3_network_id: str(),
  l3_ipv4_type: oneOfStrings('ipv4', 'ipv4_dhcp'),
  l3_ipv6_type: oneOfStrings('ipv6', 'ipv6_dhcp', 'ipv6_slaac'),
  l3_ipv4_host: str(IPV4_ADDRESS),
  l3_ipv6_host: str(`^(${IPV6_ADDRESS})(/[0-9]{1,2})?$`),
  l3_ipv4_netmask: str(IPV4_MASK),
  l3_ipv6_netmask: str(IPV6_MASK),
  l3_ipv4_nw: str(`^(${IPV4_NW_OCTET}\\.){3}${IPV4_NW_OCTET}$`),
  l3_ipv6_nw: str(IPV6_MASK),
  l3_ipv4_gateway: str(IPV4_ADDRESS),
  l3_ipv6_gateway: str(`^(${IPV6_ADDRESS})$`),
  l3_ipv4_network_route: route(4),
  l3_ipv6_network_route: route(6),
  l3_ipv4_network: network(4),
  l3_ipv6_network: network(6),
  ipv4_service: service(4),
  ipv6_service: service(6),
  ipv4_services: arrayOf(ref('ipv4_service')),
  ipv6_services: arrayOf(ref('ipv6_service')),
  services: arrayOf({ anyOf: [ref('ipv4_service'), ref('ipv6_service')] }),
};

export const NETWORK_DATA: Schema = {
  type: 'object',
  required: ['links', 'networks', 'services'],
  properties: {
    links: arrayOf({ oneOf: [ref('l2_link'), ref('l2_bond'), ref('l2_vlan')] }),
    networks: arrayOf({ oneOf: [ref('l3_ipv4_network'), ref('l3_ipv6_network')] }),
    services: ref('services'),
  },
};

/** The node schema's view of the field: none, an empty object, or a whole network_data document. */
const NODE_NETWORK_DATA: Schema = {
  type: 'object',
  properties: { network_data: { anyOf: [{ type: 'null' }, { type: 'object', additionalProperties: false }, NETWORK_DATA] } },
  definitions: DEFINITIONS,
};

/** Refuses a node body (`node` on create, `patch` after a PATCH) whose network_data is not valid, in Ironic's words. */
export function checkNetworkData(name: 'node' | 'patch', networkData: unknown): void {
  if (networkData === undefined) return;
  checkArgSchema(name, { network_data: networkData }, NODE_NETWORK_DATA);
}

const WHOLE_NETWORK_DATA: Schema = { ...NETWORK_DATA, definitions: DEFINITIONS };

/**
 * A PATCH that sets `/network_data` itself is checked first against the format alone, before the node is
 * even looked up (Ironic's validate_network_data): so `{}` or null are refused here although a node
 * may hold them, with the format's bare message (and Ironic's trailing space).
 */
export function checkPatchedNetworkData(values: unknown[]): void {
  for (const value of values) {
    const error = bestMatch(iterErrors(value, WHOLE_NETWORK_DATA));
    if (error) throw new Invalid({ message: `Invalid network_data: ${error.message} ` });
  }
}
