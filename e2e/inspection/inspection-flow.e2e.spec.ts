import { DeleteNode, ProvisionNode } from '@ferrum/contracts';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InspectorHarness, inspectionPayload, randomMac } from './inspector-harness';

/**
 * In-band inspection across conductor and inspector (in one process, on the test database and bus):
 * the conductor's inspector interface starts introspection, a "ramdisk" posts to /v1/continue, the node
 * comes back to manageable with properties and ports.
 */
describe('in-band inspection through the inspector', () => {
  const h = new InspectorHarness();
  const logsDir = mkdtempSync(join(tmpdir(), 'ferrum-ramdisk-logs-'));
  beforeAll(() => h.start({ FERRUM_INSPECTOR_RAMDISK_LOGS_DIR: logsDir }), 60_000);
  afterAll(async () => {
    await h.stop();
    rmSync(logsDir, { recursive: true, force: true });
  });
  const logsOf = (uuid: string) => readdirSync(logsDir).filter((f) => f.startsWith(`${uuid}_`));

  const inspect = async (uuid: string) => {
    await h.call(ProvisionNode, { node_uuid: uuid, event: 'inspect', params: {} });
    await h.untilIntrospection(uuid, 'waiting');
    return h.until(uuid, (n) => n.provision_state === 'inspect wait' && !n.reservation);
  };

  it('inspects a manageable node: properties from the inventory, ports for its NICs, back to manageable', async () => {
    const [pxe, second] = [randomMac(), randomMac()];
    const node = await h.manageableNode({ macs: [pxe] });
    await inspect(node.uuid);
    // The inspector marks the run waiting before it boots the node (a fast ramdisk may call back before
    // the reboot returns), and the reboot then queues for the node's lock: wait for it rather than race it.
    const waiting = await h.until(node.uuid, (n) => n.power_state === 'power on' && !n.reservation);
    expect(waiting.provision_state).toBe('inspect wait');

    const before = h.inspectorCalls.length;
    const res = await h.http('POST', '/v1/continue', inspectionPayload([{ name: 'eth0', mac: pxe }, { name: 'eth1', mac: second }]));
    expect(res).toMatchObject({ status: 200, body: { uuid: node.uuid } });
    // Properties and a new port: one call to the conductor, one lock (the power-off and the report of the
    // end come after the reply, in the background).
    const calls = h.inspectorCalls.slice(before).map((s) => s.replace(/^.*\.conductor\.[^.]+\./, ''));
    expect(calls.filter((c) => !['node.set-power.v1', 'node.inspection-finished.v1'].includes(c))).toEqual(['node.apply-inspection.v1']);

    const done = await h.until(node.uuid, (n) => n.provision_state === 'manageable' && !n.reservation);
    expect(done.last_error).toBeNull();
    expect(done.inspection_finished_at).not.toBeNull();
    expect(done.properties).toMatchObject({ cpus: '8', memory_mb: '16384', cpu_arch: 'x86_64', local_gb: '99' });
    expect((done.properties.capabilities as string).split(',').sort()).toEqual(['cpu_aes:true', 'cpu_hugepages:true', 'cpu_vt:true']);
    await h.until(node.uuid, (n) => n.power_state === 'power off');

    const status = await h.http('GET', `/v1/introspection/${node.uuid}`);
    expect(status.body).toMatchObject({ uuid: node.uuid, state: 'finished', finished: true, error: null });
    const data = await h.http('GET', `/v1/introspection/${node.uuid}/data`);
    expect(data.status).toBe(200);
    expect(data.body).toMatchObject({ cpus: 8, memory_mb: 16384, local_gb: 99, macs: [pxe] });
    expect(data.body.logs).toBeUndefined();
    // Logs are kept only for failures (FERRUM_INSPECTOR_ALWAYS_STORE_RAMDISK_LOGS is off).
    expect(logsOf(node.uuid)).toEqual([]);
  });

  it('is ready for the callback when a start without managed boot returns: a ramdisk that calls back at once is found', async () => {
    // Without managed boot the caller powers the node on next (the conductor does, for virtual media): the
    // MACs must be lookup attributes by then, or a fast ramdisk is answered 404 and never tries again.
    const mac = randomMac();
    const node = await h.manageableNode({ macs: [mac] });
    expect((await h.http('POST', `/v1/introspection/${node.uuid}?manage_boot=false`)).status).toBe(202);
    const res = await h.http('POST', '/v1/continue', inspectionPayload([{ name: 'eth0', mac }]));
    expect(res).toMatchObject({ status: 200, body: { uuid: node.uuid } });
    await h.untilIntrospection(node.uuid, 'finished');
    expect((await h.http('GET', `/v1/introspection/${node.uuid}`)).body).toMatchObject({ finished: true, error: null });
  });

  it('keeps the properties an operator set unless overwrite_existing is on (Ferrum default: off)', async () => {
    const mac = randomMac();
    const node = await h.manageableNode({ macs: [mac], properties: { cpus: '2', memory_mb: '1024' } });
    await inspect(node.uuid);
    await h.http('POST', '/v1/continue', inspectionPayload([{ name: 'eth0', mac }]));
    const done = await h.until(node.uuid, (n) => n.provision_state === 'manageable' && !n.reservation);
    expect(done.properties).toMatchObject({ cpus: '2', memory_mb: '1024', cpu_arch: 'x86_64', local_gb: '99' });
  });

  it('answers the callback of a ramdisk that reported an error with 400 and fails the node with that error', async () => {
    const mac = randomMac();
    const node = await h.manageableNode({ macs: [mac] });
    await inspect(node.uuid);
    const res = await h.http('POST', '/v1/continue', inspectionPayload([{ name: 'eth0', mac }], { error: 'disk controller on fire' }));
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain('Ramdisk reported error: disk controller on fire');
    const failed = await h.until(node.uuid, (n) => n.provision_state === 'inspect failed');
    expect(failed.last_error).toContain('Ramdisk reported error: disk controller on fire');
    expect((await h.http('GET', `/v1/introspection/${node.uuid}`)).body).toMatchObject({ state: 'error', finished: true });
    const [file] = logsOf(node.uuid);
    expect(file).toMatch(/_\d{8}-\d{6}\.\d{6}\.tar\.gz$/);
    expect(readFileSync(join(logsDir, file))).toEqual(Buffer.from(inspectionPayload([]).logs, 'base64'));
  });

  it('fails a node whose ramdisk never calls back once the introspection times out', async () => {
    const mac = randomMac();
    const node = await h.manageableNode({ macs: [mac] });
    await inspect(node.uuid);
    // Backdate the run instead of waiting an hour.
    await h.db.repos.dataSource.query(`UPDATE introspection_nodes SET started_at = now() - interval '2 hours' WHERE uuid = $1`, [node.uuid]);
    expect(await h.inspector.sweepTimeouts()).toContain(node.uuid);
    const failed = await h.until(node.uuid, (n) => n.provision_state === 'inspect failed');
    expect(failed.last_error).toContain('Introspection timeout');
  });

  it('aborts an inspection from the Ironic side: inspect failed, the inspector row canceled, the node powered off', async () => {
    const mac = randomMac();
    const node = await h.manageableNode({ macs: [mac] });
    await inspect(node.uuid);
    await h.call(ProvisionNode, { node_uuid: node.uuid, event: 'abort', params: {} });
    await h.until(node.uuid, (n) => n.provision_state === 'inspect failed' && !n.reservation);
    await h.untilIntrospection(node.uuid, 'error');
    expect((await h.http('GET', `/v1/introspection/${node.uuid}`)).body.error).toBe('Canceled by operator');
    // The power-off clears last_error (as every power request does); the inspector's report puts the reason back.
    const off = await h.until(node.uuid, (n) => n.power_state === 'power off' && !n.target_power_state && !!n.last_error);
    expect(off.last_error).toMatch(/aborted|Canceled by operator/);
    // The ramdisk calling back late is refused.
    expect((await h.http('POST', '/v1/continue', inspectionPayload([{ name: 'eth0', mac }]))).status).toBe(400);
  });

  it('moves a node out of inspect wait by the conductor poll when the report was lost', async () => {
    const mac = randomMac();
    const node = await h.manageableNode({ macs: [mac] });
    await inspect(node.uuid);
    // The inspector's reboot of the node queues for its lock; a poll that finds the node locked skips it.
    await h.until(node.uuid, (n) => n.power_state === 'power on' && !n.reservation);
    // The inspector finished but the conductor never heard: simulate by finishing the row directly.
    await h.db.repos.introspections.transition(node.uuid, 'process');
    await h.db.repos.introspections.transition(node.uuid, 'finish');
    expect(await h.conductor.runPeriodic('inspection-status')).toContain(node.uuid);
    expect((await h.node(node.uuid)).provision_state).toBe('manageable');
  });

  it('refuses a callback from a machine nobody is inspecting when discovery is off, writing nothing', async () => {
    const counts = () =>
      h.db.repos.dataSource.query(
        `SELECT (SELECT count(*)::int FROM nodes) AS nodes, (SELECT count(*)::int FROM ports) AS ports, (SELECT count(*)::int FROM introspection_nodes) AS runs,
                (SELECT count(*)::int FROM introspection_data) AS data, (SELECT count(*)::int FROM introspection_discovery_claims) AS claims`,
      );
    const before = await counts();
    const res = await h.http('POST', '/v1/continue', inspectionPayload([{ name: 'eth0', mac: randomMac() }]));
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain('Could not find a node for attributes');
    expect(await counts()).toEqual(before);
  });

  it('forgets the introspection of a node deleted since, at the next clean-up pass', async () => {
    const mac = randomMac();
    const node = await h.manageableNode({ macs: [mac] });
    await inspect(node.uuid);
    await h.http('POST', '/v1/continue', inspectionPayload([{ name: 'eth0', mac }]));
    await h.until(node.uuid, (n) => n.provision_state === 'manageable' && !n.reservation);
    await h.untilIntrospection(node.uuid, 'finished');
    await h.call(DeleteNode, { node_uuid: node.uuid });
    await h.inspector.sweepTimeouts();
    expect((await h.http('GET', `/v1/introspection/${node.uuid}`)).status).toBe(404);
    expect((await h.http('GET', `/v1/introspection/${node.uuid}/data`)).status).toBe(404);
  });

  it('fails a node the ramdisk could never be matched to (no ports, no BMC address) with the reason', async () => {
    const node = await h.manageableNode({ macs: [] });
    await h.call(ProvisionNode, { node_uuid: node.uuid, event: 'inspect', params: {} });
    const failed = await h.until(node.uuid, (n) => n.provision_state === 'inspect failed' && !n.reservation);
    expect(failed.last_error).toContain('No lookup attributes were found');
  });
});
