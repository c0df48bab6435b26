import { randomBytes } from 'node:crypto';
import { TEST_DATABASE_URL, TEST_NATS_URL, createPostgresDatabase, testNamespace, useRealService } from '@ferrum/testing';
import { FerrumProcess } from '../support/ferrum-process';
import { freePort } from '../support/free-port';
import { IronicHttp } from '../support/http';
import { finishedInspecting, inspect, inspectionEnv, portsOf, settled, simNode } from './inspection-scenarios';
import { machineFacts } from './machine-facts';

const facts = machineFacts();
const DEAD_CALLBACK = 'http://127.0.0.1:1/v1/continue';
const bogusMac = () => `52:54:00:${randomBytes(3).toString('hex').match(/../g)!.join(':')}`;

/** The properties of this very machine, as the real agent reports them. */
function expectMachineProperties(p: Record<string, unknown>) {
  expect(p.cpus).toBe(String(facts.cpus));
  expect(p.cpu_arch).toBe(facts.cpuArch);
  expect(p.local_gb).toBe(String(facts.localGb));
  // DMI's installed memory vs the kernel's usable total: within 5 %.
  expect(Math.abs(Number(p.memory_mb) - facts.memoryMb) / facts.memoryMb).toBeLessThan(0.05);
}

/**
 * Production shape: api, conductor and inspector as separate processes over PostgreSQL and NATS; the
 * machine is the real agent, started by the sim-machine driver when the inspector powers the node on.
 */
describe('in-band inspection with separate api, conductor and inspector processes (PostgreSQL + NATS)', () => {
  let available = false;
  let db: { url: string; drop(): Promise<void> } | undefined;
  const procs: FerrumProcess[] = [];
  let http: IronicHttp;
  let inspector: IronicHttp;
  let callbackUrl: string;

  beforeAll(async () => {
    available =
      (await useRealService('PostgreSQL', TEST_DATABASE_URL, 'nothing: split inspection e2e skipped')) &&
      (await useRealService('NATS', TEST_NATS_URL, 'nothing: split inspection e2e skipped'));
    if (!available) return;
    db = await createPostgresDatabase();
    const [apiPort, inspPort] = [await freePort(), await freePort()];
    const common = {
      ...inspectionEnv(inspPort),
      FERRUM_NATS_NAMESPACE: testNamespace(),
      DATABASE_URL: db.url,
      NATS_URL: TEST_NATS_URL,
      FERRUM_RPC_TIMEOUT_MS: '10000',
      FERRUM_INSPECTOR_TIMEOUT_S: '15',
    };
    const conductor = new FerrumProcess('conductor', { ...common, FERRUM_CONDUCTOR_HOSTNAME: `insp-c-${process.pid}` });
    procs.push(conductor);
    await conductor.waitForLog(/conductor registered/);
    const insp = new FerrumProcess('inspector', common);
    const api = new FerrumProcess('api', { ...common, FERRUM_API_PORT: String(apiPort) });
    procs.push(insp, api);
    await insp.waitForLog(/inspector listening/);
    http = new IronicHttp(`http://127.0.0.1:${apiPort}`);
    inspector = new IronicHttp(`http://127.0.0.1:${inspPort}`);
    callbackUrl = `http://127.0.0.1:${inspPort}/v1/continue`;
    await http.waitUntilUp(30_000);
  }, 60_000);

  afterAll(async () => {
    await Promise.all(procs.map((p) => p.kill()));
    await db?.drop();
  });

  const maybe = (name: string, fn: () => Promise<void>, timeout = 90_000) =>
    it(
      name,
      async () => {
        if (!available) return;
        await fn();
      },
      timeout,
    );

  maybe('inspects a manageable node by booting the real agent: this machine\'s properties, ports for its NICs, existing properties kept', async () => {
    const stale = bogusMac();
    const uuid = await simNode(http, { callbackUrl, macs: [facts.nics[0].mac, stale], properties: { cpus: '1', vendor_note: 'keep me' } });
    const done = await inspect(http, uuid, finishedInspecting);
    expect(done).toMatchObject({ provision_state: 'manageable', last_error: null });
    // cpus was set by the operator: kept (overwrite_existing defaults to false); the rest comes from the machine.
    expect(done.properties.cpus).toBe('1');
    expect(done.properties.vendor_note).toBe('keep me');
    expectMachineProperties({ ...done.properties, cpus: String(facts.cpus) });
    expect(done.properties.cpu_arch).toBe(facts.cpuArch);
    // keep_ports=present: the port of a NIC the machine does not have is gone; one port per NIC, PXE on the boot NIC.
    expect(await portsOf(http, uuid)).toEqual(facts.nics.map((n, i) => [n.mac, i === 0]).sort());
    await http.until(`/v1/nodes/${uuid}`, (n) => n.power_state === 'power off', 30_000);
    const status = await inspector.get(`/v1/introspection/${uuid}`);
    expect(status.json).toMatchObject({ state: 'finished', finished: true, error: null });
    expect((await inspector.get(`/v1/introspection/${uuid}/data`)).json.inventory.interfaces.map((i: { mac_address: string }) => i.mac_address)).toContain(facts.nics[0].mac);
    // The next test boots the same machine: free its MAC.
    expect((await http.delete(`/v1/nodes/${uuid}`)).status).toBe(204);
  });

  maybe('fails the node with the ramdisk\'s error when the agent reports one', async () => {
    const uuid = await simNode(http, { callbackUrl, macs: [facts.nics[0].mac], kernelArgs: 'ipa-inspection-collectors=default,no-such-collector' });
    const failed = await inspect(http, uuid, (n) => settled(n) && n.provision_state === 'inspect failed');
    expect(failed.last_error).toContain('Ramdisk reported error: Unknown inspection collector(s): no-such-collector');
  });

  maybe('fails the node with "Introspection timeout" when the ramdisk never reaches the inspector', async () => {
    const uuid = await simNode(http, { callbackUrl: DEAD_CALLBACK, macs: [bogusMac()] });
    const failed = await inspect(http, uuid, (n) => settled(n) && n.provision_state === 'inspect failed', 60_000);
    expect(failed.last_error).toContain('Introspection timeout');
    await http.until(`/v1/nodes/${uuid}`, (n) => n.power_state === 'power off', 30_000);
  });

  maybe('aborts an inspection waiting for the ramdisk: inspect failed, introspection canceled, machine off', async () => {
    const uuid = await simNode(http, { callbackUrl: DEAD_CALLBACK, macs: [bogusMac()] });
    await inspect(http, uuid, (n) => settled(n) && n.provision_state === 'inspect wait' && n.power_state === 'power on');
    expect((await http.put(`/v1/nodes/${uuid}/states/provision`, { target: 'abort' })).status).toBe(202);
    await http.until(`/v1/nodes/${uuid}`, (n) => n.provision_state === 'inspect failed' && n.reservation === null, 30_000);
    await inspector.until(`/v1/introspection/${uuid}`, (s) => s.state === 'error' && s.error === 'Canceled by operator', 30_000);
    const off = await http.until(`/v1/nodes/${uuid}`, (n) => settled(n) && n.power_state === 'power off' && n.last_error, 30_000);
    expect(off.last_error).toMatch(/aborted|Canceled by operator/);
  });
});

