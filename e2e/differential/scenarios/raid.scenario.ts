import type { Scenario, Step, StepContext } from '../step';

const node = (c: StepContext) => `/v1/nodes/${c.names.raidNode}`;
const raid = (c: StepContext) => `${node(c)}/states/raid`;
const put = (name: string, body: Step['body'], version: string | null = '1.78', path: Step['path'] = raid): Step => ({ name, method: 'PUT', path, version, body });
const disk = (extra: Record<string, unknown> = {}) => ({ raid_level: '1', size_gb: 100, ...extra });
const target = (...disks: unknown[]) => ({ logical_disks: disks });
const clean = (name: string, steps: unknown[]): Step => ({
  name,
  method: 'PUT',
  path: (c) => `${node(c)}/states/provision`,
  body: { target: 'clean', clean_steps: steps },
  settle: (c) => c.names.raidNode,
});

/**
 * Target RAID configurations (PUT states/raid, 1.12) checked against Ironic's schema by the fake RAID
 * interface, the raid fields of a node, manual cleaning with RAID steps, and the logical disk properties.
 */
export const raidScenario: Scenario = {
  name: 'raid',
  steps: [
    { name: 'create the node', method: 'POST', path: '/v1/nodes', body: (c) => ({ name: c.names.raidNode, driver: 'fake-hardware', raid_interface: 'fake' }), save: { raidNode: 'uuid' } },
    put('set a target at 1.11', target(disk()), '1.11'),
    put('set a target', target(disk({ is_root_volume: true, volume_name: 'root', disk_type: 'ssd', interface_type: 'sas' }), { raid_level: '5', size_gb: 'MAX', number_of_physical_disks: 3 })),
    { name: 'the node shows it', method: 'GET', path: node },
    { name: 'the states show it', method: 'GET', path: (c) => `${node(c)}/states` },
    { name: 'the fields at 1.11', method: 'GET', path: (c) => `${node(c)}?fields=uuid,power_state`, version: '1.11' },
    { name: 'raid fields asked for at 1.11', method: 'GET', path: (c) => `${node(c)}?fields=raid_config`, version: '1.11' },
    { name: 'raid fields asked for', method: 'GET', path: (c) => `${node(c)}?fields=raid_config,target_raid_config` },
    put('no logical_disks', {}),
    put('logical_disks missing', { foo: 1 }),
    put('an unknown top-level key', { logical_disks: [disk()], foo: 1 }),
    put('no logical disk', target()),
    put('logical_disks not a list', { logical_disks: { raid_level: '1' } }),
    put('a disk without a size', target({ raid_level: '1' })),
    put('a disk without a level', target({ size_gb: 10 })),
    put('an unknown RAID level', target(disk({ raid_level: '7' }))),
    put('a RAID level as a number', target(disk({ raid_level: 1 }))),
    put('a negative size', target(disk({ size_gb: -1 }))),
    put('a size as a word', target(disk({ size_gb: 'big' }))),
    put('a fractional size', target(disk({ size_gb: 1.5 }))),
    put('a disk with an unknown key', target(disk({ speed: 'fast' }))),
    put('two root volumes', target(disk({ is_root_volume: true }), disk({ is_root_volume: true }))),
    put('is_root_volume as a string', target(disk({ is_root_volume: 'yes' }))),
    put('an unknown disk type', target(disk({ disk_type: 'nvme' }))),
    put('an unknown interface type', target(disk({ interface_type: 'usb' }))),
    put('no physical disks', target(disk({ number_of_physical_disks: 0 }))),
    put('physical disks without a controller', target(disk({ physical_disks: ['a', 'b'] }))),
    put('physical disks with a controller', target(disk({ controller: 'c0', physical_disks: ['a', 'b'] }))),
    put('one physical disk object', target(disk({ controller: 'c0', physical_disks: [{ id: 1 }] }))),
    put('a disk that is not an object', target('raid1')),
    put('a list body', [disk()]),
    put('a string body', 'raid'),
    put('a null body', null),
    { name: 'no body at all clears nothing yet', method: 'GET', path: (c) => `${node(c)}?fields=target_raid_config` },
    put('without a version header', target(disk()), null),
    put('by name with a bad ident', target(disk()), '1.78', '/v1/nodes/bad%20name/states/raid'),
    put('an unexpected query argument', target(disk()), '1.78', (c) => `${raid(c)}?force=true`),
    { name: 'the target is unchanged', method: 'GET', path: (c) => `${node(c)}?fields=target_raid_config` },
    put('a missing node', target(disk()), '1.78', '/v1/nodes/9a2d7c53-5f3e-4b8e-9d55-7c1e6f2a0b11/states/raid'),
    { name: 'get states/raid', method: 'GET', path: raid },
    { name: 'post states/raid', method: 'POST', path: raid, body: target(disk()) },
    { name: 'patch the target', method: 'PATCH', path: node, body: [{ op: 'replace', path: '/target_raid_config', value: target(disk()) }] },
    { name: 'patch the raid config', method: 'PATCH', path: node, body: [{ op: 'add', path: '/raid_config/logical_disks', value: [] }] },
    { name: 'list with raid fields', method: 'GET', path: (c) => `/v1/nodes?fields=uuid,raid_config,target_raid_config&name=${c.names.raidNode}` },
    { name: 'detail list', method: 'GET', path: '/v1/nodes/detail?limit=1&sort_key=id&sort_dir=desc' },
    put('clear the target', {}),
    { name: 'cleared', method: 'GET', path: (c) => `${node(c)}?fields=raid_config,target_raid_config` },
    { name: 'clear it again with no body', method: 'PUT', path: raid, version: '1.78' },
    { name: 'switch to no-raid', method: 'PATCH', path: node, body: [{ op: 'replace', path: '/raid_interface', value: 'no-raid' }] },
    put('no-raid refuses a target', target(disk())),
    put('no-raid lets it be cleared', {}),
    { name: 'back to fake', method: 'PATCH', path: node, body: [{ op: 'replace', path: '/raid_interface', value: 'fake' }] },
    put('set the target again', target(disk({ is_root_volume: true, size_gb: 50 }))),
    { name: 'manage it', method: 'PUT', path: (c) => `${node(c)}/states/provision`, body: { target: 'manage' }, settle: (c) => c.names.raidNode },
    clean('create the configuration', [{ interface: 'raid', step: 'create_configuration' }]),
    { name: 'after create', method: 'GET', path: (c) => `${node(c)}?fields=raid_config,target_raid_config,properties,provision_state,last_error` },
    { name: 'manage it again', method: 'PUT', path: (c) => `${node(c)}/states/provision`, body: { target: 'manage' }, settle: (c) => c.names.raidNode },
    clean('delete the configuration', [{ interface: 'raid', step: 'delete_configuration' }]),
    { name: 'after delete', method: 'GET', path: (c) => `${node(c)}?fields=raid_config,target_raid_config,properties,provision_state,last_error` },
    { name: 'the logical disk properties', method: 'GET', path: '/v1/drivers/fake-hardware/raid/logical_disk_properties' },
    { name: 'ipmi logical disk properties', method: 'GET', path: '/v1/drivers/ipmi/raid/logical_disk_properties' },
    { name: 'logical disk properties at 1.11', method: 'GET', path: '/v1/drivers/fake-hardware/raid/logical_disk_properties', version: '1.11' },
    { name: 'logical disk properties of a missing driver', method: 'GET', path: '/v1/drivers/nope/raid/logical_disk_properties' },
    { name: 'delete the node', method: 'DELETE', path: (c) => `/v1/nodes/${c.v('raidNode')}` },
  ],
};
