import type { Scenario, Step, StepContext } from '../step';

const node = (c: StepContext) => `/v1/nodes/${c.v('gated')}`;
const minor = (v: number) => `1.${v}`;

/** Node fields and the microversion that brought each (spec §2.4); `fields` itself needs 1.8. */
const NODE_FIELDS: [string, number][] = [
  ['raid_config', 12], ['target_raid_config', 12], ['network_interface', 20], ['resource_class', 21],
  ['boot_interface', 31], ['deploy_interface', 31], ['storage_interface', 33], ['traits', 37],
  ['rescue_interface', 38], ['bios_interface', 40], ['fault', 42], ['deploy_step', 44],
  ['conductor_group', 46], ['automated_clean', 47], ['protected', 48], ['protected_reason', 48],
  ['conductor', 49], ['owner', 50], ['description', 51], ['allocation_uuid', 52], ['retired', 61],
  ['retired_reason', 61], ['lessee', 65], ['network_data', 66], ['boot_mode', 75], ['secure_boot', 75], ['shard', 82],
];

/** List filters and their versions. */
const NODE_FILTERS: [string, string, number][] = [
  ['driver', 'fake-hardware', 16], ['resource_class', 'x', 21], ['fault', 'power%20failure', 42], ['conductor_group', 'g', 46],
  ['conductor', 'c', 49], ['owner', 'p', 50], ['description_contains', 'd', 51], ['lessee', 'p', 65], ['shard', 's', 82],
  ['retired', 'false', 61], ['include_children', 'true', 83],
];

/** Writable fields and the version that made them writable, as PATCH replace values. */
const PATCHABLE: [string, unknown, number][] = [
  ['conductor_group', 'g1', 46], ['automated_clean', false, 47], ['description', 'd', 51], ['retired', false, 61],
  ['lessee', 'p', 65],
  // Valid network_data: its schema check (Ironic's network-data-schema.json) comes with the 1.82 issue.
  ['network_data', { links: [], networks: [], services: [] }, 66], ['shard', 's', 82], ['resource_class', 'rc', 21], ['network_interface', 'noop', 20],
];

/** Verbs and the version that brought each. */
const VERBS: [string, number, Record<string, unknown>][] = [
  ['manage', 4, {}], ['provide', 4, {}], ['abort', 13, {}], ['adopt', 17, {}], ['rescue', 38, { rescue_password: 'x' }], ['unrescue', 38, {}],
];

const PORT_FIELDS: [string, number][] = [
  ['internal_info', 18], ['local_link_connection', 19], ['pxe_enabled', 19], ['portgroup_uuid', 24], ['physical_network', 34], ['is_smartnic', 53],
];

const around = (since: number) => [minor(since - 1), minor(since)];

/** Every microversion gate of spec §2.4 on what Ferrum serves: one step just below each gate and one at it. */
export const gates: Scenario = {
  name: 'microversion gates',
  steps: [
    { name: 'create the node', method: 'POST', path: '/v1/nodes', body: (c) => ({ name: c.names.gated, driver: 'fake-hardware' }), save: { gated: 'uuid' } },
    { name: 'create its port', method: 'POST', path: '/v1/ports', body: (c) => ({ node_uuid: c.v('gated'), address: c.names.gatedMac }), save: { gatedPort: 'uuid' } },
    ...NODE_FIELDS.flatMap(([field, since]): Step[] =>
      around(since).map((version) => ({ name: `node field ${field} at ${version}`, method: 'GET', path: (c) => `${node(c)}?fields=uuid,${field}`, version })),
    ),
    ...NODE_FIELDS.filter(([, since]) => since > 8).map(([field, since]): Step => ({
      name: `list nodes with field ${field} just below ${minor(since)}`,
      method: 'GET',
      path: `/v1/nodes?fields=uuid,${field}&limit=1`,
      version: minor(since - 1),
    })),
    ...NODE_FILTERS.flatMap(([filter, value, since]): Step[] =>
      around(since).map((version) => ({ name: `filter ${filter} at ${version}`, method: 'GET', path: `/v1/nodes?${filter}=${value}&fields=uuid`, version })),
    ),
    ...PATCHABLE.flatMap(([field, value, since]): Step[] =>
      around(since).map((version) => ({ name: `patch ${field} at ${version}`, method: 'PATCH', path: node, version, body: [{ op: 'replace', path: `/${field}`, value }] })),
    ),
    ...PATCHABLE.map(([field, value, since]): Step => ({
      name: `create with ${field} just below ${minor(since)}`,
      method: 'POST',
      path: '/v1/nodes',
      version: minor(since - 1),
      body: { driver: 'fake-hardware', [field]: value },
    })),
    ...VERBS.map(([verb, since, extra]): Step => ({
      name: `verb ${verb} just below ${minor(since)}`,
      method: 'PUT',
      path: (c) => `${node(c)}/states/provision`,
      version: minor(since - 1),
      body: { target: verb, ...extra },
    })),
    ...PORT_FIELDS.flatMap(([field, since]): Step[] =>
      around(since).map((version) => ({ name: `port field ${field} at ${version}`, method: 'GET', path: (c) => `/v1/ports/${c.v('gatedPort')}?fields=uuid,${field}`, version })),
    ),
    { name: 'port list ?fields below 1.8', method: 'GET', path: '/v1/ports?fields=uuid', version: '1.7' },
    { name: 'node portgroups below 1.24', method: 'GET', path: (c) => `${node(c)}/portgroups`, version: '1.23' },
    { name: 'conductor field below 1.49 on a list', method: 'GET', path: '/v1/nodes?detail=true&conductor=x', version: '1.48' },
    { name: 'delete the port', method: 'DELETE', path: (c) => `/v1/ports/${c.v('gatedPort')}` },
    { name: 'delete the node', method: 'DELETE', path: node },
  ],
};
