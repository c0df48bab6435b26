import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TEST_DATABASE_URL, TEST_NATS_URL, createPostgresDatabase, testNamespace, useRealService } from '@ferrum/testing';
import { FerrumProcess } from '../support/ferrum-process';
import { freePort } from '../support/free-port';
import { IronicHttp } from '../support/http';
import { finishedInspecting, inspect, inspectionEnv, portsOf, settled, simNode } from './inspection-scenarios';
import { machineFacts } from './machine-facts';

const facts = machineFacts();
const DEAD_CALLBACK = 'http://127.0.0.1:1/v1/continue_inspection';
const bogusMac = () => `52:54:00:${randomBytes(3).toString('hex').match(/../g)!.join(':')}`;

/** A built-in rule in Ironic's format: tags the machine whose architecture the inventory reports. */
const RULES = `
- description: tag inspected machines
  priority: 10
  conditions:
    - op: eq
      args:
        values: ["{inventory[cpu][architecture]}", "${facts.cpuArch}"]
  actions:
    - op: add-trait
      args:
        name: CUSTOM_INSPECTED
    - op: set-capability
      args:
        name: inspected_by
        value: ferrum
`;

/** Settings of Ironic's built-in inspection: its hooks (with the optional property hooks) and the rules file. */
function agentEnv(inspectorPort: number, rulesFile: string): Record<string, string> {
  return {
    ...inspectionEnv(inspectorPort),
    FERRUM_INSPECTION_HOOKS: 'ramdisk-error,validate-interfaces,ports,architecture,memory,cpus,root-device',
    FERRUM_INSPECTION_BUILT_IN_RULES: rulesFile,
    FERRUM_INSPECTOR_TIMEOUT_S: '15',
  };
}

interface Deployment {
  http: IronicHttp;
  /** The API's ramdisk callback, as the agent's ipa-inspection-callback-url names it. */
  callbackUrl: string;
  stop(): Promise<void>;
}

/** `npm start`'s shape: every role in one process on PGlite and the in-process transport. */
async function allInOne(env: Record<string, string>): Promise<Deployment> {
  const apiPort = await freePort();
  const ferrum = new FerrumProcess('all', { ...env, FERRUM_API_PORT: String(apiPort), FERRUM_DB_DIR: 'memory://' });
  const http = new IronicHttp(`http://127.0.0.1:${apiPort}`, '1.81');
  await http.waitUntilUp(30_000).catch((e: Error) => {
    throw new Error(`${e.message}\n${ferrum.logs}`);
  });
  return { http, callbackUrl: `${http.baseUrl}/v1/continue_inspection`, stop: async () => void (await ferrum.kill()) };
}

/** Production shape: api, conductor and inspector as separate processes over PostgreSQL and NATS. */
async function split(env: Record<string, string>): Promise<Deployment | undefined> {
  const available =
    (await useRealService('PostgreSQL', TEST_DATABASE_URL, 'nothing: split agent inspection e2e skipped')) &&
    (await useRealService('NATS', TEST_NATS_URL, 'nothing: split agent inspection e2e skipped'));
  if (!available) return undefined;
  const db = await createPostgresDatabase();
  const apiPort = await freePort();
  const common = { ...env, FERRUM_NATS_NAMESPACE: testNamespace(), DATABASE_URL: db.url, NATS_URL: TEST_NATS_URL, FERRUM_RPC_TIMEOUT_MS: '10000' };
  const conductor = new FerrumProcess('conductor', { ...common, FERRUM_CONDUCTOR_HOSTNAME: `agent-insp-${process.pid}` });
  await conductor.waitForLog(/conductor registered/);
  const inspector = new FerrumProcess('inspector', common);
  const api = new FerrumProcess('api', { ...common, FERRUM_API_PORT: String(apiPort) });
  await inspector.waitForLog(/inspector listening/);
  const http = new IronicHttp(`http://127.0.0.1:${apiPort}`, '1.81');
  await http.waitUntilUp(30_000);
  return {
    http,
    callbackUrl: `${http.baseUrl}/v1/continue_inspection`,
    stop: async () => {
      await Promise.all([api, inspector, conductor].map((p) => p.kill()));
      await db.drop();
    },
  };
}

const MODES: [string, (env: Record<string, string>) => Promise<Deployment | undefined>][] = [
  ['separate api, conductor and inspector processes (PostgreSQL + NATS)', split],
  ['the all-in-one process', allInOne],
];

