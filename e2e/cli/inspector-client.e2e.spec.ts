import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { inCI } from '@ferrum/testing';
import { FerrumProcess } from '../support/ferrum-process';
import { freePort } from '../support/free-port';
import { IronicHttp } from '../support/http';

const run = promisify(execFile);
const PYTHON = '/usr/bin/python3';
const SCRIPT = join(__dirname, 'openstacksdk-introspection.py');

/**
 * The inspector API through a real OpenStack client: openstacksdk's baremetal_introspection proxy (start,
 * status, wait, list, abort, data) and its HTTP adapter for rules (import, list, show, delete), against an
 * all-in-one Ferrum. The "ramdisk" is a POST to /v1/continue. Mandatory under CI=true.
 */
describe('real inspector client (openstacksdk baremetal_introspection) against the Ferrum inspector', () => {
  const available = existsSync(PYTHON) && existsSync('/usr/lib/python3/dist-packages/openstack/baremetal_introspection');
  let ferrum: FerrumProcess;
  let http: IronicHttp;
  let inspectorUrl: string;
  let dir: string;

  beforeAll(async () => {
    if (!available) {
      if (inCI()) throw new Error('python3-openstacksdk is required under CI=true');
      process.stderr.write('[ferrum tests] openstacksdk not installed: inspector client conformance skipped\n');
      return;
    }
    const [apiPort, inspPort] = [await freePort(), await freePort()];
    ferrum = new FerrumProcess('all', {
      FERRUM_API_PORT: String(apiPort),
      FERRUM_INSPECTOR_PORT: String(inspPort),
      FERRUM_DB_DIR: 'memory://',
      FERRUM_INSPECTOR_INTROSPECTION_DELAY_S: '0',
    });
    http = new IronicHttp(`http://127.0.0.1:${apiPort}`);
    inspectorUrl = `http://127.0.0.1:${inspPort}`;
    await http.waitUntilUp(30_000);
    dir = mkdtempSync(join(tmpdir(), 'ferrum-insp-cli-'));
  }, 60_000);
  afterAll(async () => {
    await ferrum?.kill();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  async function sdk(...args: string[]): Promise<any> {
    try {
      const { stdout } = await run(PYTHON, [SCRIPT, inspectorUrl, ...args], { env: { ...process.env, PYTHONWARNINGS: 'ignore' }, timeout: 90_000 });
      return JSON.parse(stdout);
    } catch (error) {
      const e = error as { stderr?: string; stdout?: string };
      throw new Error(`openstacksdk ${args.join(' ')} failed:\n${e.stderr ?? ''}${e.stdout ?? ''}`);
    }
  }
  const maybe = (name: string, fn: () => Promise<void>) =>
    it(name, async () => {
      if (available) await fn();
    }, 120_000);

  async function manageableNode(mac: string): Promise<string> {
    const node = await http.post('/v1/nodes', { driver: 'fake-hardware', name: `cli-${mac.slice(-2)}` });
    await http.post('/v1/ports', { address: mac, node_uuid: node.json.uuid });
    await http.put(`/v1/nodes/${node.json.uuid}/states/provision`, { target: 'manage' });
    await http.until(`/v1/nodes/${node.json.uuid}`, (n) => n.provision_state === 'manageable' && n.reservation === null);
    return node.json.uuid as string;
  }

  maybe('introspection start / status / wait / list / data save / abort', async () => {
    const [macA, macB] = ['52:54:00:cc:00:0a', '52:54:00:cc:00:0b'];
    const a = await manageableNode(macA);
    const b = await manageableNode(macB);
    // By name, as `baremetal introspection start cli-0a` would.
    expect(await sdk('start', 'cli-0a')).toMatchObject({ uuid: a });
    expect(await sdk('start', b)).toMatchObject({ uuid: b });
    await new IronicHttp(inspectorUrl).until(`/v1/introspection/${a}`, (s) => s.state === 'waiting');

    const GiB = 1024 ** 3;
    const ramdisk = await fetch(`${inspectorUrl}/v1/continue`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        inventory: {
          interfaces: [{ name: 'eth0', mac_address: macA, ipv4_address: '192.0.2.20' }],
          cpu: { count: 4, architecture: 'x86_64', flags: [] },
          memory: { physical_mb: 8192, total: 8 * GiB },
          disks: [{ name: '/dev/sda', size: 64 * GiB, rotational: false }],
          boot: { current_boot_mode: 'bios', pxe_interface: macA },
          system_vendor: {},
        },
      }),
    });
    expect(ramdisk.status).toBe(200);
    expect(await sdk('wait', a)).toMatchObject({ uuid: a, state: 'finished', finished: true, error: null });
    expect((await sdk('status', a)).state).toBe('finished');
    const list = await sdk('list');
    expect(list.map((i: { uuid: string }) => i.uuid)).toEqual(expect.arrayContaining([a, b]));

    const file = join(dir, 'data.json');
    expect(await sdk('data', a, file)).toEqual({ saved: file });
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ cpus: 4, memory_mb: 8192, local_gb: 63, macs: [macA] });
    expect((await http.get(`/v1/nodes/${a}`)).json.properties).toMatchObject({ cpus: '4', memory_mb: '8192', local_gb: '63', cpu_arch: 'x86_64' });

    expect(await sdk('abort', b)).toEqual({ aborted: b });
    expect(await sdk('wait', b)).toMatchObject({ state: 'error', finished: true, error: 'Canceled by operator' });
  });

  maybe('rule import / list / show / delete / purge', async () => {
    const file = join(dir, 'rules.json');
    writeFileSync(
      file,
      JSON.stringify([
        { description: 'big', conditions: [{ op: 'ge', field: 'memory_mb', value: 4096 }], actions: [{ action: 'set-capability', name: 'profile', value: 'big' }] },
        { description: 'tag', actions: [{ action: 'set-attribute', path: '/extra/inspected', value: true }] },
      ]),
    );
    const imported = await sdk('rule-import', file);
    expect(imported.map((r: { description: string }) => r.description)).toEqual(['big', 'tag']);
    const listed = await sdk('rule-list');
    expect(listed.map((r: { uuid: string }) => r.uuid)).toEqual(imported.map((r: { uuid: string }) => r.uuid));
    expect(await sdk('rule-show', imported[0].uuid)).toMatchObject({ conditions: [{ op: 'ge', field: 'memory_mb', value: 4096, invert: false, multiple: 'any' }] });
    expect(await sdk('rule-delete', imported[0].uuid)).toEqual({ deleted: imported[0].uuid });
    expect((await sdk('rule-list')).length).toBe(1);
    await sdk('rule-purge');
    expect(await sdk('rule-list')).toEqual([]);
  });
});
