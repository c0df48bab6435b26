import { randomUUID } from 'node:crypto';
import { MAX_VERSION, formatVersion } from '@ferrum/contracts';
import { ApiHarness, PUBLIC_URL, startApiHarness, until } from '../testing/api-harness';

describe('PUT /v1/nodes/{ident}/states/provision', () => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await startApiHarness();
  });
  afterAll(() => api.close());

  const provision = (ident: string, body: unknown, version?: string) => api.request('PUT', `/v1/nodes/${ident}/states/provision`, { body, version });
  const read = (uuid: string) => api.db.repos.nodes.findByUuid(uuid).then((n) => n!);
  const settle = async (uuid: string, state: string) => {
    await until(async () => {
      const node = await read(uuid);
      return node.provision_state === state && node.reservation === null;
    });
    return read(uuid);
  };
  const setState = (uuid: string, state: string) => api.db.repos.dataSource.query(`UPDATE nodes SET provision_state = $2 WHERE uuid = $1`, [uuid, state]);
  /** Drives a new node to `state` through the API. */
  const nodeIn = async (state: 'manageable' | 'available' | 'active') => {
    const node = await api.createNode();
    expect((await provision(node.uuid, { target: 'manage' })).statusCode).toBe(202);
    await settle(node.uuid, 'manageable');
    if (state === 'manageable') return node;
    expect((await provision(node.uuid, { target: 'provide' })).statusCode).toBe(202);
    await settle(node.uuid, 'available');
    if (state === 'available') return node;
    expect((await provision(node.uuid, { target: 'active' })).statusCode).toBe(202);
    await settle(node.uuid, 'active');
    return node;
  };

  it('accepts a verb with 202, no body, no content type and a Location to poll', async () => {
    const node = await api.createNode({ name: 'prov-1' });
    const reply = await provision('prov-1', { target: 'manage' });
    expect(reply.statusCode).toBe(202);
    expect(reply.body).toBe('');
    expect(reply.headers['content-type']).toBeUndefined();
    expect(reply.headers.location).toBe(`${PUBLIC_URL}/v1/nodes/prov-1/states`);
    expect(await settle(node.uuid, 'manageable')).toMatchObject({ target_provision_state: null, last_error: null });
  });

  it('saves the transition before answering, so the node is already moving when the client reads it', async () => {
    const node = await nodeIn('manageable');
    await provision(node.uuid, { target: 'provide' });
    expect(['cleaning', 'available']).toContain((await read(node.uuid)).provision_state);
    await settle(node.uuid, 'available');
  });

  it('deploys, rebuilds and undeploys a node, with the 1.73 aliases', async () => {
    const node = await nodeIn('active');
    expect((await provision(node.uuid, { target: 'rebuild' })).statusCode).toBe(202);
    await settle(node.uuid, 'active');
    expect((await provision(node.uuid, { target: 'undeploy' }, '1.72')).statusCode).toBe(406);
    expect((await provision(node.uuid, { target: 'undeploy' }, '1.73')).statusCode).toBe(202);
    await settle(node.uuid, 'available');
    expect((await provision(node.uuid, { target: 'deploy' }, '1.72')).statusCode).toBe(406);
    expect((await provision(node.uuid, { target: 'deploy', configdrive: 'http://cd.example/x.iso' })).statusCode).toBe(202);
    await settle(node.uuid, 'active');
    expect((await provision(node.uuid, { target: 'deleted' })).statusCode).toBe(202);
    await settle(node.uuid, 'available');
  });

  it('inspects, adopts, rescues and unrescues', async () => {
    const node = await nodeIn('manageable');
    expect((await provision(node.uuid, { target: 'inspect' })).statusCode).toBe(202);
    expect(await settle(node.uuid, 'manageable')).toMatchObject({ inspection_finished_at: expect.any(String) });
    expect((await provision(node.uuid, { target: 'adopt' })).statusCode).toBe(202);
    await settle(node.uuid, 'active');
    expect((await provision(node.uuid, { target: 'rescue', rescue_password: 'pw' })).statusCode).toBe(202);
    await settle(node.uuid, 'rescue');
    expect((await provision(node.uuid, { target: 'unrescue' })).statusCode).toBe(202);
    await settle(node.uuid, 'active');
  });

  it('runs a manual clean with the steps given and returns the node to manageable', async () => {
    const node = await nodeIn('manageable');
    const reply = await provision(node.uuid, { target: 'clean', clean_steps: [{ interface: 'bios', step: 'factory_reset' }] });
    expect(reply.statusCode).toBe(202);
    await settle(node.uuid, 'manageable');
  });

  it("fails a manual clean with disable_ramdisk whose step needs the agent (fake's BIOS steps do), in Ironic 21.4's words", async () => {
    const node = await nodeIn('manageable');
    const reply = await provision(node.uuid, { target: 'clean', clean_steps: [{ interface: 'bios', step: 'factory_reset' }], disable_ramdisk: true });
    expect(reply.statusCode).toBe(202);
    const failed = await settle(node.uuid, 'clean failed');
    expect(failed.last_error).toBe(`Cannot clean node ${node.uuid}: clean step {'interface': 'bios', 'step': 'factory_reset'} requires booting a ramdisk`);
  });

  it('aborts a deploy waiting for its agent from 1.110 only; pinned to 2023.1 the state does not take it (400), as Ironic 21.4', async () => {
    const node = await api.createNode();
    await setState(node.uuid, 'wait call-back');
    // Below 1.110 a release that has it answers 406; one without it (Ferrum while its maximum is below) does not take the event.
    expect((await provision(node.uuid, { target: 'abort' }, formatVersion(Math.min(MAX_VERSION, 109)))).statusCode).toBe(MAX_VERSION >= 110 ? 406 : 400);
    const pinned = await startApiHarness({ env: { FERRUM_PIN_RELEASE_VERSION: '2023.1' } });
    try {
      const old = await pinned.createNode();
      await pinned.db.repos.dataSource.query(`UPDATE nodes SET provision_state = 'wait call-back' WHERE uuid = $1`, [old.uuid]);
      const refused = await pinned.request('PUT', `/v1/nodes/${old.uuid}/states/provision`, { body: { target: 'abort' } });
      expect([refused.statusCode, pinned.error(refused).faultstring]).toEqual([
        400,
        `The requested action "abort" can not be performed on node "${old.uuid}" while it is in state "wait call-back".`,
      ]);
    } finally {
      await pinned.close();
    }
  });

  it('aborts a wait state from 1.13, inspect wait from 1.41 only', async () => {
    const node = await api.createNode();
    await setState(node.uuid, 'clean wait');
    expect((await provision(node.uuid, { target: 'abort' }, '1.12')).statusCode).toBe(406);
    expect((await provision(node.uuid, { target: 'abort' }, '1.13')).statusCode).toBe(202);
    expect(await settle(node.uuid, 'clean failed')).toMatchObject({ last_error: 'By request, the clean operation was aborted' });
    await setState(node.uuid, 'inspect wait');
    expect((await provision(node.uuid, { target: 'abort' }, '1.40')).statusCode).toBe(406);
    expect((await provision(node.uuid, { target: 'abort' }, '1.41')).statusCode).toBe(202);
    await settle(node.uuid, 'inspect failed');
  });

  it('refuses a verb newer than the requested version with 406', async () => {
    const node = await api.createNode();
    expect((await provision(node.uuid, { target: 'manage' }, '1.3')).statusCode).toBe(406);
    expect((await provision(node.uuid, { target: 'adopt' }, '1.16')).statusCode).toBe(406);
    expect((await provision(node.uuid, { target: 'rescue', rescue_password: 'x' }, '1.37')).statusCode).toBe(406);
  });

  it('refuses a verb the current state does not allow with 400 InvalidStateRequested, or 409 while the node is locked', async () => {
    const node = await api.createNode();
    const refused = await provision(node.uuid, { target: 'provide' });
    expect(refused.statusCode).toBe(400);
    expect(api.error(refused).faultstring).toBe(
      `The requested action "provide" can not be performed on node "${node.uuid}" while it is in state "enroll".`,
    );
    const host = await api.lockNode(node.uuid);
    const locked = await provision(node.uuid, { target: 'provide' });
    expect(locked.statusCode).toBe(409);
    expect(api.error(locked).faultstring).toContain(`is locked by host ${host}`);
    expect((await provision(node.uuid, { target: 'manage' })).statusCode).toBe(409);
  });

  it('refuses to deploy a node in maintenance and to undeploy a protected one', async () => {
    const node = await nodeIn('available');
    await api.request('PUT', `/v1/nodes/${node.uuid}/maintenance`, { body: { reason: 'broken fan' } });
    const maintenance = await provision(node.uuid, { target: 'active' });
    expect(maintenance.statusCode).toBe(400);
    expect(api.error(maintenance).faultstring).toContain('maintenance');
    await api.request('DELETE', `/v1/nodes/${node.uuid}/maintenance`);
    await provision(node.uuid, { target: 'active' });
    await settle(node.uuid, 'active');
    await api.request('PATCH', `/v1/nodes/${node.uuid}`, { body: [{ op: 'replace', path: '/protected', value: true }] });
    expect((await provision(node.uuid, { target: 'deleted' })).statusCode).toBe(403);
  });

  it('requires clean_steps for clean and a non-blank rescue_password for rescue', async () => {
    const manageable = await nodeIn('manageable');
    expect(api.error(await provision(manageable.uuid, { target: 'clean' })).faultstring).toBe(
      '"clean_steps" is required when setting target provision state to clean',
    );
    expect(api.error(await provision(manageable.uuid, { target: 'clean', clean_steps: [] })).faultstring).toBe(
      '"clean_steps" is required when setting target provision state to clean',
    );
    const active = await api.createNode();
    await setState(active.uuid, 'active');
    expect(api.error(await provision(active.uuid, { target: 'rescue', rescue_password: '  ' })).faultstring).toBe(
      'A non-empty "rescue_password" is required when setting target provision state to rescue',
    );
  });

  it('checks the shape of clean and deploy steps before anything moves', async () => {
    const node = await nodeIn('manageable');
    const badInterface = await provision(node.uuid, { target: 'clean', clean_steps: [{ interface: 'network', step: 'x' }] });
    expect(badInterface.statusCode).toBe(400);
    expect(api.error(badInterface).faultstring).toBe(
      [
        // Ferrum serves 1.87: Ironic 23.0's interfaces (pinned to 2023.1, 21.4's five; see provision-steps.spec).
        "Invalid clean_steps: 'network' is not one of ['vendor', 'power', 'management', 'firmware', 'deploy', 'bios', 'raid']",
        '',
        "Failed validating 'enum' in schema['items']['properties']['interface']:",
        "    {'description': 'driver interface',",
        "     'enum': ['vendor',",
        "              'power',",
        "              'management',",
        "              'firmware',",
        "              'deploy',",
        "              'bios',",
        "              'raid']}",
        '',
        "On instance[0]['interface']:",
        "    'network'",
      ].join('\n'),
    );
    // The rest of jsonschema's report (schema and value printed) is provision-steps.spec's business.
    const firstLine = (res: Awaited<ReturnType<typeof provision>>) => String(api.error(res).faultstring).split('\n')[0];
    expect(firstLine(await provision(node.uuid, { target: 'clean', clean_steps: [{ step: 'x' }] }))).toBe("Invalid clean_steps: 'interface' is a required property");
    expect((await read(node.uuid)).provision_state).toBe('manageable');

    const available = await api.createNode();
    await setState(available.uuid, 'available');
    const badDeploy = await provision(available.uuid, { target: 'active', deploy_steps: [{ interface: 'deploy', step: 'deploy', args: {} }] });
    expect(firstLine(badDeploy)).toBe("Invalid deploy_steps: 'priority' is a required property");
    expect((await read(available.uuid)).provision_state).toBe('available');
  });

  it('sends the conductor the FSM event and the checked parameters, deploy step priorities as numbers', async () => {
    const node = await api.createNode();
    await setState(node.uuid, 'available');
    const spy = jest.spyOn(api.apiTransport, 'request');
    try {
      const steps = [{ interface: 'deploy', step: 'deploy', args: {}, priority: '50' }];
      expect((await provision(node.uuid, { target: 'deploy', deploy_steps: steps, configdrive: 'H4sIAAAA' })).statusCode).toBe(202);
      expect(spy.mock.calls[0][1]).toEqual({
        node_uuid: node.uuid,
        event: 'deploy',
        params: { configdrive: 'H4sIAAAA', deploy_steps: [{ interface: 'deploy', step: 'deploy', args: {}, priority: 50 }] },
      });
    } finally {
      spy.mockRestore();
    }
    await settle(node.uuid, 'active');
  });

  it('refuses parameters that do not go with the verb, and ones newer than the version', async () => {
    const node = await api.createNode();
    expect(api.error(await provision(node.uuid, { target: 'manage', configdrive: 'abc' })).faultstring).toBe(
      'Adding a config drive is only supported when setting provision state to active, rebuild',
    );
    expect(api.error(await provision(node.uuid, { target: 'manage', rescue_password: 'x' })).faultstring).toBe(
      '"rescue_password" is only valid when setting target provision state to rescue',
    );
    // From 1.108's release on, Ironic checks the verb first: not one that takes disable_ramdisk, whatever the version (400).
    const noRamdisk = await provision(node.uuid, { target: 'manage', disable_ramdisk: true }, '1.69');
    expect([noRamdisk.statusCode, api.error(noRamdisk).faultstring]).toEqual([400, 'disable_ramdisk is supported only with manual cleaning or servicing']);
    await setState(node.uuid, 'available');
    expect((await provision(node.uuid, { target: 'active', deploy_steps: [{ interface: 'deploy', step: 'x', args: {}, priority: 1 }] }, '1.68')).statusCode).toBe(406);
    expect((await provision(node.uuid, { target: 'active', configdrive: { user_data: 'x' } }, '1.55')).statusCode).toBe(400);
    expect(api.error(await provision(node.uuid, { target: 'active', configdrive: 'not base64 {}' })).faultstring).toBe(
      'Invalid configdrive format: it is neither a JSON, nor a URL, nor a base64 string',
    );
  });

  it('refuses internal events, unknown targets, wrong types and unexpected arguments with 400', async () => {
    const node = await api.createNode();
    await setState(node.uuid, 'deploying');
    expect(api.error(await provision(node.uuid, { target: 'done' })).faultstring).toBe('The requested action "done" could not be understood.');
    expect((await provision(node.uuid, { target: 'explode' })).statusCode).toBe(400);
    expect(api.error(await provision(node.uuid, {})).faultstring).toBe('Missing mandatory parameter: target');
    expect(api.error(await provision(node.uuid, { target: 'active', force: true })).faultstring).toBe('Unexpected arguments: force');
    expect(api.error(await provision(node.uuid, { target: 5 })).faultstring).toBe('Expected string for target: 5');
    expect(api.error(await provision(node.uuid, { target: 'clean', clean_steps: 'all' })).faultstring).toBe(
      "Expected types <class 'NoneType'>, <class 'list'> for clean_steps: all",
    );
    expect((await provision(node.uuid, { target: 'clean', disable_ramdisk: 'maybe' })).statusCode).toBe(400);
  });

  it('answers 404 for an unknown node', async () => {
    expect((await provision(randomUUID(), { target: 'manage' })).statusCode).toBe(404);
  });
});
