/**
 * Ironic's default policy as a table: persona × route family → the status a user sees. Shared by the
 * API's http_basic spec and the keystone e2e, so both strategies are held to the same answers.
 * The node under test is owned by the `owner` project and leased to the `lessee` project.
 */
export const RBAC_PERSONAS = {
  'system admin': { roles: ['admin'], scope: 'system' },
  'system member': { roles: ['member'], scope: 'system' },
  'system reader': { roles: ['reader'], scope: 'system' },
  'owner admin': { roles: ['admin'], scope: 'owner' },
  'owner member': { roles: ['member'], scope: 'owner' },
  'owner reader': { roles: ['reader'], scope: 'owner' },
  'lessee member': { roles: ['member'], scope: 'lessee' },
  'lessee reader': { roles: ['reader'], scope: 'lessee' },
  'other project admin': { roles: ['admin'], scope: 'other' },
} as const;

export type RbacPersona = keyof typeof RBAC_PERSONAS | 'anonymous';
export const RBAC_ORDER: RbacPersona[] = [...(Object.keys(RBAC_PERSONAS) as RbacPersona[]), 'anonymous'];

/** What a case needs from its runner: a request as a persona. */
export type RbacSend = (persona: RbacPersona, method: string, url: string, body?: unknown) => Promise<{ status: number }>;

export interface RbacCase {
  name: string;
  /** Statuses in RBAC_ORDER: system admin, member, reader; owner admin, member, reader; lessee member, reader; other project admin; anonymous. */
  expected: number[];
  /** One request on a fresh node `uuid` (owned and leased as above). */
  request: (send: RbacSend, persona: RbacPersona, uuid: string) => Promise<{ status: number }>;
}

const mac = () => `52:54:00:${Math.floor(Math.random() * 0xffffff).toString(16).padStart(6, '0').replace(/(..)(..)(..)/, '$1:$2:$3')}`;

