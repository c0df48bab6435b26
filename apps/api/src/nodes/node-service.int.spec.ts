import { ApiHarness, startApiHarness, until } from '../testing/api-harness';

/**
 * API 1.87 (Ironic 23.0): the `service` verb runs service steps on an active node and returns it to `active`;
 * `service wait`, `service hold` and `service failed` on the way. API, conductor and database as one harness,
 * fake hardware (whose vendor interface has Ironic's fake service steps).
 */
describe('servicing (1.87)', () => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await startApiHarness();
  });
  afterAll(() => api.close());

  const provision = (ident: string, body: unknown, version = '1.87') => api.request('PUT', `/v1/nodes/${ident}/states/provision`, { body, version });
  const read = (uuid: string) => api.db.repos.nodes.getByIdent(uuid);
  const settle = async (uuid: string, state: string) => {
    await until(async () => {
      const node = await read(uuid);
      return node.provision_state === state && node.reservation === null;
    });
    return read(uuid);
  };
  const activeNode = async () => {
    const node = await api.createNode();
    for (const [target, state] of [['manage', 'manageable'], ['provide', 'available'], ['active', 'active']]) {
      expect((await provision(node.uuid, { target })).statusCode).toBe(202);
      await settle(node.uuid, state);
    }
    return node;
  };
  const LOG = { interface: 'vendor', step: 'log_passthrough' };

  it('runs the service steps on an active node and returns it to active, service_step shown from 1.87', async () => {
    const node = await activeNode();
    expect((await provision(node.uuid, { target: 'service', service_steps: [LOG] }, '1.86')).statusCode).toBe(406);
    const missing = await provision(node.uuid, { target: 'service' });
    expect([missing.statusCode, api.error(missing).faultstring]).toEqual([400, '"service_steps" is required when setting target provision state to service']);
    const wrongVerb = await provision(node.uuid, { target: 'rebuild', service_steps: [LOG] });
    expect([wrongVerb.statusCode, api.error(wrongVerb).faultstring]).toEqual([400, '"service_steps" is only valid when setting target provision state to service']);

    const reply = await provision(node.uuid, { target: 'service', service_steps: [LOG] });
    expect(reply.statusCode).toBe(202);
    const done = await settle(node.uuid, 'active');
    expect(done).toMatchObject({ target_provision_state: null, last_error: null, service_step: {}, maintenance: false });
    expect(done.driver_internal_info.service_steps).toBeNull();
    const shown = (await api.request('GET', `/v1/nodes/${node.uuid}`, { version: '1.87' })).json();
    expect(shown.service_step).toEqual({});
    expect((await api.request('GET', `/v1/nodes/${node.uuid}`, { version: '1.86' })).json()).not.toHaveProperty('service_step');
  });

  it('waits in service wait for a step that asks for it; abort there fails it, abort again returns it to active', async () => {
    const node = await activeNode();
    expect((await provision(node.uuid, { target: 'service', service_steps: [{ interface: 'vendor', step: 'trigger_servicewait' }] })).statusCode).toBe(202);
    const waiting = await settle(node.uuid, 'service wait');
    expect(waiting).toMatchObject({ target_provision_state: 'active', service_step: { interface: 'vendor', step: 'trigger_servicewait' } });
    expect((await provision(node.uuid, { target: 'abort' })).statusCode).toBe(202);
    expect(await settle(node.uuid, 'service failed')).toMatchObject({
      target_provision_state: 'active',
      service_step: {},
      last_error: 'By request, the service operation was aborted during or after the completion of step "vendor.trigger_servicewait"',
    });
    expect((await provision(node.uuid, { target: 'abort' })).statusCode).toBe(202);
    expect(await settle(node.uuid, 'active')).toMatchObject({ target_provision_state: null });
  });

  it('parks at a hold step; unhold goes straight on with the steps after it', async () => {
    const node = await activeNode();
    expect((await provision(node.uuid, { target: 'service', service_steps: [{ interface: 'deploy', step: 'hold' }, LOG] })).statusCode).toBe(202);
    expect(await settle(node.uuid, 'service hold')).toMatchObject({ target_provision_state: 'active', service_step: { interface: 'deploy', step: 'hold' } });
    expect((await provision(node.uuid, { target: 'unhold' })).statusCode).toBe(202);
    expect(await settle(node.uuid, 'active')).toMatchObject({ service_step: {}, last_error: null });
  });

  it("fails a step the node does not have with Ironic's words, without maintenance, and takes a retry from service failed", async () => {
    const node = await activeNode();
    const bogus = { interface: 'bios', step: 'no_such_step' };
    expect((await provision(node.uuid, { target: 'service', service_steps: [bogus] })).statusCode).toBe(202);
    const failed = await settle(node.uuid, 'service failed');
    expect(failed).toMatchObject({
      target_provision_state: 'active',
      maintenance: false,
      last_error: `Cannot service node ${node.uuid}: node does not support this service step: {'interface': 'bios', 'step': 'no_such_step'}`,
    });
    // A failed service can be serviced again (and succeed), as in Ironic.
    expect((await provision(node.uuid, { target: 'service', service_steps: [LOG] })).statusCode).toBe(202);
    expect(await settle(node.uuid, 'active')).toMatchObject({ last_error: null });
  });

  it('refuses service outside active, service hold and service failed as any action the state does not take', async () => {
    const node = await api.createNode();
    const reply = await provision(node.uuid, { target: 'service', service_steps: [LOG] });
    expect(reply.statusCode).toBe(400);
    expect(api.error(reply).faultstring).toBe(`The requested action "service" can not be performed on node "${node.uuid}" while it is in state "enroll".`);
  });
});
