import type { Scenario, Step, StepContext } from '../step';

const get = (name: string, path: Step['path'], version: string | null = '1.78', until?: Step['until']): Step => ({ name, method: 'GET', path, version, ...(until && { until }) });
const alloc = (c: StepContext) => `/v1/allocations/${c.v('alloc1')}`;
const node = (c: StepContext) => `/v1/nodes/${c.names.allocNode}`;
const MISSING = '9a2d7c53-5f3e-4b8e-9d55-7c1e6f2a0b11';
const settled = (body: { state?: string }) => body?.state !== 'allocating';
const post = (name: string, body: Step['body'], version = '1.78', save?: Record<string, string>): Step => ({ name, method: 'POST', path: '/v1/allocations', version, body, ...(save && { save }) });

/** Allocations (1.52–1.60): picking the one available node of a resource class, releasing it, errors and gates. */
export const allocationsScenario: Scenario = {
  name: 'allocations',
  steps: [
    { name: 'create the node', method: 'POST', path: '/v1/nodes', body: (c) => ({ name: c.names.allocNode, driver: 'fake-hardware', resource_class: c.names.allocRc }), save: { allocNode: 'uuid' } },
    { name: 'add a trait', method: 'PUT', path: (c) => `${node(c)}/traits/CUSTOM_ALLOC` },
    { name: 'manage it', method: 'PUT', path: (c) => `${node(c)}/states/provision`, body: { target: 'manage' }, settle: (c) => c.names.allocNode },
    { name: 'provide it', method: 'PUT', path: (c) => `${node(c)}/states/provision`, body: { target: 'provide' }, settle: (c) => c.names.allocNode },
    post('allocate with a missing trait', (c) => ({ resource_class: c.names.allocRc, traits: ['CUSTOM_NOPE'] }), '1.78', { allocBad: 'uuid' }),
    get('the failed allocation', (c) => `/v1/allocations/${c.v('allocBad')}`, '1.78', settled),
    post('allocate the node', (c) => ({ resource_class: c.names.allocRc, name: c.names.allocName, traits: ['CUSTOM_ALLOC'], extra: { purpose: 'diff' } }), '1.78', { alloc1: 'uuid' }),
    get('the allocation is active', alloc, '1.78', settled),
    get('by name', (c) => `/v1/allocations/${c.names.allocName}`),
    get('at 1.60 with its owner', alloc, '1.60'),
    get('at 1.51', alloc, '1.51'),
    get('the node holds it', (c) => `${node(c)}?fields=instance_uuid,allocation_uuid,instance_info`),
    get("the node's allocation", (c) => `${node(c)}/allocation`),
    get('list by node', (c) => `/v1/allocations?node=${c.names.allocNode}`),
    get('list by resource class and state', (c) => `/v1/allocations?resource_class=${c.names.allocRc}&state=active`),
    get('list with fields', (c) => `/v1/allocations?resource_class=${c.names.allocRc}&fields=uuid,state,node_uuid`),
    get('list by owner at 1.59', '/v1/allocations?owner=x', '1.59'),
    get('list sorted by traits', '/v1/allocations?sort_key=traits'),
    get('list of a missing node', `/v1/allocations?node=${MISSING}`),
    post('allocate when none is left', (c) => ({ resource_class: c.names.allocRc }), '1.78', { allocNone: 'uuid' }),
    get('that one fails', (c) => `/v1/allocations/${c.v('allocNone')}`, '1.78', settled),
    post('allocate without a resource class', {}),
    post('allocate with a bad name', (c) => ({ resource_class: c.names.allocRc, name: 'bad name' })),
    post('allocate with a taken name', (c) => ({ resource_class: c.names.allocRc, name: c.names.allocName })),
    post('allocate among missing candidates', (c) => ({ resource_class: c.names.allocRc, candidate_nodes: [MISSING] })),
    post('allocate with a bad trait', (c) => ({ resource_class: c.names.allocRc, traits: ['lower'] })),
    post('allocate with an unknown field', (c) => ({ resource_class: c.names.allocRc, colour: 'red' })),
    post('backfill at 1.57', (c) => ({ node: c.names.allocNode }), '1.57'),
    post('allocate with an owner at 1.59', (c) => ({ resource_class: c.names.allocRc, owner: 'p' }), '1.59'),
    post('allocate at 1.51', (c) => ({ resource_class: c.names.allocRc }), '1.51'),
    { name: 'rename it', method: 'PATCH', path: alloc, body: (c) => [{ op: 'replace', path: '/name', value: `${c.names.allocName}-2` }, { op: 'add', path: '/extra/more', value: 1 }] },
    { name: 'rename it at 1.56', method: 'PATCH', path: alloc, version: '1.56', body: [{ op: 'replace', path: '/name', value: 'x' }] },
    { name: 'patch its resource class', method: 'PATCH', path: alloc, body: [{ op: 'replace', path: '/resource_class', value: 'x' }] },
    { name: 'delete the failed ones', method: 'DELETE', path: (c) => `/v1/allocations/${c.v('allocBad')}` },
    { name: 'delete the other failed one', method: 'DELETE', path: (c) => `/v1/allocations/${c.v('allocNone')}` },
    { name: "release the node's allocation", method: 'DELETE', path: (c) => `${node(c)}/allocation` },
    get('the node is free', (c) => `${node(c)}?fields=instance_uuid,allocation_uuid`),
    get('the allocation is gone', alloc),
    get("the node's allocation is gone", (c) => `${node(c)}/allocation`),
    { name: 'delete a missing allocation', method: 'DELETE', path: `/v1/allocations/${MISSING}` },
    { name: 'delete the node', method: 'DELETE', path: (c) => `/v1/nodes/${c.v('allocNode')}` },
  ],
};
