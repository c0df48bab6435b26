import { ApiHarness, startApiHarness, until } from '../testing/api-harness';

/**
 * API 1.85 (Ironic 22.1): the reserved steps `hold`, `wait`, `power_on`, `power_off` and `reboot` in clean and
 * deploy steps, the `clean hold` / `deploy hold` states, and the `unhold` verb. API, conductor and database
 * as one harness, fake hardware; the agent's heartbeat is sent as a ramdisk would.
 */
describe('hold steps and the unhold verb (1.85)', () => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await startApiHarness();
  });
  afterAll(() => api.close());

  const provision = (ident: string, body: unknown, version = '1.85') => api.request('PUT', `/v1/nodes/${ident}/states/provision`, { body, version });
  const read = (uuid: string) => api.db.repos.nodes.getByIdent(uuid);
  const settle = async (uuid: string, state: string) => {
    await until(async () => {
      const node = await read(uuid);
      return node.provision_state === state && node.reservation === null;
    });
    return read(uuid);
  };
  const nodeIn = async (state: 'manageable' | 'available') => {
    const node = await api.createNode();
    expect((await provision(node.uuid, { target: 'manage' })).statusCode).toBe(202);
    await settle(node.uuid, 'manageable');
    if (state === 'available') {
      expect((await provision(node.uuid, { target: 'provide' })).statusCode).toBe(202);
      await settle(node.uuid, 'available');
    }
    return node;
  };
  const shown = async (uuid: string) => (await api.request('GET', `/v1/nodes/${uuid}`, { version: '1.85' })).json();

  it('parks a manual clean at a hold step, releases it with unhold, and the next heartbeat runs the steps after it', async () => {
    const node = await nodeIn('manageable');
    const steps = [
      { interface: 'power', step: 'power_on' },
      { interface: 'deploy', step: 'hold' },
      { interface: 'deploy', step: 'wait', args: { seconds: 0 } },
      // Reserved steps only: with disable_ramdisk a step that needs the agent (fake's BIOS steps do) is refused.
      { interface: 'power', step: 'power_off' },
    ];
    expect((await provision(node.uuid, { target: 'clean', clean_steps: steps, disable_ramdisk: true })).statusCode).toBe(202);
    await settle(node.uuid, 'clean hold');
    expect(await shown(node.uuid)).toMatchObject({
      provision_state: 'clean hold',
      target_provision_state: 'manageable',
      clean_step: { interface: 'deploy', step: 'hold' },
      power_state: 'power on',
      last_error: null,
    });

    // unhold is checked after the state, and needs 1.85 only in a hold state.
    expect((await provision(node.uuid, { target: 'unhold' }, '1.84')).statusCode).toBe(406);
    const reply = await provision(node.uuid, { target: 'unhold' });
    expect(reply.statusCode).toBe(202);
    expect(await settle(node.uuid, 'clean wait')).toMatchObject({ target_provision_state: 'manageable' });

    // The agent, still up, looks the node up and heartbeats: cleaning goes on after the hold.
    const token = (await api.request('GET', `/v1/lookup?node_uuid=${node.uuid}`, { version: '1.85' })).json().config.agent_token;
    const beat = await api.request('POST', `/v1/heartbeat/${node.uuid}`, { version: '1.85', body: { callback_url: 'http://10.0.0.7:9999', agent_token: token, agent_version: '10.0.0' } });
    expect(beat.statusCode).toBe(202);
    expect(await settle(node.uuid, 'manageable')).toMatchObject({ target_provision_state: null, clean_step: {}, last_error: null });
  });

  it('aborts a clean hold into clean failed, naming the step as Ironic does', async () => {
    const node = await nodeIn('manageable');
    expect((await provision(node.uuid, { target: 'clean', clean_steps: [{ interface: 'deploy', step: 'hold' }] })).statusCode).toBe(202);
    await settle(node.uuid, 'clean hold');
    expect((await provision(node.uuid, { target: 'abort' })).statusCode).toBe(202);
    expect(await settle(node.uuid, 'clean failed')).toMatchObject({
      target_provision_state: 'manageable',
      last_error: 'By request, the clean operation was aborted during or after the completion of step "deploy.hold"',
    });
  });

  it('holds a deployment at a user deploy step; abort ends it in deploy failed with the deploy state wiped', async () => {
    const node = await nodeIn('available');
    const deploySteps = [{ interface: 'deploy', step: 'hold', args: {}, priority: 10 }];
    expect((await provision(node.uuid, { target: 'active', deploy_steps: deploySteps })).statusCode).toBe(202);
    const held = await settle(node.uuid, 'deploy hold');
    expect(held).toMatchObject({ target_provision_state: 'active', deploy_step: { interface: 'deploy', step: 'hold', priority: 10 } });
    expect((await provision(node.uuid, { target: 'abort' })).statusCode).toBe(202);
    const failed = await settle(node.uuid, 'deploy failed');
    expect(failed).toMatchObject({
      target_provision_state: 'active',
      deploy_step: {},
      last_error: 'By request, the deploy operation was aborted during or after the completion of step "deploy.hold"',
    });
    expect(failed.driver_internal_info.deploy_steps).toBeNull();
  });

  it('runs reserved power steps in a manual clean without a driver method', async () => {
    const node = await nodeIn('manageable');
    const steps = [{ interface: 'power', step: 'power_on' }, { interface: 'power', step: 'reboot' }, { interface: 'power', step: 'power_off' }];
    expect((await provision(node.uuid, { target: 'clean', clean_steps: steps })).statusCode).toBe(202);
    expect(await settle(node.uuid, 'manageable')).toMatchObject({ power_state: 'power off', last_error: null, clean_step: {} });
  });

  it('refuses unhold outside a hold state as any action the state does not take (400), at any version', async () => {
    const node = await nodeIn('manageable');
    for (const version of ['1.84', '1.85']) {
      const reply = await provision(node.uuid, { target: 'unhold' }, version);
      expect(reply.statusCode).toBe(400);
      expect(api.error(reply).faultstring).toBe(`The requested action "unhold" can not be performed on node "${node.uuid}" while it is in state "manageable".`);
    }
  });
});
