import { IpmiSim, startIpmiSim } from '@ferrum/testing';
import { ApiHarness, startApiHarness, until } from '../testing/api-harness';

// Private port range for this file; the simulator's state files prove what each BMC saw.
const BASE = 17400;
const COUNT = 100;
const SECRET = 'password';
/**
 * The 101 BMCs are served by 5 simulator processes (4 × 25, and BASE + COUNT alone): one Python process
 * serving all of them fell behind under CI's load (the other Jest worker busy beside it) during the
 * 100-at-once storm, and then answered no BMC at all for minutes, failing every test after it.
 */
const PER_PROCESS = 25;

describe('ipmi nodes through the API against simulated BMCs', () => {
  let sims: IpmiSim[] = [];
  /** The simulator serving `port`, as one: its state files and, for failure messages, every process's log. */
  const sim = {
    state: (port: number) => sims.find((s) => port >= s.basePort && port < s.basePort + s.count)!.state(port),
    diagnose: () => sims.map((s) => s.diagnose()).join('\n'),
  };
  let api: ApiHarness;

  beforeAll(async () => {
    const ranges = [...Array.from({ length: COUNT / PER_PROCESS }, (_, i) => [BASE + i * PER_PROCESS, PER_PROCESS]), [BASE + COUNT, 1]];
    sims = await Promise.all(ranges.map(([base, count]) => startIpmiSim(count, base)));
    api = await startApiHarness({
      env: {
        FERRUM_ENABLED_HARDWARE_TYPES: 'ipmi',
        FERRUM_IPMI_MIN_COMMAND_INTERVAL_MS: '100',
        // Generous waits: on a loaded 2-core machine (CI runs the multi-process suites beside this file) the
        // simulators answer slowly, and an ipmitool that gives up mid-session only adds to their load.
        // Ironic's default retry budget (60 s) of short attempts: a slow simulator is asked again, not given up on.
        FERRUM_IPMI_ATTEMPT_TIMEOUT_S: '3',
        FERRUM_IPMI_COMMAND_RETRY_TIMEOUT_S: '60',
        FERRUM_IPMI_MAX_PARALLEL: '8',
        FERRUM_POWER_STATE_CHANGE_TIMEOUT_S: '30',
        FERRUM_WORKERS_POOL_SIZE: '200',
        FERRUM_SYNC_POWER_STATE_INTERVAL_S: '0',
      },
    });
  }, 180_000);
  afterAll(async () => {
    await api?.close();
    await Promise.all(sims.map((s) => s.stop()));
  });

  const ipmiNode = (port: number, info: Record<string, unknown> = {}) =>
    api.createNode({ driver: 'ipmi', driver_info: { ipmi_address: '127.0.0.1', ipmi_port: port, ipmi_username: 'admin', ipmi_password: SECRET, ...info } });
  const node = async (uuid: string) => (await api.request('GET', `/v1/nodes/${uuid}`)).json();
  /** The node the first test enrolled for each BMC port (a list would show only the harness's first 50). */
  const enrolled = new Map<number, string>();

  it('powers on 100 BMCs in parallel with no errors', async () => {
    const nodes = await Promise.all(Array.from({ length: COUNT }, (_, i) => ipmiNode(BASE + i)));
    nodes.forEach((n, i) => enrolled.set(BASE + i, n.uuid as string));
    const replies = await Promise.all(nodes.map((n) => api.request('PUT', `/v1/nodes/${n.uuid}/states/power`, { body: { target: 'power on' } })));
    expect(replies.map((r) => r.statusCode)).toEqual(nodes.map(() => 202));
    // Four Python processes serve the 100 BMCs, so on a loaded 2-core machine the whole batch can take minutes: wait as
    // long as nodes keep finishing, and fail only when none has finished for a minute (a stuck action, not a slow one).
    let done = 0;
    let progressAt = Date.now();
    for (;;) {
      const shown = await Promise.all(nodes.map((n) => node(n.uuid)));
      const finished = shown.filter((n) => n.target_power_state === null).length;
      if (finished === COUNT) break;
      if (finished > done) [done, progressAt] = [finished, Date.now()];
      if (Date.now() - progressAt > 60_000) throw new Error(`stuck at ${finished} of ${COUNT} power actions finished\n${sim.diagnose()}`);
      await new Promise((r) => setTimeout(r, 250));
    }
    const after = await Promise.all(nodes.map((n) => node(n.uuid)));
    const failed = after.filter((n) => n.last_error !== null || n.power_state !== 'power on' || n.reservation !== null);
    if (failed.length) throw new Error(`${failed.length} of ${COUNT} nodes failed, e.g. ${failed[0].last_error}\n${sim.diagnose()}`);
    expect(nodes.map((_, i) => sim.state(BASE + i).power)).toEqual(nodes.map(() => 'on'));
  }, 600_000);

  it('powers off and reboots one node, and sets the boot device persistently in UEFI mode', async () => {
    const port = BASE + 10;
    const n = { uuid: enrolled.get(port)! };
    expect((await api.request('PUT', `/v1/nodes/${n.uuid}/states/power`, { body: { target: 'power off' } })).statusCode).toBe(202);
    await until(async () => (await node(n.uuid)).power_state === 'power off' && (await node(n.uuid)).reservation === null, 30_000);
    expect(sim.state(port).power).toBe('off');
    expect((await api.request('PUT', `/v1/nodes/${n.uuid}/states/power`, { body: { target: 'rebooting' } })).statusCode).toBe(202);
    await until(async () => (await node(n.uuid)).target_power_state === null, 30_000);
    expect(await node(n.uuid)).toMatchObject({ power_state: 'power on', last_error: null });
    expect(sim.state(port).power).toBe('on');

    expect((await api.request('PUT', `/v1/nodes/${n.uuid}/management/boot_device`, { body: { boot_device: 'pxe', persistent: true } })).statusCode).toBe(204);
    expect(sim.state(port)).toMatchObject({ bootdev: 'pxe', persistent: true, uefi: true });
    expect((await api.request('GET', `/v1/nodes/${n.uuid}/management/boot_device`)).json()).toEqual({ boot_device: 'pxe', persistent: true });
    expect((await api.request('GET', `/v1/nodes/${n.uuid}/management/boot_device/supported`)).json()).toEqual({ supported_boot_devices: ['pxe', 'disk', 'cdrom', 'bios', 'safe'] });
    const bad = await api.request('PUT', `/v1/nodes/${n.uuid}/management/boot_device`, { body: { boot_device: 'wanboot', persistent: true } });
    expect(bad.statusCode).toBe(400);

    // inject_nmi is ipmitool's `power diag`: the BMC records a pulsed diagnostic interrupt.
    expect((await api.request('PUT', `/v1/nodes/${n.uuid}/management/inject_nmi`, { body: {} })).statusCode).toBe(204);
    expect(sim.state(port).counts?.nmi).toBe(1);
  }, 60_000);

  it('manage verifies the credentials through the BMC and records its power state', async () => {
    const n = await ipmiNode(BASE + COUNT);
    expect((await api.request('PUT', `/v1/nodes/${n.uuid}/states/provision`, { body: { target: 'manage' } })).statusCode).toBe(202);
    // The flow saves manageable before it gives the lock back: wait for both.
    await until(async () => {
      const shown = await node(n.uuid);
      return shown.provision_state === 'manageable' && shown.reservation === null;
    }, 30_000);
    expect(await node(n.uuid)).toMatchObject({ power_state: 'power off', last_error: null, reservation: null });
    expect(sim.state(BASE + COUNT).counts).toHaveProperty('start');
  }, 60_000);

  it('a wrong password fails manage and power with a clear error, the node unlocked and the password nowhere', async () => {
    const n = await ipmiNode(BASE + COUNT, { ipmi_password: 'Wr0ng-Secret' });
    expect(n.driver_info.ipmi_password).toBe('******');
    await api.request('PUT', `/v1/nodes/${n.uuid}/states/provision`, { body: { target: 'manage' } });
    await until(async () => (await node(n.uuid)).provision_state === 'enroll' && (await node(n.uuid)).reservation === null, 30_000);
    const failed = await node(n.uuid);
    expect(failed.last_error).toMatch(/refused the session: check ipmi_username, ipmi_password/);

    await api.request('PUT', `/v1/nodes/${n.uuid}/states/power`, { body: { target: 'power on' } });
    await until(async () => (await node(n.uuid)).target_power_state === null && (await node(n.uuid)).reservation === null, 30_000);
    const afterPower = await node(n.uuid);
    expect(afterPower.last_error).toMatch(/Failed to change power state to 'power on'.*refused the session/);
    const boot = await api.request('PUT', `/v1/nodes/${n.uuid}/management/boot_device`, { body: { boot_device: 'pxe', persistent: false } });
    expect(boot.statusCode).toBe(500);
    expect(api.error(boot).faultstring).toMatch(/refused the session/);
    for (const text of [JSON.stringify(failed), JSON.stringify(afterPower), boot.body]) expect(text).not.toContain('Wr0ng-Secret');
    expect((await node(n.uuid)).reservation).toBeNull();
  }, 60_000);

  it('an unreachable BMC fails the power action after the retry timeout and leaves no lock', async () => {
    const n = await ipmiNode(BASE + COUNT + 50);
    await api.request('PUT', `/v1/nodes/${n.uuid}/states/power`, { body: { target: 'power on' } });
    await until(async () => (await node(n.uuid)).target_power_state === null, 150_000);
    expect(await node(n.uuid)).toMatchObject({ reservation: null, power_state: null });
    expect((await node(n.uuid)).last_error).toMatch(/No answer from the BMC at 127\.0\.0\.1:17550.*within the 60 s retry timeout/);
  }, 200_000);

  it("offers Ironic's ipmitool vendor methods: send_raw and bmc_reset reach the BMC", async () => {
    const port = BASE + 20;
    const n = await ipmiNode(port);
    expect(n.vendor_interface).toBe('ipmitool');
    const methods = (await api.request('GET', `/v1/nodes/${n.uuid}/vendor_passthru/methods`)).json();
    expect(Object.keys(methods)).toEqual(expect.arrayContaining(['send_raw', 'bmc_reset']));
    const missing = await api.request('POST', `/v1/nodes/${n.uuid}/vendor_passthru/send_raw`, { body: {} });
    expect(missing.statusCode).toBe(400);
    expect(api.error(missing).faultstring).toBe('Parameter raw_bytes (string of bytes) was not specified.');
    expect((await api.request('POST', `/v1/nodes/${n.uuid}/vendor_passthru/send_raw`, { body: { raw_bytes: '0x00 0x08 0x05 0xe0 0x14 0x00 0x00 0x00' } })).statusCode).toBe(202);
    await until(async () => sim.state(port).bootdev === 'cdrom', 30_000);
    expect(sim.state(port)).toMatchObject({ bootdev: 'cdrom', persistent: true, uefi: true });
    await until(async () => (await node(n.uuid)).reservation === null, 30_000);
    expect((await api.request('POST', `/v1/nodes/${n.uuid}/vendor_passthru/bmc_reset`, { body: { warm: false } })).statusCode).toBe(202);
    await until(async () => (sim.state(port).counts?.mc_reset ?? 0) === 1, 30_000);
  }, 60_000);

  it('validate and the driver properties list what ipmi needs', async () => {
    const ok = await ipmiNode(BASE + 1);
    expect((await api.request('GET', `/v1/nodes/${ok.uuid}/validate`)).json()).toMatchObject({ power: { result: true }, management: { result: true } });
    const missing = await api.createNode({ driver: 'ipmi', driver_info: { ipmi_port: 623 } });
    const v = (await api.request('GET', `/v1/nodes/${missing.uuid}/validate`)).json();
    expect(v.power).toEqual({ result: false, reason: "Missing the following IPMI credentials in node's driver_info: ['ipmi_address']." });
    const badPriv = await api.createNode({ driver: 'ipmi', driver_info: { ipmi_address: '127.0.0.1', ipmi_priv_level: 'ROOT' } });
    expect((await api.request('GET', `/v1/nodes/${badPriv.uuid}/validate`)).json().power.reason).toMatch(/Invalid privilege level value:ROOT/);
    const props = (await api.request('GET', '/v1/drivers/ipmi/properties')).json();
    expect(props).toMatchObject({ ipmi_address: 'IP address or hostname of the node. Required.', ipmi_password: 'password. Optional.' });
    expect(Object.keys(props)).toEqual(expect.arrayContaining(['ipmi_username', 'ipmi_port', 'ipmi_cipher_suite', 'ipmi_bridging', 'ipmi_protocol_version', 'ipmi_priv_level']));
  }, 60_000);
});
