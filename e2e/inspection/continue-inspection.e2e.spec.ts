import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ProvisionNode } from '@ferrum/contracts';
import { InspectorHarness, inspectionPayload, randomMac } from './inspector-harness';

/**
 * Ironic's ramdisk callback, POST /v1/continue_inspection on the API, forwarded to the inspector service:
 * its checks, its answers, and the two doors into the one engine (the run's inspect interface decides the
 * processing, the door only the answer). API, conductor and inspector in one process, on the test bus.
 */
describe('POST /v1/continue_inspection', () => {
  const h = new InspectorHarness();
  beforeAll(() => h.start({}, true, true), 60_000);
  afterAll(() => h.stop());

  const waiting = async (inspectInterface: 'agent' | 'inspector', macs: string[]) => {
    const node = await h.manageableNode({ macs, inspectInterface, properties: { cpus: 2 } });
    await h.call(ProvisionNode, { node_uuid: node.uuid, event: 'inspect', params: {} });
    await h.untilIntrospection(node.uuid, 'waiting');
    await h.until(node.uuid, (n) => n.provision_state === 'inspect wait' && n.power_state === 'power on' && !n.reservation);
    return node;
  };
  const fault = (body: any) => JSON.parse(body.error_message).faultstring as string;

  it("processes an agent interface's run with Ironic's default hooks: 202 {uuid}, cpu_arch and the PXE port, the inventory stored", async () => {
    const [pxe, other] = [randomMac(), randomMac()];
    const node = await waiting('agent', [pxe]);
    const before = h.inspectorCalls.length;
    const res = await h.apiRequest('POST', '/v1/continue_inspection', inspectionPayload([{ name: 'eth0', mac: pxe }, { name: 'eth1', mac: other }]));
    expect(res).toEqual({ status: 202, body: { uuid: node.uuid } });
    // One call (one lock) saves the hooks' result; the power-off and the report of the end follow.
    const calls = h.inspectorCalls.slice(before).map((s) => s.replace(/^.*\.conductor\.[^.]+\./, ''));
    expect(calls.filter((c) => !['node.set-power.v1', 'node.inspection-finished.v1'].includes(c))).toEqual(['node.apply-inspection.v1']);

    const done = await h.until(node.uuid, (n) => n.provision_state === 'manageable' && !n.reservation);
    expect(done.last_error).toBeNull();
    // ramdisk-error, validate-interfaces, ports, architecture: only cpu_arch is a property; the operator's cpus stays.
    expect(done.properties).toEqual({ cpus: 2, cpu_arch: 'x86_64' });
    const ports = await h.db.repos.ports.list({ node_id: done.id }, { limit: 10, sortKey: 'id', sortDir: 'asc' });
    // add_ports=pxe: only the boot NIC gets a port.
    expect(ports.map((p) => [p.address, p.pxe_enabled])).toEqual([[pxe, true]]);

    const inventory = await h.apiRequest('GET', `/v1/nodes/${node.uuid}/inventory`, undefined, '1.81');
    expect(inventory.status).toBe(200);
    expect(inventory.body.inventory.interfaces.map((i: { mac_address: string }) => i.mac_address)).toEqual([pxe, other]);
    expect(inventory.body.plugin_data).toMatchObject({ macs: [pxe], error: null, boot_interface: `01-${pxe.replace(/:/g, '-')}` });
    expect(Object.keys(inventory.body.plugin_data.all_interfaces)).toEqual(['eth0', 'eth1']);
    expect(inventory.body.plugin_data.all_interfaces.eth0).toMatchObject({ mac_address: pxe, pxe_enabled: true });
    expect(Object.keys(inventory.body.plugin_data.valid_interfaces)).toEqual(['eth0']);
    expect(inventory.body.plugin_data.logs).toBeUndefined();
    await h.until(node.uuid, (n) => n.power_state === 'power off');
  });

  it('takes the same data posted several times at once (a ramdisk retrying a slow request): one is processed, the others are told to retry, and the inspection ends well', async () => {
    const mac = randomMac();
    const node = await waiting('agent', [mac]);
    const answers = await Promise.all(Array.from({ length: 4 }, () => h.apiRequest('POST', '/v1/continue_inspection', inspectionPayload([{ name: 'eth0', mac }]))));
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses.filter((s) => s === 202)).toEqual([202]);
    // The others: "being processed, please retry later" (409); once it was, the node is no longer waiting for data
    // (404, as Ironic answers a late callback) or its run is over (400).
    for (const a of answers.filter((x) => x.status !== 202)) expect({ status: a.status, fault: fault(a.body) }).toEqual({ status: a.status, fault: expect.stringMatching(/being processed, please retry later|already processed|Resource could not be found/) });
    const done = await h.until(node.uuid, (n) => n.provision_state === 'manageable' && !n.reservation);
    expect(done.last_error).toBeNull();
  });

  it("answers the ramdisk 202 when its data reports an error, and fails the node with Ironic's words", async () => {
    const mac = randomMac();
    const node = await waiting('agent', [mac]);
    const res = await h.apiRequest('POST', '/v1/continue_inspection', inspectionPayload([{ name: 'eth0', mac }], { error: 'disk on fire' }));
    expect(res).toEqual({ status: 202, body: { uuid: node.uuid } });
    const failed = await h.until(node.uuid, (n) => n.provision_state === 'inspect failed' && !n.reservation);
    expect(failed.last_error).toBe('Failed to finish inspection: Failed to inspect hardware. Reason: failed to run inspection hooks: Failed to inspect hardware. Reason: Ramdisk reported error: disk on fire');
  });

  it("the inspector's door /v1/continue takes an agent run's data too: Ironic's processing, ironic-inspector's answer", async () => {
    const mac = randomMac();
    const node = await waiting('agent', [mac]);
    const res = await h.http('POST', '/v1/continue', inspectionPayload([{ name: 'eth0', mac }]));
    expect(res).toMatchObject({ status: 200, body: { uuid: node.uuid } });
    const done = await h.until(node.uuid, (n) => n.provision_state === 'manageable' && !n.reservation);
    expect(done.properties).toEqual({ cpus: 2, cpu_arch: 'x86_64' });
  });

  it("Ironic's door takes an inspector run's data: ironic-inspector's hooks (strings, capabilities, local_gb), Ironic's answer", async () => {
    const mac = randomMac();
    const node = await waiting('inspector', [mac]);
    const res = await h.apiRequest('POST', '/v1/continue_inspection', inspectionPayload([{ name: 'eth0', mac }]));
    expect(res).toEqual({ status: 202, body: { uuid: node.uuid } });
    const done = await h.until(node.uuid, (n) => n.provision_state === 'manageable' && !n.reservation);
    expect(done.properties).toMatchObject({ cpus: 2, memory_mb: '16384', cpu_arch: 'x86_64', local_gb: '99' });
  });

  it('tells an unknown machine nothing but 404, and writes nothing', async () => {
    const nodes = (await h.db.repos.nodes.list({}, { limit: 1000, sortKey: 'id', sortDir: 'asc' })).length;
    const res = await h.apiRequest('POST', '/v1/continue_inspection', inspectionPayload([{ name: 'eth0', mac: randomMac() }]));
    expect(res).toMatchObject({ status: 404 });
    expect(fault(res.body)).toBe('Resource could not be found.');
    expect((await h.db.repos.nodes.list({}, { limit: 1000, sortKey: 'id', sortDir: 'asc' })).length).toBe(nodes);
  });

  it.each([
    ['a body that is not an object', [1, 2], "Schema error for data: [1, 2] is not of type 'object'"],
    ['no inventory', { cpus: 1 }, "Schema error for data: 'inventory' is a required property"],
    ['no interfaces', { inventory: { interfaces: [] } }, 'Schema error for data: [] is too short'],
    ['an interface without a MAC', { inventory: { interfaces: [{ name: 'eth0' }] } }, "Schema error for data: 'mac_address' is a required property"],
  ])("refuses %s with Ironic's schema error (400)", async (_what, body, message) => {
    const res = await h.apiRequest('POST', '/v1/continue_inspection', body);
    expect(res.status).toBe(400);
    expect(fault(res.body)).toBe(message);
  });

  it('refuses data with nothing to look the machine up by (400)', async () => {
    const res = await h.apiRequest('POST', '/v1/continue_inspection', { inventory: { interfaces: [{ name: 'eth0', mac_address: 'not-a-mac' }] } });
    expect(res.status).toBe(400);
    expect(fault(res.body)).toBe('No lookup information provided');
  });

  it('is served at the base version and from 1.84, not between; node_uuid needs 1.84', async () => {
    const body = inspectionPayload([{ name: 'eth0', mac: randomMac() }]);
    const between = await h.apiRequest('POST', '/v1/continue_inspection', body, '1.81');
    expect(between.status).toBe(404);
    expect(fault(between.body)).toBe('API version 1.84 or newer is required');
    const withUuid = await h.apiRequest('POST', '/v1/continue_inspection?node_uuid=1be26c0b-03f2-4d2e-ae87-c02d7f33c123', body, '1.1');
    expect(withUuid.status).toBe(404);
    expect(fault(withUuid.body)).toBe('API version 1.84 or newer is required');
    // From 1.84 the node may be named, and an unknown one is not found.
    const unknown = await h.apiRequest('POST', '/v1/continue_inspection?node_uuid=1be26c0b-03f2-4d2e-ae87-c02d7f33c123', body, '1.84');
    expect(unknown.status).toBe(404);
    expect(fault(unknown.body)).toBe('Resource could not be found.');
  });

  it("at 1.84 answers as a lookup does (Ironic's get_node_with_token): the node's lookup fields with links, and the agent config with a new token", async () => {
    const mac = randomMac();
    const node = await waiting('agent', [mac]);
    const res = await h.apiRequest('POST', `/v1/continue_inspection?node_uuid=${node.uuid}`, inspectionPayload([{ name: 'eth0', mac }]), '1.84');
    expect(res.status).toBe(202);
    expect(Object.keys(res.body).sort()).toEqual(['config', 'node']);
    expect(Object.keys(res.body.node).sort()).toEqual(['driver_internal_info', 'instance_info', 'links', 'properties', 'uuid']);
    expect(res.body.node.uuid).toBe(node.uuid);
    expect(res.body.node.links.map((l: { rel: string }) => l.rel)).toEqual(['self', 'bookmark']);
    // The token is shown this once; the node keeps only its hash, and the answer masks it.
    const token = res.body.config.agent_token as string;
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(res.body.config).toMatchObject({ agent_token_required: true, heartbeat_timeout: expect.any(Number) });
    expect(res.body.node.driver_internal_info.agent_secret_token).toBe('******');
    const stored = (await h.db.repos.nodes.getByIdent(node.uuid)).driver_internal_info.agent_secret_token;
    expect(stored).toBe(`sha256:${createHash('sha256').update(token).digest('hex')}`);
    const done = await h.until(node.uuid, (n) => n.provision_state === 'manageable' && !n.reservation);
    expect(done.properties).toEqual({ cpus: 2, cpu_arch: 'x86_64' });
  });
});