export const RBAC_CASES: RbacCase[] = [
  { name: 'node show', expected: [200, 200, 200, 200, 200, 200, 200, 200, 404, 401], request: (s, p, u) => s(p, 'GET', `/v1/nodes/${u}`) },
  { name: 'node states', expected: [200, 200, 200, 200, 200, 200, 200, 200, 404, 401], request: (s, p, u) => s(p, 'GET', `/v1/nodes/${u}/states`) },
  {
    name: 'PATCH extra',
    expected: [200, 200, 403, 200, 200, 403, 200, 403, 404, 401],
   
    request: (s, p, u) => s(p, 'PATCH', `/v1/nodes/${u}`, [{ op: 'add', path: '/extra/k', value: 'v' }]),
  },
  {
    name: 'PATCH driver_info',
    expected: [200, 200, 403, 200, 200, 403, 403, 403, 404, 401],
   
    request: (s, p, u) => s(p, 'PATCH', `/v1/nodes/${u}`, [{ op: 'add', path: '/driver_info/ipmi_username', value: 'x' }]),
  },
  {
    name: 'PATCH owner',
    expected: [200, 200, 403, 403, 403, 403, 403, 403, 404, 401],
   
    request: (s, p, u) => s(p, 'PATCH', `/v1/nodes/${u}`, [{ op: 'replace', path: '/owner', value: 'someone-else' }]),
  },
  { name: 'power', expected: [202, 202, 403, 202, 202, 403, 202, 403, 404, 401], request: (s, p, u) => s(p, 'PUT', `/v1/nodes/${u}/states/power`, { target: 'power on' }) },
  { name: 'provision', expected: [202, 202, 403, 202, 202, 403, 403, 403, 404, 401], request: (s, p, u) => s(p, 'PUT', `/v1/nodes/${u}/states/provision`, { target: 'manage' }) },
  { name: 'node delete', expected: [204, 403, 403, 204, 403, 403, 403, 403, 404, 401], request: (s, p, u) => s(p, 'DELETE', `/v1/nodes/${u}`) },
  { name: 'vendor passthru', expected: [200, 403, 403, 403, 403, 403, 403, 403, 404, 401], request: (s, p, u) => s(p, 'GET', `/v1/nodes/${u}/vendor_passthru/methods`) },
  { name: 'traits list', expected: [200, 200, 200, 200, 200, 200, 200, 200, 404, 401], request: (s, p, u) => s(p, 'GET', `/v1/nodes/${u}/traits`) },
  { name: 'trait add', expected: [204, 204, 403, 204, 403, 403, 403, 403, 404, 401], request: (s, p, u) => s(p, 'PUT', `/v1/nodes/${u}/traits/CUSTOM_RBAC`) },
  { name: 'port create', expected: [201, 403, 403, 201, 403, 403, 403, 403, 403, 401], request: (s, p, u) => s(p, 'POST', '/v1/ports', { node_uuid: u, address: mac() }) },
  { name: 'portgroup create', expected: [201, 403, 403, 201, 403, 403, 403, 403, 403, 401], request: (s, p, u) => s(p, 'POST', '/v1/portgroups', { node_uuid: u }) },
  { name: "node's portgroups", expected: [200, 200, 200, 200, 200, 200, 200, 200, 404, 401], request: (s, p, u) => s(p, 'GET', `/v1/nodes/${u}/portgroups`) },
  {
    name: 'volume connector create',
    expected: [201, 201, 403, 201, 403, 403, 403, 403, 403, 401],
    request: (s, p, u) => s(p, 'POST', '/v1/volume/connectors', { node_uuid: u, type: 'iqn', connector_id: `iqn.2026-12.test:${mac()}` }),
  },
  { name: "node's volume targets", expected: [200, 200, 200, 200, 200, 200, 200, 200, 404, 401], request: (s, p, u) => s(p, 'GET', `/v1/nodes/${u}/volume/targets`) },
  { name: 'chassis list', expected: [200, 200, 200, 403, 403, 403, 403, 403, 403, 401], request: (s, p) => s(p, 'GET', '/v1/chassis') },
  { name: 'driver list', expected: [200, 200, 200, 403, 403, 403, 403, 403, 403, 401], request: (s, p) => s(p, 'GET', '/v1/drivers') },
  { name: 'shard list', expected: [200, 200, 200, 403, 403, 403, 403, 403, 403, 401], request: (s, p) => s(p, 'GET', '/v1/shards') },
  { name: 'conductor list', expected: [200, 200, 200, 403, 403, 403, 403, 403, 403, 401], request: (s, p) => s(p, 'GET', '/v1/conductors') },
  { name: 'node create', expected: [201, 403, 403, 201, 403, 403, 403, 403, 201, 401], request: (s, p) => s(p, 'POST', '/v1/nodes', { driver: 'fake-hardware' }) },
];

/** The expected statuses of a case, by persona. */
export function rbacExpected(c: RbacCase): Record<RbacPersona, number> {
  return Object.fromEntries(RBAC_ORDER.map((p, i) => [p, c.expected[i]])) as Record<RbacPersona, number>;
}

/** How a runner reaches the server: a request as a persona, a fresh leased node, and a node's stored state. */
export interface RbacRunner {
  send: RbacSend;
  leasedNode(): Promise<string>;
  snapshot(uuid: string): Promise<unknown>;
}

/**
 * Runs one case for every persona, each on a fresh node; returns the statuses and the personas whose
 * refused request nevertheless changed the node (there must be none).
 */
export async function runRbacCase(c: RbacCase, runner: RbacRunner): Promise<{ statuses: Record<RbacPersona, number>; changedByRefusal: RbacPersona[] }> {
  const statuses = {} as Record<RbacPersona, number>;
  const changedByRefusal: RbacPersona[] = [];
  for (const persona of RBAC_ORDER) {
    const uuid = await runner.leasedNode();
    const before = JSON.stringify(await runner.snapshot(uuid));
    const { status } = await c.request(runner.send, persona, uuid);
    statuses[persona] = status;
    if (status >= 400 && JSON.stringify(await runner.snapshot(uuid)) !== before) changedByRefusal.push(persona);
  }
  return { statuses, changedByRefusal };
}
