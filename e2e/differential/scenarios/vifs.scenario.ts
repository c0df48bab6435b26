import type { Scenario, Step, StepContext } from '../step';

const vifs = (c: StepContext) => `/v1/nodes/${c.names.vifNode}/vifs`;
const get = (name: string, path: Step['path'], version: string | null = '1.78'): Step => ({ name, method: 'GET', path, version });
const attach = (name: string, body: unknown, version = '1.78'): Step => ({ name, method: 'POST', path: vifs, version, body: body as Step['body'] });

/** VIFs (1.28) on a node with the `noop` network interface (no Neutron on either side): gates, validation, no-ops. */
export const vifsScenario: Scenario = {
  name: 'vifs',
  steps: [
    { name: 'create the node', method: 'POST', path: '/v1/nodes', body: (c) => ({ name: c.names.vifNode, driver: 'fake-hardware', network_interface: 'noop' }), save: { vifNode: 'uuid' } },
    get('no vifs', vifs),
    get('vifs at 1.27', vifs, '1.27'),
    get('vifs of a missing node', '/v1/nodes/9a2d7c53-5f3e-4b8e-9d55-7c1e6f2a0b11/vifs'),
    attach('attach a vif', { id: 'a1b2c3d4-0000-4000-8000-000000000001' }),
    get('noop records none', vifs),
    attach('attach by name', { id: 'tenant-vif-1', extra_key: 'passed on' }),
    attach('attach without an id', {}),
    attach('attach with a numeric id', { id: 5 }),
    attach('attach with a bad id', { id: 'bad id' }),
    attach('attach with no body', undefined),
    attach('attach naming a port and a group', { id: 'vif-2', port_uuid: 'a1b2c3d4-0000-4000-8000-000000000002', portgroup_uuid: 'a1b2c3d4-0000-4000-8000-000000000003' }),
    attach('the same at 1.66', { id: 'vif-2', port_uuid: 'a1b2c3d4-0000-4000-8000-000000000002', portgroup_uuid: 'a1b2c3d4-0000-4000-8000-000000000003' }, '1.66'),
    attach('attach at 1.27', { id: 'vif-3' }, '1.27'),
    { name: 'detach a vif', method: 'DELETE', path: (c) => `${vifs(c)}/a1b2c3d4-0000-4000-8000-000000000001` },
    { name: 'detach by a bad id', method: 'DELETE', path: (c) => `${vifs(c)}/bad%20id` },
    { name: 'detach at 1.27', method: 'DELETE', path: (c) => `${vifs(c)}/vif-3`, version: '1.27' },
    { name: 'put the vifs (no such route)', method: 'PUT', path: vifs, body: { id: 'x' } },
    { name: 'delete the node', method: 'DELETE', path: (c) => `/v1/nodes/${c.v('vifNode')}` },
  ],
};