describe('auto-discovery through POST /v1/continue_inspection', () => {
  const h = new InspectorHarness();
  beforeAll(() => h.start({ FERRUM_AUTO_DISCOVERY_ENABLED: 'true' }, true, true), 60_000);
  afterAll(() => h.stop());

  it('enrolls an unknown machine as exactly one node with its port, under 20 concurrent identical callbacks', async () => {
    const [pxe, other] = [randomMac(), randomMac()];
    const payload = inspectionPayload([{ name: 'eth0', mac: pxe }, { name: 'eth1', mac: other }]);
    const replies = await Promise.all(Array.from({ length: 20 }, () => h.apiRequest('POST', '/v1/continue_inspection', payload)));
    const statuses = replies.map((r) => r.status);
    // The first enrolls it; the others are told to retry (409) while it is enrolled and processed, as the agent
    // does, or — arriving after it was processed — find its ports taken by the new node (404, nothing enrolled).
    expect(statuses.filter((s) => s === 202)).toHaveLength(1);
    expect(replies.filter((r) => ![202, 409, 404].includes(r.status))).toEqual([]);
    const uuid = replies.find((r) => r.status === 202)!.body.uuid as string;

    const nodes = await h.db.repos.nodes.list({}, { limit: 1000, sortKey: 'id', sortDir: 'asc' });
    expect(nodes.map((n) => n.uuid)).toEqual([uuid]);
    const node = await h.until(uuid, (n) => !n.reservation);
    expect(node).toMatchObject({ provision_state: 'enroll', driver: 'fake-hardware', inspect_interface: 'agent', last_error: null });
    expect(node.properties).toEqual({ cpu_arch: 'x86_64' });
    const ports = await h.db.repos.ports.list({ node_id: node.id }, { limit: 10, sortKey: 'id', sortDir: 'asc' });
    expect(ports.map((p) => p.address)).toEqual([pxe]);

    // The machine calls again later (a retry after its node exists): known ports, nothing enrolled twice.
    expect((await h.apiRequest('POST', '/v1/continue_inspection', payload)).status).toBe(404);
    expect(await h.db.repos.nodes.list({}, { limit: 1000, sortKey: 'id', sortDir: 'asc' })).toHaveLength(1);
  });
});