/** `npm start`'s shape: every role in one process on PGlite and the in-process transport; here with overwrite_existing on. */
describe('in-band inspection in the all-in-one process, overwrite_existing on', () => {
  let ferrum: FerrumProcess;
  let http: IronicHttp;
  let callbackUrl: string;

  beforeAll(async () => {
    const [apiPort, inspPort] = [await freePort(), await freePort()];
    ferrum = new FerrumProcess('all', {
      ...inspectionEnv(inspPort),
      FERRUM_API_PORT: String(apiPort),
      FERRUM_DB_DIR: 'memory://',
      FERRUM_INSPECTOR_OVERWRITE_EXISTING: 'true',
    });
    http = new IronicHttp(`http://127.0.0.1:${apiPort}`);
    callbackUrl = `http://127.0.0.1:${inspPort}/v1/continue`;
    await http.waitUntilUp(30_000).catch((e: Error) => {
      throw new Error(`${e.message}\n${ferrum.logs}`);
    });
  }, 60_000);
  afterAll(() => ferrum?.kill());

  it('replaces the properties an operator set with this machine\'s real values', async () => {
    const uuid = await simNode(http, { callbackUrl, macs: [facts.nics[0].mac], properties: { cpus: '1', memory_mb: '2', cpu_arch: 'sparc', local_gb: '3' } });
    const done = await inspect(http, uuid, finishedInspecting);
    expect(done).toMatchObject({ provision_state: 'manageable', last_error: null });
    expectMachineProperties(done.properties);
  }, 90_000);
});
