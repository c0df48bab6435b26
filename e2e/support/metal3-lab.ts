import bcrypt from 'bcryptjs';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RedfishEmulator } from '@ferrum/bmc-emulator';
import { TESTBEDS_DIR, TEST_DATABASE_URL, TEST_NATS_URL, createPostgresDatabase, testNamespace, useRealService } from '@ferrum/testing';
import { FerrumProcess } from './ferrum-process';
import { freePort } from './free-port';
import { IronicHttp } from './http';
import { ImageServer } from './image-server';
import { randomMac } from './sim-machine';
import { AGENT, VmediaMachines } from './vmedia-machine';

const MOCKUP = join(TESTBEDS_DIR, 'redfish-mockups', 'public-rackmount1');
export const SYSTEM_ID = '437XR1138R2';
const SYSTEM = `/redfish/v1/Systems/${SYSTEM_ID}`;
export const MIB = 1024 * 1024;
/** The credentials baremetal-operator is given for Ironic (its ironic-credentials secret). */
export const BMO_USER = 'metal3-bmo';
const BMO_PASSWORD = 'not-a-real-secret';
export const basicAuth = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
export const STEP_TIMEOUT_MS = 40_000;
/** What baremetal-operator negotiates when Ironic offers it (HasDeploymentAbort). */
export const BMO_VERSION = '1.110';
/** Every state a node passes through on its way somewhere (the flow waits until it is in none of them). */
const TRANSIENT = ['verifying', 'inspecting', 'inspect wait', 'cleaning', 'clean wait', 'deploying', 'wait call-back', 'deleting', 'servicing', 'service wait'];

/**
 * What a Metal3-style e2e runs against: Ferrum in split mode (API, conductor and inspector processes over
 * PostgreSQL and NATS) with HTTP basic authentication as Metal3 sets it up, the Redfish emulator, one machine
 * behind it that boots the real agent from the virtual CD (vmedia-machine.ts), and an image server with the
 * agent ISO, firmware files and a GPT whole-disk image. The helpers make BMO's calls and watch the states.
 */
export class Metal3Lab {
  available = true;
  http!: IronicHttp;
  apiUrl = '';
  readonly images = new ImageServer(8);
  emulator?: RedfishEmulator;
  machines?: VmediaMachines;
  work = '';
  disk = '';
  /** The instance image: a whole-disk image with a GPT (made by sfdisk), as cloud images are. */
  gptImage = '';
  readonly mac = randomMac();
  uuid = '';
  /** Provision states (with their target) seen by polling, in order (repeats collapsed). */
  readonly seen: { state: string; target: string | null }[] = [];
  private readonly procs: FerrumProcess[] = [];
  private db?: { url: string; drop(): Promise<void> };

  logs(): string {
    const machines = this.machines;
    return [...this.procs.map((p) => `--- ${p.role}\n${p.logs}`), `--- agents\n${machines?.logs ?? ''}`, `--- machine errors\n${machines?.errors.join('\n') ?? ''}`].join('\n');
  }

