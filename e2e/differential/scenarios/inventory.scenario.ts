import type { Scenario, Step, StepContext } from '../step';

const inventory = (c: StepContext) => `/v1/nodes/${c.names.inventoryNode}/inventory`;
const get = (name: string, path: Step['path'], version: string | null = '1.81'): Step => ({ name, method: 'GET', path, version });

/** Node inventory (1.81) of a node never inspected: the gate, the not-found answers and the methods. */
export const inventoryScenario: Scenario = {
  name: 'inventory',
  steps: [
    { name: 'create the node', method: 'POST', path: '/v1/nodes', body: (c) => ({ name: c.names.inventoryNode, driver: 'fake-hardware' }), save: { inventoryNode: 'uuid' } },
    get('no inventory yet', inventory),
    get('by uuid', (c) => `/v1/nodes/${c.v('inventoryNode')}/inventory`),
    get('at 1.80', inventory, '1.80'),
    get('at latest', inventory, 'latest'),
    get('of a missing node', '/v1/nodes/9a2d7c53-5f3e-4b8e-9d55-7c1e6f2a0b11/inventory'),
    get('by a bad ident', '/v1/nodes/bad%20ident/inventory'),
    { name: 'put an inventory', method: 'PUT', path: inventory, version: '1.81', body: { inventory: {} } },
    { name: 'delete the inventory', method: 'DELETE', path: inventory, version: '1.81' },
    { name: 'delete the node', method: 'DELETE', path: (c) => `/v1/nodes/${c.v('inventoryNode')}` },
  ],
};