describe.each(MODES)('the agent inspect interface with %s', (_mode, deploy) => {
  let d: Deployment | undefined;
  const dir = mkdtempSync(join(tmpdir(), 'ferrum-rules-'));
  const rulesFile = join(dir, 'rules.yaml');

  beforeAll(async () => {
    writeFileSync(rulesFile, RULES);
    d = await deploy(agentEnv(await freePort(), rulesFile));
  }, 90_000);
  afterAll(async () => {
    await d?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const maybe = (name: string, fn: (d: Deployment) => Promise<void>, timeout = 90_000) =>
    it(
      name,
      async () => {
        if (d) await fn(d);
      },
      timeout,
    );

  maybe('boots the real agent, which posts to /v1/continue_inspection: manageable with properties, ports, inventory, and the rule\'s trait and capability', async ({ http, callbackUrl }) => {
    const stale = bogusMac();
    const uuid = await simNode(http, { callbackUrl, macs: [facts.nics[0].mac, stale], inspectInterface: 'agent', properties: { cpus: 1 } });
    const done = await inspect(http, uuid, finishedInspecting);
    expect(done).toMatchObject({ provision_state: 'manageable', last_error: null, inspect_interface: 'agent' });
    // Ironic's hooks write what they find, over the operator's value, as numbers.
    expect(done.properties).toMatchObject({ cpus: facts.cpus, cpu_arch: facts.cpuArch, local_gb: facts.localGb });
    expect(Math.abs(done.properties.memory_mb - facts.memoryMb) / facts.memoryMb).toBeLessThan(0.05);
    expect(done.properties.capabilities).toBe('inspected_by:ferrum');
    expect(done.inspection_finished_at).not.toBeNull();
    expect((await http.get(`/v1/nodes/${uuid}/traits`)).json.traits).toEqual(['CUSTOM_INSPECTED']);
    // keep_ports=present: the port of a NIC the machine does not have is gone; a port per NIC, PXE on the boot NIC.
    expect(await portsOf(http, uuid)).toEqual(facts.nics.map((n, i) => [n.mac, i === 0]).sort());

    const inventory = await http.get(`/v1/nodes/${uuid}/inventory`);
    expect(inventory.status).toBe(200);
    expect(inventory.json.inventory.interfaces.map((i: { mac_address: string }) => i.mac_address)).toContain(facts.nics[0].mac);
    expect(inventory.json.inventory.cpu.architecture).toBe(facts.cpuArch);
    expect(inventory.json.plugin_data).toMatchObject({ macs: facts.nics.map((n) => n.mac), local_gb: facts.localGb });
    expect(Object.keys(inventory.json.plugin_data.all_interfaces)).toEqual(expect.arrayContaining([facts.nics[0].name]));
    expect(inventory.json.plugin_data.logs).toBeUndefined();
    await http.until(`/v1/nodes/${uuid}`, (n) => n.power_state === 'power off', 30_000);
    // The next test boots the same machine: free its MAC.
    expect((await http.delete(`/v1/nodes/${uuid}`)).status).toBe(204);
  });

  maybe('fails the node with the agent\'s error, worded as Ironic words it', async ({ http, callbackUrl }) => {
    const uuid = await simNode(http, { callbackUrl, macs: [facts.nics[0].mac], inspectInterface: 'agent', kernelArgs: 'ipa-inspection-collectors=default,no-such-collector' });
    const failed = await inspect(http, uuid, (n) => settled(n) && n.provision_state === 'inspect failed');
    expect(failed.last_error).toBe(
      'Failed to finish inspection: Failed to inspect hardware. Reason: failed to run inspection hooks: Failed to inspect hardware. Reason: Ramdisk reported error: Unknown inspection collector(s): no-such-collector',
    );
    // The failed machine is powered off, as Ironic tears the inspection boot down.
    await http.until(`/v1/nodes/${uuid}`, (n) => settled(n) && n.power_state === 'power off', 30_000);
  });

  maybe('fails the node when the agent never calls back, once the inspection times out', async ({ http }) => {
    const uuid = await simNode(http, { callbackUrl: DEAD_CALLBACK, macs: [bogusMac()], inspectInterface: 'agent' });
    const failed = await inspect(http, uuid, (n) => settled(n) && n.provision_state === 'inspect failed', 60_000);
    expect(failed.last_error).toBe('Timeout reached while inspecting the node. Please check if the ramdisk responsible for the inspection is running on the node.');
    await http.until(`/v1/nodes/${uuid}`, (n) => n.power_state === 'power off', 30_000);
  });

  maybe('aborts an inspection waiting for the agent: inspect failed, the machine off', async ({ http }) => {
    const uuid = await simNode(http, { callbackUrl: DEAD_CALLBACK, macs: [bogusMac()], inspectInterface: 'agent' });
    await inspect(http, uuid, (n) => settled(n) && n.provision_state === 'inspect wait' && n.power_state === 'power on');
    expect((await http.put(`/v1/nodes/${uuid}/states/provision`, { target: 'abort' })).status).toBe(202);
    const off = await http.until(`/v1/nodes/${uuid}`, (n) => settled(n) && n.provision_state === 'inspect failed' && n.power_state === 'power off' && n.last_error, 30_000);
    expect(off.last_error).toBe('Inspection was aborted by request.');
  });
});
