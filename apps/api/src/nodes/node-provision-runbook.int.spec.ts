import { DEFAULT_POLICY, LATER_NODE_POLICY, Policy, RUNBOOK_POLICY, type Credentials } from '@ferrum/auth';
import { MAX_VERSION, Microversion, type NodeRecord, type RunbookRecord } from '@ferrum/contracts';
import { FerrumError } from '@ferrum/errors';
import { createTestDatabase, type TestDatabase } from '@ferrum/testing';
import type { ConductorRouter } from '@ferrum/transport';
import { randomUUID } from 'node:crypto';
import type { ApiConfig } from '../api.config';
import { Authorizer } from '../common/authorizer';
import type { IronicRequest } from '../common/ironic-request';
import { NodeLookup } from './node-lookup';
import { NodeProvisionService } from './node-provision.service';

/**
 * `runbook` in PUT /v1/nodes/{n}/states/provision (1.92), through the service with the real database and a
 * conductor that records what it is sent: Ironic 26.1's _handle_runbook checks and what reaches the conductor.
 */
const admin: Credentials = { user: 'admin', roles: ['admin', 'manager', 'member', 'reader'], projectId: null, projectName: null, system: true, via: 'keystone' };
const manager1: Credentials = { user: 'm1', roles: ['manager', 'member', 'reader'], projectId: 'p1', projectName: 'p1', system: false, via: 'keystone' };
const request = (credentials: Credentials = admin, version = 92): IronicRequest => ({ version, requestId: 'req-1', jsonSuffix: false, credentials });