describe("Ironic's inspection rules on the agent interface's runs (built-in rules file)", () => {
  const h = new InspectorHarness();
  const dir = mkdtempSync(join(tmpdir(), 'ferrum-rules-'));
  beforeAll(() => {
    writeFileSync(
      join(dir, 'rules.yaml'),
      `
- description: tag x86 machines
  priority: 10
  conditions:
    - op: eq
      args: { values: ["{inventory[cpu][architecture]}", "x86_64"] }
  actions:
    - op: add-trait
      args: { name: CUSTOM_X86 }
    - op: set-capability
      args: { name: cpu_family, value: "{inventory[cpu][model_name]}" }
    - op: set-attribute
      args: { path: /extra/vendor, value: "{inventory[system_vendor][manufacturer]}" }
- description: refuse broken machines
  conditions:
    - op: eq
      args: { values: ["{inventory[system_vendor][product_name]}", "Broken"] }
  actions:
    - op: fail
      args: { msg: "this machine is broken" }
`,
    );
    return h.start({ FERRUM_INSPECTION_BUILT_IN_RULES: join(dir, 'rules.yaml') }, true, true);
  }, 60_000);
  afterAll(async () => {
    await h.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const inspectWith = async (payload: Record<string, unknown>, mac: string) => {
    const node = await h.manageableNode({ macs: [mac], inspectInterface: 'agent' });
    await h.call(ProvisionNode, { node_uuid: node.uuid, event: 'inspect', params: {} });
    await h.untilIntrospection(node.uuid, 'waiting');
    expect((await h.apiRequest('POST', '/v1/continue_inspection', payload)).status).toBe(202);
    return h.until(node.uuid, (n) => ['manageable', 'inspect failed'].includes(n.provision_state) && !n.reservation);
  };

  it('a matching rule adds its trait, capability and attribute with the hooks\' results, in the same save', async () => {
    const mac = randomMac();
    const done = await inspectWith(inspectionPayload([{ name: 'eth0', mac }]), mac);
    expect(done).toMatchObject({ provision_state: 'manageable', last_error: null, traits: ['CUSTOM_X86'], extra: { vendor: 'Ferrum' } });
    expect(done.properties).toEqual({ cpu_arch: 'x86_64', capabilities: 'cpu_family:Test CPU' });
  });

  it("a rule's fail action fails the inspection with its message, after the hooks' results are saved", async () => {
    const mac = randomMac();
    const payload = inspectionPayload([{ name: 'eth0', mac }]);
    (payload.inventory.system_vendor as Record<string, string>).product_name = 'Broken';
    const failed = await inspectWith(payload, mac);
    expect(failed.provision_state).toBe('inspect failed');
    expect(failed.last_error).toBe('Failed to finish inspection: Failed to inspect hardware. Reason: this machine is broken');
    expect(failed.properties.cpu_arch).toBe('x86_64');
  });
});
