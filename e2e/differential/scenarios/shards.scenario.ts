import type { Scenario, Step } from '../step';

const get = (name: string, path: Step['path'], version: string | null = '1.82'): Step => ({ name, method: 'GET', path, version });

/** Shards (1.82): the node field, /v1/shards counts, and the shard filters on nodes and ports. */
export const shardsScenario: Scenario = {
  name: 'shards',
  steps: [
    { name: 'create a node in shard A', method: 'POST', path: '/v1/nodes', version: '1.82', body: (c) => ({ name: c.names.shardNode1, driver: 'fake-hardware', shard: c.names.shardA }), save: { shardNode1: 'uuid' } },
    { name: 'create another in shard A', method: 'POST', path: '/v1/nodes', version: '1.82', body: (c) => ({ name: c.names.shardNode2, driver: 'fake-hardware', shard: c.names.shardA }), save: { shardNode2: 'uuid' } },
    { name: 'create a node without a shard', method: 'POST', path: '/v1/nodes', version: '1.82', body: (c) => ({ name: c.names.shardNode3, driver: 'fake-hardware' }), save: { shardNode3: 'uuid' } },
    { name: 'create a shard field below 1.82', method: 'POST', path: '/v1/nodes', version: '1.81', body: (c) => ({ driver: 'fake-hardware', shard: c.names.shardB }) },
    { name: 'put the third in shard B', method: 'PATCH', path: (c) => `/v1/nodes/${c.names.shardNode3}`, version: '1.82', body: (c) => [{ op: 'add', path: '/shard', value: c.names.shardB }] },
    { name: 'a port on the node in shard B', method: 'POST', path: '/v1/ports', body: (c) => ({ node_uuid: c.v('shardNode3'), address: c.names.shardMac }), save: { shardPort: 'uuid' } },
    get('the shards', '/v1/shards'),
    get('the shards at latest', '/v1/shards', 'latest'),
    get('the shards at 1.81', '/v1/shards', '1.81'),
    get('one shard (not served)', (c) => `/v1/shards/${c.names.shardA}`),
    get('the shards with an argument', '/v1/shards?limit=1'),
    { name: 'post a shard', method: 'POST', path: '/v1/shards', version: '1.82', body: { name: 'x' } },
    { name: 'post a shard at 1.81', method: 'POST', path: '/v1/shards', version: '1.81', body: { name: 'x' } },
    get('nodes of shard A', (c) => `/v1/nodes?shard=${c.names.shardA}&fields=name,shard`),
    get('nodes of shards A and B', (c) => `/v1/nodes?shard=${c.names.shardA},${c.names.shardB}&fields=name,shard&sort_key=name`),
    get('ports of shard B', (c) => `/v1/ports?shard=${c.names.shardB}`),
    get('ports of shard A', (c) => `/v1/ports?shard=${c.names.shardA}`),
    get('ports of a shard and a node', (c) => `/v1/ports?shard=${c.names.shardB}&node=${c.names.shardNode3}`),
    get('ports of a shard at 1.81', (c) => `/v1/ports?shard=${c.names.shardB}`, '1.81'),
    get('the node shows its shard', (c) => `/v1/nodes/${c.names.shardNode1}`),
    { name: 'remove the shard of the third', method: 'PATCH', path: (c) => `/v1/nodes/${c.names.shardNode3}`, version: '1.82', body: [{ op: 'remove', path: '/shard' }] },
    get('ports of shard B after', (c) => `/v1/ports?shard=${c.names.shardB}`),
    { name: 'delete the port', method: 'DELETE', path: (c) => `/v1/ports/${c.v('shardPort')}` },
    { name: 'delete node 1', method: 'DELETE', path: (c) => `/v1/nodes/${c.v('shardNode1')}` },
    { name: 'delete node 2', method: 'DELETE', path: (c) => `/v1/nodes/${c.v('shardNode2')}` },
    { name: 'delete node 3', method: 'DELETE', path: (c) => `/v1/nodes/${c.v('shardNode3')}` },
  ],
};