  /** Starts everything; false (and nothing started) without PostgreSQL and NATS outside CI. */
  async start(name: string, extraEnv: Record<string, string> = {}): Promise<boolean> {
    if (!existsSync(AGENT)) throw new Error('run "node tools/build.mjs" first: dist/agent.js is missing');
    this.available =
      (await useRealService('PostgreSQL', TEST_DATABASE_URL, `nothing: ${name} skipped`)) && (await useRealService('NATS', TEST_NATS_URL, `nothing: ${name} skipped`));
    if (!this.available) return false;
    this.work = mkdtempSync(join(tmpdir(), 'ferrum-metal3-'));
    this.disk = join(this.work, 'machine.disk');
    const images = this.images;
    await images.start();
    const apiPort = await freePort();
    this.apiUrl = `http://127.0.0.1:${apiPort}`;
    // The agent ISO's boot configuration: what a real ISO's kernel command line says (no BOOTIF: virtual media boots no NIC).
    const cmdline = [
      `ipa-api-url=${this.apiUrl}`,
      `ipa-inspection-callback-url=${this.apiUrl}/v1/continue_inspection`,
      'ipa-listen-host=127.0.0.1',
      'ipa-listen-port=0',
      'ipa-lookup-interval=0.2',
      'ipa-lookup-timeout=60',
      'ipa-image-download-connection-retry-interval=0.2',
    ];
    writeFileSync(join(images.dir, 'agent.iso'), cmdline.join(' '));
    writeFileSync(join(images.dir, 'bios-update.bin'), randomBytes(4096));
    writeFileSync(join(images.dir, 'bmc-update.bin'), randomBytes(4096));
    writeFileSync(join(images.dir, 'data-image.iso'), randomBytes(4096));
    this.gptImage = join(images.dir, 'disk-gpt.raw');
    writeFileSync(this.gptImage, randomBytes(8 * MIB));
    execFileSync('sfdisk', ['--quiet', this.gptImage], { input: 'label: gpt\nstart=2048, size=12288, type=L, name=root\n' });

    this.emulator = new RedfishEmulator({ mockupDir: MOCKUP, systems: 1, powerDelayMs: 50 });
    await this.emulator.listen();
    this.machines = new VmediaMachines(this.emulator);
    this.machines.add(SYSTEM_ID, { mac: this.mac, disk: this.disk });

    // As Metal3 runs Ironic: HTTP basic authentication from an htpasswd file (bcrypt, `htpasswd -B`'s $2y$);
    // the agent's endpoints (lookup, heartbeat, continue_inspection) stay open, as in Ironic.
    const htpasswd = join(this.work, 'htpasswd');
    writeFileSync(htpasswd, `${BMO_USER}:${bcrypt.hashSync(BMO_PASSWORD, 5).replace(/^\$2b\$/, '$2y$')}\n`);
    this.db = await createPostgresDatabase();
    const env: Record<string, string> = {
      FERRUM_ENABLED_HARDWARE_TYPES: 'fake-hardware,redfish',
      DATABASE_URL: this.db.url,
      NATS_URL: TEST_NATS_URL,
      FERRUM_NATS_NAMESPACE: testNamespace(),
      FERRUM_HEARTBEAT_INTERVAL_S: '2',
      FERRUM_HEARTBEAT_TIMEOUT_S: '6',
      FERRUM_RPC_TIMEOUT_MS: '20000',
      FERRUM_API_PORT: String(apiPort),
      FERRUM_INSPECTOR_PORT: String(await freePort()),
      FERRUM_LOG_LEVEL: 'warn',
      // Agents beat every 3–6 s (30–60 % of this), and at most 5 s after a finished command.
      FERRUM_AGENT_HEARTBEAT_TIMEOUT_S: '10',
      FERRUM_SYNC_POWER_STATE_INTERVAL_S: '0',
      FERRUM_NODE_LOCKED_RETRY_INTERVAL_MS: '200',
      FERRUM_NODE_LOCKED_RETRY_ATTEMPTS: '10',
      FERRUM_POWER_POLL_INTERVAL_MS: '50',
      FERRUM_REDFISH_CONNECTION_RETRY_INTERVAL_MS: '200',
      FERRUM_REDFISH_FIRMWARE_UPDATE_STATUS_INTERVAL_MS: '100',
      FERRUM_REDFISH_FIRMWARE_UPDATE_BMC_VERSION_CHECK_INTERVAL_MS: '100',
      FERRUM_REDFISH_FIRMWARE_UPDATE_VALIDATION_INTERVAL_MS: '100',
      // Metal3's inspection settings (ironic.conf.j2): add_ports=all, keep_ports=present.
      FERRUM_INSPECTOR_ADD_PORTS: 'all',
      FERRUM_INSPECTOR_KEEP_PORTS: 'present',
      FERRUM_INSPECTOR_INTROSPECTION_DELAY_S: '0',
      FERRUM_AUTH_STRATEGY: 'http_basic',
      FERRUM_HTTP_BASIC_AUTH_USER_FILE: htpasswd,
      ...extraEnv,
    };
    const conductor = new FerrumProcess('conductor', { ...env, FERRUM_LOG_LEVEL: 'info', FERRUM_CONDUCTOR_HOSTNAME: `metal3-e2e-${randomBytes(3).toString('hex')}` });
    this.procs.push(conductor);
    await conductor.waitForLog(/conductor registered/, 30_000);
    const inspector = new FerrumProcess('inspector', { ...env, FERRUM_LOG_LEVEL: 'info' });
    this.procs.push(inspector);
    this.procs.push(new FerrumProcess('api', env));
    await inspector.waitForLog(/inspector listening/, 30_000);
    this.http = new IronicHttp(this.apiUrl, BMO_VERSION, { Authorization: basicAuth(BMO_USER, BMO_PASSWORD) });
    await this.http.waitUntilUp(30_000).catch((e: Error) => {
      throw new Error(`${e.message}\n${this.logs()}`);
    });
    return true;
  }

  /** Every agent, then every Ferrum process, by PID; then the emulator, database, images and files. */
  async stop(): Promise<void> {
    await this.machines?.stopAll();
    await Promise.all(this.procs.map((p) => p.kill()));
    await this.emulator?.close();
    await this.db?.drop();
    await this.images.stop();
    if (this.work) rmSync(this.work, { recursive: true, force: true });
  }

  /** A call that must answer `status` with a body that parses (or none, for 202/204). */
  async call(method: string, path: string, body: unknown, status: number): Promise<any> {
    const res = await this.http.request(method, path, body);
    if (res.status !== status) throw new Error(`${method} ${path}: ${res.status} ${res.text}\n${this.logs()}`);
    if (status !== 204 && status !== 202) expect(res.json).toBeDefined();
    else expect(res.text).toBe('');
    expect(res.headers.get('x-openstack-ironic-api-version')).toBe(BMO_VERSION);
    return res.json;
  }

