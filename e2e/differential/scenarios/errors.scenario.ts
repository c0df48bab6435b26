import type { Scenario, StepContext } from '../step';

const a = (c: StepContext) => `/v1/nodes/${c.v('errA')}`;
const b = (c: StepContext) => `/v1/nodes/${c.v('errB')}`;
const INSTANCE = '0d5e1a6b-8e0c-4c1a-9c4f-3b7a0d2e9f10';

/** The conflict, protection and validation errors of spec §3.2 that the other scenarios do not reach. */
export const errors: Scenario = {
  name: 'errors',
  steps: [
    { name: 'create a node with an instance', method: 'POST', path: '/v1/nodes', body: (c) => ({ name: c.names.errA, driver: 'fake-hardware', instance_uuid: INSTANCE }), save: { errA: 'uuid' } },
    { name: 'create a second node', method: 'POST', path: '/v1/nodes', body: (c) => ({ name: c.names.errB, driver: 'fake-hardware' }), save: { errB: 'uuid' } },
    { name: 'give the second node the same instance (InstanceAssociated)', method: 'PATCH', path: b, body: [{ op: 'replace', path: '/instance_uuid', value: INSTANCE }] },
    { name: 'delete a node with an instance (NodeAssociated)', method: 'DELETE', path: a },
    { name: 'create a node with an existing uuid (NodeAlreadyExists)', method: 'POST', path: '/v1/nodes', body: (c) => ({ uuid: c.v('errA'), driver: 'fake-hardware' }) },
    { name: 'create a node with an invalid name', method: 'POST', path: '/v1/nodes', body: { name: 'has space', driver: 'fake-hardware' } },
    { name: 'create a node named like a uuid', method: 'POST', path: '/v1/nodes', body: { name: '0d5e1a6b-8e0c-4c1a-9c4f-3b7a0d2e9f11', driver: 'fake-hardware' } },
    { name: 'create a node with a name newer chars below 1.10', method: 'POST', path: '/v1/nodes', version: '1.9', body: (c) => ({ name: `${c.names.errA}~x`, driver: 'fake-hardware' }) },
    { name: 'create a port', method: 'POST', path: '/v1/ports', body: (c) => ({ node_uuid: c.v('errB'), address: c.names.errMac }), save: { errPort: 'uuid' } },
    { name: 'create a port with an existing uuid (PortAlreadyExists)', method: 'POST', path: '/v1/ports', body: (c) => ({ uuid: c.v('errPort'), node_uuid: c.v('errB'), address: '52:54:00:00:00:01' }) },
    { name: 'create a port with a bad switch id (InvalidSwitchID)', method: 'POST', path: '/v1/ports', body: (c) => ({ node_uuid: c.v('errB'), address: '52:54:00:00:00:02', local_link_connection: { switch_id: 'not-a-switch', port_id: 'p1' } }) },
    { name: 'create a port with an unknown local_link_connection key', method: 'POST', path: '/v1/ports', body: (c) => ({ node_uuid: c.v('errB'), address: '52:54:00:00:00:03', local_link_connection: { colour: 'red' } }) },
    { name: 'create a port with a node given by name', method: 'POST', path: '/v1/ports', body: (c) => ({ node_uuid: c.names.errB, address: '52:54:00:00:00:04' }) },
    { name: 'create a chassis', method: 'POST', path: '/v1/chassis', body: {}, save: { errChassis: 'uuid' } },
    { name: 'create a chassis with an existing uuid (ChassisAlreadyExists)', method: 'POST', path: '/v1/chassis', body: (c) => ({ uuid: c.v('errChassis') }) },
    { name: 'protect a node in enroll', method: 'PATCH', path: b, body: [{ op: 'replace', path: '/protected', value: true }] },
    { name: 'a protected_reason without protection', method: 'PATCH', path: b, body: [{ op: 'replace', path: '/protected_reason', value: 'why' }] },
    { name: 'manage the second node', method: 'PUT', path: (c) => `${b(c)}/states/provision`, body: { target: 'manage' }, settle: (c) => c.v('errB') },
    { name: 'provide it', method: 'PUT', path: (c) => `${b(c)}/states/provision`, body: { target: 'provide' }, settle: (c) => c.v('errB') },
    { name: 'deploy it', method: 'PUT', path: (c) => `${b(c)}/states/provision`, body: { target: 'active' }, settle: (c) => c.v('errB') },
    { name: 'protect the active node', method: 'PATCH', path: b, body: [{ op: 'replace', path: '/protected', value: true }, { op: 'replace', path: '/protected_reason', value: 'keep' }] },
    { name: 'undeploy a protected node (NodeProtected)', method: 'PUT', path: (c) => `${b(c)}/states/provision`, body: { target: 'deleted' } },
    { name: 'rebuild a protected node (NodeProtected)', method: 'PUT', path: (c) => `${b(c)}/states/provision`, body: { target: 'rebuild' } },
    { name: 'delete a protected node in maintenance', method: 'PUT', path: (c) => `${b(c)}/maintenance`, body: { reason: 'r' } },
    { name: 'delete it (NodeProtected)', method: 'DELETE', path: b },
    { name: 'maintenance off', method: 'DELETE', path: (c) => `${b(c)}/maintenance` },
    { name: 'unprotect', method: 'PATCH', path: b, body: [{ op: 'replace', path: '/protected', value: false }] },
    { name: 'retire the active node', method: 'PATCH', path: b, body: [{ op: 'replace', path: '/retired', value: true }, { op: 'replace', path: '/retired_reason', value: 'old' }] },
    { name: 'undeploy the retired node', method: 'PUT', path: (c) => `${b(c)}/states/provision`, body: { target: 'deleted' }, settle: (c) => c.v('errB') },
    { name: 'provide a retired node (NodeIsRetired)', method: 'PUT', path: (c) => `${b(c)}/states/provision`, body: { target: 'provide' } },
    { name: 'maintenance on', method: 'PUT', path: (c) => `${b(c)}/maintenance`, body: {} },
    { name: 'inspect in maintenance', method: 'PUT', path: (c) => `${b(c)}/states/provision`, body: { target: 'inspect' } },
    { name: 'port patch in maintenance', method: 'PATCH', path: (c) => `/v1/ports/${c.v('errPort')}`, body: [{ op: 'add', path: '/extra/a', value: 1 }] },
    { name: 'delete the port', method: 'DELETE', path: (c) => `/v1/ports/${c.v('errPort')}` },
    { name: 'delete the retired node in maintenance', method: 'DELETE', path: b },
    { name: 'clear the first node instance', method: 'PATCH', path: a, body: [{ op: 'remove', path: '/instance_uuid' }] },
    { name: 'delete the first node', method: 'DELETE', path: a },
    { name: 'delete the chassis', method: 'DELETE', path: (c) => `/v1/chassis/${c.v('errChassis')}` },
    // Last: the reference stores this node (SQLite can), so nothing after it may count nodes.
    { name: 'create a node with a NUL in extra', method: 'POST', path: '/v1/nodes', body: { driver: 'fake-hardware', extra: { k: 'a\u0000b' } } },
  ],
};
