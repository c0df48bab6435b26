import type { Scenario, Step, StepContext } from '../step';

const nmi = (c: StepContext) => `/v1/nodes/${c.names.mgmtNode}/management/inject_nmi`;
const put = (name: string, path: Step['path'], version = '1.78', body: Step['body'] = {}): Step => ({ name, method: 'PUT', path, version, body });

/** inject_nmi (1.29) on fake-hardware, whose fake management has none: gate, policy-free answers and errors. */
export const managementScenario: Scenario = {
  name: 'management',
  steps: [
    { name: 'create the node', method: 'POST', path: '/v1/nodes', body: (c) => ({ name: c.names.mgmtNode, driver: 'fake-hardware' }), save: { mgmtNode: 'uuid' } },
    put('inject an NMI', nmi),
    put('inject an NMI at 1.28', nmi, '1.28'),
    put('inject an NMI with an argument', nmi, '1.78', { force: true }),
    put('inject an NMI into a missing node', '/v1/nodes/9a2d7c53-5f3e-4b8e-9d55-7c1e6f2a0b11/management/inject_nmi'),
    { name: 'get inject_nmi (no such route)', method: 'GET', path: nmi, version: '1.78' },
    { name: 'delete the node', method: 'DELETE', path: (c) => `/v1/nodes/${c.v('mgmtNode')}` },
  ],
};
