import bcrypt from 'bcryptjs';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { memoryLogger } from '@ferrum/logging';
import { RBAC_CASES, RBAC_ORDER, RBAC_PERSONAS, RbacPersona, rbacExpected, runRbacCase } from '@ferrum/testing';
import { ApiHarness, Reply, startApiHarness } from '../testing/api-harness';

/**
 * Ironic's default policy at the API, persona by persona (http_basic users given roles and scopes by a
 * roles file). The node under test is owned by project P1 and leased to P2. Each refused write is checked
 * to have changed nothing in the database.
 */
const PROJECTS = { owner: 'P1', lessee: 'P2', other: 'P3' } as const;
type Persona = RbacPersona;
const ALL = RBAC_ORDER;

const user = (p: Persona) => p.replace(/ /g, '-');
const header = (p: Persona): Record<string, string> =>
  p === 'anonymous' ? {} : { Authorization: `Basic ${Buffer.from(`${user(p)}:pw-${user(p)}`).toString('base64')}` };

describe('RBAC: personas × routes, as Ironic’s default policy answers', () => {
  let api: ApiHarness;
  const log = memoryLogger();
  const dir = mkdtempSync(join(tmpdir(), 'ferrum-rbac-'));

  beforeAll(async () => {
    writeFileSync(join(dir, 'htpasswd'), ALL.filter((p) => p !== 'anonymous').map((p) => `${user(p)}:${bcrypt.hashSync(`pw-${user(p)}`, 4)}`).join('\n'));
    const roles = Object.entries(RBAC_PERSONAS).map(([p, r]) => {
      const scope = r.scope === 'system' ? { system: true } : { project_id: PROJECTS[r.scope] };
      return `${user(p as Persona)}: ${JSON.stringify({ roles: r.roles, ...scope })}`;
    });
    writeFileSync(join(dir, 'roles.yaml'), roles.join('\n'));
    api = await startApiHarness({
      logger: log.logger,
      env: { FERRUM_AUTH_STRATEGY: 'http_basic', FERRUM_HTTP_BASIC_AUTH_USER_FILE: join(dir, 'htpasswd'), FERRUM_HTTP_BASIC_ROLES_FILE: join(dir, 'roles.yaml') },
    });
  });
  afterAll(async () => {
    await api.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const as = (p: Persona, method: string, url: string, body?: unknown): Promise<Reply> => api.request(method, url, { headers: header(p), body });

  /** A fresh node of P1 leased to P2, with a BMC address and an error only the owner may read. */
  async function leasedNode(): Promise<string> {
    const reply = await as('system admin', 'POST', '/v1/nodes', { driver: 'fake-hardware', owner: 'P1', lessee: 'P2', driver_info: { ipmi_address: '10.0.0.9' } });
    expect(reply.statusCode).toBe(201);
    const uuid = reply.json().uuid as string;
    await api.db.repos.dataSource.query(`UPDATE nodes SET last_error = 'BMC 10.0.0.9 timed out' WHERE uuid = $1`, [uuid]);
    return uuid;
  }

  // Ironic's default policy, route family by route family (the same table runs under keystone in e2e/security);
  // a refused request must leave the node as it was in the database.
  for (const c of RBAC_CASES) {
    it(`${c.name}: ${c.expected.join(' ')}`, async () => {
      const result = await runRbacCase(c, {
        send: (who, method, url, body) => as(who, method, url, body).then((r) => ({ status: r.statusCode })),
        leasedNode,
        snapshot: (uuid) => api.db.repos.nodes.findByUuid(uuid),
      });
      expect(result).toEqual({ statuses: rbacExpected(c), changedByRefusal: [] });
    });
  }

  it('creates a project admin’s node as its own project’s node, and refuses another owner', async () => {
    const own = await as('owner admin', 'POST', '/v1/nodes', { driver: 'fake-hardware', name: 'mine' });
    expect(own.json().owner).toBe('P1');
    const other = await as('owner admin', 'POST', '/v1/nodes', { driver: 'fake-hardware', owner: 'P3' });
    expect(other.statusCode).toBe(400);
    expect(api.error(other).faultstring).toBe('Cannot create a node as a project scoped admin with an owner other than your own project.');
  });

  it('lists only the nodes and ports a project owns or leases, and refuses another project’s filter', async () => {
    const uuid = await leasedNode();
    const port = await as('system admin', 'POST', '/v1/ports', { node_uuid: uuid, address: '52:54:00:aa:bb:01' });
    expect(port.statusCode).toBe(201);
    const nodes = async (p: Persona) => ((await as(p, 'GET', '/v1/nodes?sort_key=created_at&sort_dir=desc')).json().nodes as { uuid: string }[]).map((n) => n.uuid);
    const ports = async (p: Persona) => ((await as(p, 'GET', '/v1/ports?sort_key=created_at&sort_dir=desc')).json().ports as { uuid: string }[]).map((n) => n.uuid);
    for (const p of ['system reader', 'owner reader', 'lessee reader'] as Persona[]) {
      expect(await nodes(p)).toContain(uuid);
      expect(await ports(p)).toContain(port.json().uuid);
    }
    expect(await nodes('other project admin')).not.toContain(uuid);
    expect(await ports('other project admin')).not.toContain(port.json().uuid);
    expect((await as('owner reader', 'GET', '/v1/nodes?project=P3')).statusCode).toBe(403);
    expect(api.error(await as('owner reader', 'GET', '/v1/nodes?project=P3')).faultstring).toBe('Access was denied to the following resource: baremetal:node:list_all');
    expect((await as('other project admin', 'GET', `/v1/nodes/${uuid}/ports`)).statusCode).toBe(404);
    expect((await as('other project admin', 'GET', `/v1/ports/${port.json().uuid}`)).statusCode).toBe(404);
    expect((await as('lessee reader', 'GET', `/v1/ports/${port.json().uuid}`)).statusCode).toBe(200);
  });

  it('redacts what only the owner and the system may read, as Ironic does', async () => {
    const uuid = await leasedNode();
    const lessee = (await as('lessee member', 'GET', `/v1/nodes/${uuid}`)).json();
    expect(lessee.last_error).toBe('** Value Redacted - Requires baremetal:node:get:last_error permission. **');
    expect(lessee.driver_info).toEqual({ content: '** Redacted - requires baremetal:node:get:driver_info permission. **' });
    expect(lessee.driver_internal_info).toEqual({ content: '** Redacted - Requires baremetal:node:get:driver_internal_info permission. **' });
    const owner = (await as('owner reader', 'GET', `/v1/nodes/${uuid}`)).json();
    expect(owner.last_error).toBe('BMC 10.0.0.9 timed out');
    expect(owner.driver_info).toEqual({ ipmi_address: '10.0.0.9' });
    expect((await as('system reader', 'GET', `/v1/nodes/${uuid}`)).json().last_error).toBe('BMC 10.0.0.9 timed out');
  });

  it('answers a refusal in Ironic’s fault format, naming the rule', async () => {
    const uuid = await leasedNode();
    const reply = await as('system reader', 'PUT', `/v1/nodes/${uuid}/states/power`, { target: 'power off' });
    expect(reply.statusCode).toBe(403);
    expect(api.error(reply)).toEqual({ faultcode: 'Client', faultstring: 'Access was denied to the following resource: baremetal:node:set_power_state', debuginfo: null });
  });

  it('writes an audit line for every state-changing request, refused or not, and never a body', async () => {
    const uuid = await leasedNode();
    await as('owner member', 'PATCH', `/v1/nodes/${uuid}`, [{ op: 'add', path: '/extra/audited', value: 'secret-value' }]);
    await as('lessee reader', 'DELETE', `/v1/nodes/${uuid}`);
    await as('anonymous', 'POST', '/v1/nodes', { driver: 'fake-hardware' });
    await as('owner member', 'GET', `/v1/nodes/${uuid}`);
    const audit = log.lines.filter((l) => l.msg === 'audit').map((l) => l.audit as Record<string, unknown>);
    expect(audit.slice(-3)).toEqual([
      expect.objectContaining({ user: 'owner-member', project: 'P1', system: false, via: 'http_basic', method: 'PATCH', path: `/v1/nodes/${uuid}`, node: uuid, status: 200, requestId: expect.stringMatching(/^req-/) }),
      expect.objectContaining({ user: 'lessee-reader', project: 'P2', method: 'DELETE', node: uuid, status: 403 }),
      expect.objectContaining({ user: null, via: 'anonymous', method: 'POST', path: '/v1/nodes', status: 401 }),
    ]);
    expect(JSON.stringify(log.lines)).not.toContain('secret-value');
  });
});
