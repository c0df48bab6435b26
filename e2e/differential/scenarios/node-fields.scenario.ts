import type { Scenario, Step, StepContext } from '../step';

const node = (c: StepContext) => `/v1/nodes/${c.v('fieldsNode')}`;
const patch = (name: string, body: Step['body'], version = '1.82'): Step => ({ name, method: 'PATCH', path: node, version, body });
const replace = (field: string, value: unknown) => [{ op: 'replace', path: `/${field}`, value }];

const MAC = '52:54:00:aa:bb:01';
const NETWORK_DATA = {
  links: [
    { id: 'eth0', type: 'phy', ethernet_mac_address: MAC, mtu: 9000 },
    { id: 'bond0', type: 'bond', ethernet_mac_address: MAC, bond_mode: 'active-backup', bond_links: ['eth0'] },
    { id: 'vlan42', type: 'vlan', vlan_mac_address: MAC, vlan_link: 'bond0', vlan_id: 42 },
  ],
  networks: [
    { id: 'n4', type: 'ipv4', link: 'vlan42', network_id: 'prov', ip_address: '192.0.2.10', netmask: '255.255.255.0', routes: [{ network: '0.0.0.0', netmask: '0.0.0.0', gateway: '192.0.2.1' }] },
    { id: 'n6', type: 'ipv6_slaac', link: 'vlan42', network_id: 'prov6' },
  ],
  services: [{ type: 'dns', address: '192.0.2.53' }],
};

/**
 * The node fields of 1.82 and their update rules beyond what the nodes scenario covers: network_data
 * (1.66) against Nova's network_data.json schema, automated_clean, conductor_group, lessee, retired,
 * description, and their version gates on create and update.
 */
export const nodeFieldsScenario: Scenario = {
  name: 'node-fields',
  steps: [
    { name: 'create a node with network_data', method: 'POST', path: '/v1/nodes', version: '1.82', body: (c) => ({ name: c.names.fieldsNode, driver: 'fake-hardware', network_data: NETWORK_DATA }), save: { fieldsNode: 'uuid' } },
    { name: 'create with network_data below 1.66', method: 'POST', path: '/v1/nodes', version: '1.65', body: { driver: 'fake-hardware', network_data: NETWORK_DATA } },
    { name: 'create with network_data missing services', method: 'POST', path: '/v1/nodes', version: '1.82', body: { driver: 'fake-hardware', network_data: { links: [], networks: [] } } },
    { name: 'create with network_data as a list', method: 'POST', path: '/v1/nodes', version: '1.82', body: { driver: 'fake-hardware', network_data: [] } },
    { name: 'create with a link of an unknown type', method: 'POST', path: '/v1/nodes', version: '1.82', body: { driver: 'fake-hardware', network_data: { ...NETWORK_DATA, links: [{ id: 'x', type: 'wifi', ethernet_mac_address: MAC }] } } },
    { name: 'show network_data', method: 'GET', path: (c) => `${node(c)}?fields=uuid,network_data`, version: '1.82' },
    { name: 'show network_data below 1.66', method: 'GET', path: (c) => `${node(c)}?fields=uuid,network_data`, version: '1.65' },
    patch('patch a bad IPv4 address into network_data', [{ op: 'replace', path: '/network_data/networks/0/ip_address', value: '192.0.2.300' }]),
    patch('patch a bad MTU into network_data', [{ op: 'replace', path: '/network_data/links/0/mtu', value: 0 }]),
    patch('patch a DNS service without an address', [{ op: 'add', path: '/network_data/services/-', value: { type: 'dns' } }]),
    patch('patch an IPv6 DNS service', [{ op: 'add', path: '/network_data/services/-', value: { type: 'dns', address: '2001:db8::53' } }]),
    patch('patch network_data below 1.66', [{ op: 'remove', path: '/network_data' }], '1.65'),
    patch('patch network_data to an object with stray keys', replace('network_data', { links: [] })),
    patch('remove network_data', [{ op: 'remove', path: '/network_data' }]),
    { name: 'show network_data after removal', method: 'GET', path: (c) => `${node(c)}?fields=network_data`, version: '1.82' },
    patch('automated_clean as a string', replace('automated_clean', 'false')),
    patch('automated_clean not a boolean', replace('automated_clean', 'sometimes')),
    patch('automated_clean below 1.47', replace('automated_clean', true), '1.46'),
    patch('conductor_group in capitals', replace('conductor_group', 'Rack-A')),
    patch('conductor_group with a space', replace('conductor_group', 'rack a')),
    patch('conductor_group below 1.46', replace('conductor_group', 'x'), '1.45'),
    patch('conductor_group back to none', [{ op: 'remove', path: '/conductor_group' }]),
    patch('lessee', replace('lessee', 'project-b')),
    patch('lessee below 1.65', replace('lessee', 'project-c'), '1.64'),
    patch('owner', replace('owner', 'project-a')),
    patch('owner not a string', replace('owner', 5)),
    patch('retired below 1.61', replace('retired', true), '1.60'),
    patch('retired_reason without retired', replace('retired_reason', 'old')),
    patch('retire an enrolled node', [...replace('retired', true), ...replace('retired_reason', 'end of life')]),
    patch('unretire clears the reason', replace('retired', false)),
    patch('description too long', replace('description', 'x'.repeat(4097))),
    patch('description at its limit', replace('description', 'y'.repeat(4096))),
    patch('boot_mode is read-only', replace('boot_mode', 'uefi')),
    patch('secure_boot is read-only', replace('secure_boot', true)),
    patch('resource_class too long', replace('resource_class', 'r'.repeat(81))),
    patch('resource_class', replace('resource_class', 'baremetal-large')),
    patch('shard', replace('shard', 'fields-shard')),
    patch('shard not a string', replace('shard', ['a'])),
    patch('protected on an enrolled node', replace('protected', true)),
    { name: 'show the fields', method: 'GET', path: (c) => `${node(c)}?fields=automated_clean,conductor_group,lessee,owner,retired,retired_reason,description,resource_class,shard,protected`, version: '1.82' },
    { name: 'list by lessee', method: 'GET', path: '/v1/nodes?lessee=project-b&fields=uuid,lessee', version: '1.82' },
    { name: 'list by retired', method: 'GET', path: '/v1/nodes?retired=false&resource_class=baremetal-large&fields=name,retired', version: '1.82' },
    { name: 'delete the node', method: 'DELETE', path: node },
  ],
};
