import bcrypt from 'bcryptjs';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiHarness, Reply, startApiHarness } from '../testing/api-harness';

/**
 * Child nodes under Ironic's default policy (http_basic users with roles and scopes): who may see a parent's
 * children, who may set parent_node (system members only), and that a parent the caller cannot see is refused
 * as if it did not exist.
 */
const PERSONAS = {
  'system-admin': { roles: ['admin'], system: true },
  'system-member': { roles: ['member'], system: true },
  'owner-admin': { roles: ['admin'], project_id: 'P1' },
  'owner-member': { roles: ['member'], project_id: 'P1' },
  'owner-reader': { roles: ['reader'], project_id: 'P1' },
  'lessee-reader': { roles: ['reader'], project_id: 'P2' },
  'other-admin': { roles: ['admin'], project_id: 'P3' },
};
type Persona = keyof typeof PERSONAS;

describe('child nodes (1.83) under the default policy', () => {
  let api: ApiHarness;
  const dir = mkdtempSync(join(tmpdir(), 'ferrum-children-'));
  let parent: string;
  let leasedChild: string;
  let ownedChild: string;

  const as = (who: Persona, method: string, url: string, body?: unknown): Promise<Reply> =>
    api.request(method, url, { body, version: '1.83', headers: { Authorization: `Basic ${Buffer.from(`${who}:pw-${who}`).toString('base64')}` } });
  const createAs = async (who: Persona, body: Record<string, unknown>): Promise<string> => {
    const reply = await as(who, 'POST', '/v1/nodes', { driver: 'fake-hardware', ...body });
    expect(reply.statusCode).toBe(201);
    return reply.json().uuid as string;
  };

  beforeAll(async () => {
    const names = Object.keys(PERSONAS) as Persona[];
    writeFileSync(join(dir, 'htpasswd'), names.map((p) => `${p}:${bcrypt.hashSync(`pw-${p}`, 4)}`).join('\n'));
    writeFileSync(join(dir, 'roles.yaml'), names.map((p) => `${p}: ${JSON.stringify(PERSONAS[p])}`).join('\n'));
    api = await startApiHarness({
      env: { FERRUM_AUTH_STRATEGY: 'http_basic', FERRUM_HTTP_BASIC_AUTH_USER_FILE: join(dir, 'htpasswd'), FERRUM_HTTP_BASIC_ROLES_FILE: join(dir, 'roles.yaml') },
    });
    parent = await createAs('system-admin', { owner: 'P1', lessee: 'P2' });
    leasedChild = await createAs('system-admin', { owner: 'P1', lessee: 'P2', parent_node: parent });
    ownedChild = await createAs('system-admin', { owner: 'P1', parent_node: parent });
  });
  afterAll(async () => {
    await api.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('lists to each project only the children it owns or leases', async () => {
    expect((await as('owner-reader', 'GET', `/v1/nodes/${parent}/children`)).json().children).toEqual([leasedChild, ownedChild]);
    expect((await as('lessee-reader', 'GET', `/v1/nodes/${parent}/children`)).json().children).toEqual([leasedChild]);
  });

  it('answers 404 for the children of a parent the caller cannot see', async () => {
    const reply = await as('other-admin', 'GET', `/v1/nodes/${parent}/children`);
    expect(reply.statusCode).toBe(404);
    expect(api.error(reply).faultstring).toBe(`Node ${parent} could not be found.`);
  });

  it('lets only system members change parent_node (baremetal:node:update:parent_node)', async () => {
    const node = await createAs('system-admin', { owner: 'P1' });
    const ops = [{ op: 'add', path: '/parent_node', value: parent }];
    for (const who of ['owner-admin', 'owner-member'] as const) {
      const refused = await as(who, 'PATCH', `/v1/nodes/${node}`, ops);
      expect(refused.statusCode).toBe(403);
      expect(api.error(refused).faultstring).toBe('Access was denied to the following resource: baremetal:node:update:parent_node');
    }
    expect((await api.db.repos.nodes.findByUuid(node))!.parent_node).toBeNull();
    const done = await as('system-member', 'PATCH', `/v1/nodes/${node}`, ops);
    expect(done.statusCode).toBe(200);
    expect(done.json().parent_node).toBe(parent);
  });

  it('refuses, on create, a parent the caller cannot see exactly as one that does not exist', async () => {
    const foreign = await createAs('system-admin', { owner: 'P3' });
    const reply = await as('owner-admin', 'POST', '/v1/nodes', { driver: 'fake-hardware', parent_node: foreign });
    expect(reply.statusCode).toBe(400);
    expect(api.error(reply).faultstring).toBe(`Unable to apply the requested parent_node '${foreign}'. Requested value was invalid.`);
    // A project admin's node is its project's: a parent of the same project is accepted.
    const own = await as('owner-admin', 'POST', '/v1/nodes', { driver: 'fake-hardware', parent_node: parent });
    expect(own.statusCode).toBe(201);
    expect(own.json()).toMatchObject({ owner: 'P1', parent_node: parent });
  });
});