  /** Polls the node (recording each provision state) until it is in no transient state and holds no lock. */
  async settle(timeoutMs = STEP_TIMEOUT_MS): Promise<any> {
    const end = Date.now() + timeoutMs;
    let node: any;
    while (Date.now() < end) {
      node = await this.call('GET', `/v1/nodes/${this.uuid}`, undefined, 200);
      const last = this.seen[this.seen.length - 1];
      if (last?.state !== node.provision_state || last.target !== node.target_provision_state) this.seen.push({ state: node.provision_state, target: node.target_provision_state });
      if (!TRANSIENT.includes(node.provision_state) && !node.reservation && node.target_power_state === null) return node;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`node ${this.uuid} did not settle; last: ${JSON.stringify(node)}\n${this.logs()}`);
  }

  /**
   * A provision verb, then the states seen until the node settles. As Ironic: every state on the way is one of
   * `path` (in that order, a state may come back, as `wait call-back` does between deploy steps) with `end` as
   * its target; the wait states in `mustSee` (they last seconds, so polling sees them) do come; the node ends
   * in `end` with no target and no error.
   */
  async provision(body: Record<string, unknown>, path: string[], end: string, mustSee: string[]): Promise<{ node: any; states: string[] }> {
    this.seen.length = 0;
    await this.call('PUT', `/v1/nodes/${this.uuid}/states/provision`, body, 202);
    const node = await this.settle();
    const states = this.seen.map((s) => s.state);
    expect({ state: node.provision_state, target: node.target_provision_state, last_error: node.last_error }).toEqual({ state: end, target: null, last_error: null });
    const transient = this.seen.slice(0, -1);
    expect({ states, off: transient.filter((s) => !path.includes(s.state) || s.target !== end) }).toEqual({ states, off: [] });
    // Forward along `path`; only its last two states alternate (a step's work, then waiting for the agent, as Ironic's steps do).
    const loop = path.slice(-2);
    const back = transient.filter((s, i) => i > 0 && path.indexOf(s.state) < path.indexOf(transient[i - 1].state) && !(loop.includes(s.state) && loop.includes(transient[i - 1].state)));
    expect({ states, back }).toEqual({ states, back: [] });
    let at = 0;
    for (const s of states) if (s === mustSee[at]) at++;
    expect({ states, reached: mustSee.slice(0, at) }).toEqual({ states, reached: mustSee });
    return { node, states };
  }

  /** Enrolls the machine as BMO does: a `redfish` node with virtual media boot and agent inspection, and its port. */
  async enroll(): Promise<{ node: any; port: any }> {
    const node = await this.call(
      'POST',
      '/v1/nodes',
      {
        name: `metal3-${randomBytes(3).toString('hex')}`,
        driver: 'redfish',
        boot_interface: 'redfish-virtual-media',
        inspect_interface: 'agent',
        bios_interface: 'redfish',
        firmware_interface: 'redfish',
        driver_info: {
          redfish_address: this.emulator!.url,
          redfish_system_id: SYSTEM,
          redfish_username: 'admin',
          redfish_password: 'password',
          deploy_iso: `${this.images.url}/agent.iso`,
        },
        properties: { cpu_arch: 'x86_64' },
      },
      201,
    );
    this.uuid = node.uuid;
    const port = await this.call('POST', '/v1/ports', { node_uuid: this.uuid, address: this.mac, pxe_enabled: true }, 201);
    return { node, port };
  }

  /** The instance_info of a deploy of the GPT image, as BMO patches it (URL, checksums, format). */
  imagePatch(): { op: 'add'; path: string; value: string }[] {
    const { images, gptImage } = this;
    return [
      { op: 'add', path: '/instance_info/image_source', value: `${images.url}/disk-gpt.raw` },
      { op: 'add', path: '/instance_info/image_os_hash_algo', value: 'sha512' },
      { op: 'add', path: '/instance_info/image_os_hash_value', value: images.hash('sha512', gptImage) },
      { op: 'add', path: '/instance_info/image_checksum', value: images.hash('md5', gptImage) },
      { op: 'add', path: '/instance_info/image_disk_format', value: 'raw' },
    ];
  }
}

/**
 * Test steps that share one node: once one fails the rest fail at once (they have nothing to work on); all
 * pass without running when the lab is unavailable (no PostgreSQL or NATS outside CI).
 */
export function lifecycleSteps(lab: Metal3Lab) {
  let broken = false;
  return (name: string, fn: () => Promise<void>, timeout = STEP_TIMEOUT_MS * 2) =>
    it(
      name,
      async () => {
        if (!lab.available) return;
        if (broken) throw new Error('an earlier step failed');
        try {
          await fn();
        } catch (err) {
          broken = true;
          throw err;
        }
      },
      timeout,
    );
}