describe('provisioning with a runbook (1.92)', () => {
  let db: TestDatabase;
  let svc: NodeProvisionService;
  let served: NodeProvisionService;
  const sent: { event: string; params: Record<string, unknown> }[] = [];
  beforeAll(async () => {
    db = await createTestDatabase();
    const authz = new Authorizer(new Policy({}, 'policy', { ...DEFAULT_POLICY, ...LATER_NODE_POLICY, ...RUNBOOK_POLICY }));
    const router = {
      call: (_node: NodeRecord, _call: unknown, req: { event: string; params: Record<string, unknown> }) => {
        sent.push({ event: req.event, params: req.params });
        return Promise.resolve(null);
      },
    } as unknown as ConductorRouter;
    const lookup = new NodeLookup(db.repos, authz);
    served = new NodeProvisionService(lookup, router, {} as ApiConfig, db.repos, authz);
    // As if the advertised maximum had reached 1.92 (it is raised elsewhere): the argument is known.
    svc = Object.assign(new NodeProvisionService(lookup, router, {} as ApiConfig, db.repos, authz), { maximum: Microversion.RUNBOOKS });
  });
  afterAll(() => db.close());
  beforeEach(() => {
    sent.length = 0;
  });

  const node = (provision_state: string, traits = ['CUSTOM_RB']) => db.repos.nodes.insert({ uuid: randomUUID(), driver: 'fake-hardware', provision_state, traits, owner: 'p1' });
  const runbook = (name: string, extra: Partial<RunbookRecord> = {}) =>
    db.repos.runbooks.insert({
      uuid: randomUUID(),
      name,
      // Stored out of order: the conductor gets them by `order`.
      steps: [
        { interface: 'raid', step: 'create_configuration', args: {}, order: 2 },
        { interface: 'raid', step: 'delete_configuration', args: { admin_password: 'kept' }, order: 1 },
      ],
      disable_ramdisk: true,
      extra: {},
      public: false,
      owner: null,
      ...extra,
    });
  const failure = async (p: Promise<unknown>) => {
    const error = await p.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(FerrumError);
    const { status, code, message } = error as FerrumError;
    return { status, code, message };
  };
  const STEPS = [
    { interface: 'raid', step: 'delete_configuration', args: { admin_password: 'kept' }, order: 1 },
    { interface: 'raid', step: 'create_configuration', args: {}, order: 2 },
  ];

  it("cleans with the runbook's steps in order and its disable_ramdisk, named by name", async () => {
    await runbook('CUSTOM_RB');
    const n = await node('manageable');
    await svc.provision(request(), n.uuid, { target: 'clean', runbook: 'CUSTOM_RB' });
    expect(sent).toEqual([{ event: 'clean', params: { clean_steps: STEPS, disable_ramdisk: true } }]);
    await db.repos.dataSource.query('DELETE FROM runbooks');
  });

  it('services an active node with a runbook named by uuid', async () => {
    const rb = await runbook('CUSTOM_RB', { disable_ramdisk: false });
    const n = await node('active');
    await svc.provision(request(), n.uuid, { target: 'service', runbook: rb.uuid });
    expect(sent).toEqual([{ event: 'service', params: { service_steps: STEPS, disable_ramdisk: false } }]);
    await db.repos.dataSource.query('DELETE FROM runbooks');
  });

  describe("Ironic's refusals, with nothing sent to the conductor", () => {
    let owned: RunbookRecord;
    beforeAll(async () => {
      await runbook('CUSTOM_RB', { owner: 'p1' });
      await runbook('CUSTOM_PUBLIC', { public: true });
      await runbook('CUSTOM_P2', { owner: 'p2' });
      await runbook('CUSTOM_UNTAGGED', { owner: 'p1' });
      owned = (await db.repos.runbooks.find('CUSTOM_RB'))!;
    });
    afterEach(() => expect(sent).toEqual([]));

    it.each([
      ['an unknown runbook', { runbook: 'CUSTOM_NONE' }, { status: 404, code: 'RunbookNotFound', message: 'Runbook CUSTOM_NONE could not be found.' }],
      ['a runbook ident that is no name', { runbook: 'no such' }, { status: 400, code: 'InvalidUuidOrName', message: 'Expected a logical name or UUID but received no such.' }],
      ['a runbook that is not a string', { runbook: 5 }, { status: 400, code: 'InvalidParameterValue', message: "Expected types <class 'NoneType'>, <class 'str'> for runbook: 5" }],
      ['a runbook with clean_steps', { runbook: 'CUSTOM_RB', clean_steps: [{ interface: 'deploy', step: 'erase_devices' }] }, { status: 400, code: 'Invalid', message: 'Please provide either "clean_steps" or a runbook, but not both.' }],
    ])('refuses %s', async (_what, body, expected) => {
      const n = await node('manageable', ['CUSTOM_RB', 'CUSTOM_PUBLIC', 'CUSTOM_P2']);
      expect(await failure(svc.provision(request(), n.uuid, { target: 'clean', ...body }))).toEqual(expected);
    });

    it("refuses a runbook whose name is not among the node's traits", async () => {
      const n = await node('manageable', ['CUSTOM_RB']);
      expect(await failure(svc.provision(request(), n.uuid, { target: 'clean', runbook: 'CUSTOM_UNTAGGED' }))).toEqual({
        status: 400,
        code: 'Invalid',
        message: `This runbook has not been approved for use on this node ${n.uuid}. Please ask an administrator to add it to your node traits.`,
      });
    });

    it("refuses a project the runbooks it does not own, public ones included (Ironic 26.1's `use` rule)", async () => {
      const n = await node('manageable', ['CUSTOM_RB', 'CUSTOM_PUBLIC', 'CUSTOM_P2']);
      for (const name of ['CUSTOM_P2', 'CUSTOM_PUBLIC']) {
        expect(await failure(svc.provision(request(manager1), n.uuid, { target: 'clean', runbook: name }))).toEqual({
          status: 403,
          code: 'HTTPForbidden',
          message: 'Access was denied to the following resource: baremetal:runbook:use',
        });
      }
    });

    it('is not acceptable below 1.92, after the state check', async () => {
      const n = await node('manageable');
      expect(await failure(svc.provision(request(admin, 91), n.uuid, { target: 'clean', runbook: 'CUSTOM_RB' }))).toEqual({ status: 406, code: 'NotAcceptable', message: 'Request not acceptable.' });
      expect(await failure(svc.provision(request(admin, 91), n.uuid, { target: 'service', runbook: 'CUSTOM_RB' }))).toMatchObject({ status: 400, code: 'InvalidStateRequested' });
    });

    it('blames a runbook for steps left for another target', async () => {
      const n = await node('active');
      expect(await failure(svc.provision(request(), n.uuid, { target: 'service', runbook: owned.uuid, clean_steps: [{ interface: 'deploy', step: 'erase_devices' }] }))).toEqual({
        status: 400,
        code: 'Invalid',
        message: '"runbooks" is only valid when setting target provision state to any of [\'clean\', \'service\']',
      });
    });
  });

  it("lets the owner's project use its runbook on its node", async () => {
    await runbook('CUSTOM_OURS', { owner: 'p1' });
    const n = await node('manageable', ['CUSTOM_OURS']);
    await svc.provision(request(manager1), n.uuid, { target: 'clean', runbook: 'CUSTOM_OURS' });
    expect(sent.map((s) => s.event)).toEqual(['clean']);
    await db.repos.dataSource.query('DELETE FROM runbooks');
  });

  it('does not know the argument while the advertised maximum is below 1.92, as an older Ironic', async () => {
    const n = await node('manageable');
    const refused = await failure(served.provision(request(), n.uuid, { target: 'clean', runbook: 'CUSTOM_RB' }));
    if (MAX_VERSION < Microversion.RUNBOOKS) expect(refused).toEqual({ status: 400, code: 'InvalidParameterValue', message: 'Unexpected arguments: runbook' });
    else expect(refused).toMatchObject({ status: 404, code: 'RunbookNotFound' });
    expect(sent).toEqual([]);
  });
});
