import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { inCI } from '@ferrum/testing';
import { FerrumProcess } from '../support/ferrum-process';
import { freePort } from '../support/free-port';
import { IronicHttp } from '../support/http';

const exec = promisify(execFile);
const PYTHON = '/usr/bin/python3';
const SDK_SCRIPT = join(__dirname, 'openstacksdk-microversions.py');
const ENV = { ...process.env, PYTHONWARNINGS: 'ignore' };

interface Parsed {
  id: string | null;
  /** Each field the SDK knows: the Python type of what it holds. */
  fields: Record<string, string>;
  /** Fields the server sent that the SDK holds differently, or that break its declared type. */
  mismatches: string[];
  /** Fields the server sent that the SDK does not know (and must ignore). */
  ignored: string[];
  raw: Record<string, any>;
}
interface Call {
  call: string;
  ok: boolean;
  error?: string;
  message?: string;
  status?: number | null;
  resources?: Parsed[];
  result?: any;
  requests: { method: string; path: string; status: number; sent: string | null; answered: string | null }[];
  [key: string]: any;
}

/** Each resource module's `_max_microversion`, read from the installed SDK's source. */
function sdkMaxima(dir: string): Record<string, string> {
  const modules = ['node', 'port', 'port_group', 'driver', 'deploy_templates', 'allocation', 'conductor', 'volume_connector', 'volume_target'];
  return Object.fromEntries(
    modules.map((m) => {
      const match = /_max_microversion = '(1\.\d+)'/.exec(readFileSync(join(dir, `${m}.py`), 'utf8'));
      if (!match) throw new Error(`no _max_microversion in ${dir}/${m}.py`);
      return [m, match[1]];
    }),
  );
}

const minor = (version: string) => Number(version.split('.')[1]);

/**
 * openstacksdk (Debian's 0.101.0, whose baremetal resources stop between 1.26 and 1.76) against a Ferrum serving
 * up to 1.111: every proxy call touching what 1.83–1.111 changed, as the SDK negotiates it and pinned with
 * `baremetal_api_version`. One run of e2e/cli/openstacksdk-microversions.py; the tests read its JSON lines.
 * Mandatory under CI=true; skipped elsewhere if python3 or openstacksdk is absent.
 */
describe('openstacksdk against Ferrum at 1.111: negotiation, fields and version gates', () => {
  let ferrum: FerrumProcess | undefined;
  let calls: Record<string, Call> = {};
  let maxima: Record<string, string> = {};
  let skipped = false;

  beforeAll(async () => {
    if (!existsSync(PYTHON)) {
      if (inCI()) throw new Error(`${PYTHON} is required under CI=true`);
      skipped = true;
      return;
    }
    let sdkDir: string;
    try {
      ({ stdout: sdkDir } = await exec(PYTHON, ['-c', 'import os, openstack.baremetal.v1 as m; print(os.path.dirname(m.__file__))'], { env: ENV }));
    } catch (error) {
      if (inCI()) throw new Error(`openstacksdk is required under CI=true (apt-get install python3-openstacksdk):\n${(error as { stderr?: string }).stderr ?? ''}`);
      process.stderr.write('[ferrum tests] openstacksdk not installed: openstacksdk microversions skipped\n');
      skipped = true;
      return;
    }
    maxima = sdkMaxima(sdkDir.trim());

    const port = await freePort();
    // The default hardware types (fake-hardware, manual-management, ipmi, redfish) with every interface Ferrum has.
    ferrum = new FerrumProcess('all', { FERRUM_API_PORT: String(port), FERRUM_INSPECTOR_PORT: String(await freePort()), FERRUM_DB_DIR: 'memory://' });
    const endpoint = `http://127.0.0.1:${port}`;
    await new IronicHttp(endpoint).waitUntilUp(30_000).catch((e: Error) => {
      throw new Error(`${e.message}\n${ferrum?.logs ?? ''}`);
    });
    let stdout: string;
    try {
      ({ stdout } = await exec(PYTHON, [SDK_SCRIPT, endpoint], { env: ENV, timeout: 240_000, maxBuffer: 64 * 1024 * 1024 }));
    } catch (error) {
      const e = error as { stdout?: string; stderr?: string };
      throw new Error(`openstacksdk script failed:\n${e.stderr ?? ''}\n${(e.stdout ?? '').slice(-4000)}\n${ferrum.logs.slice(-4000)}`);
    }
    calls = Object.fromEntries(stdout.trim().split('\n').map((line) => JSON.parse(line) as Call).map((c) => [c.call, c]));
  }, 300_000);
  afterAll(async () => {
    await ferrum?.kill();
  });

  const maybe = (name: string, fn: () => void) =>
    it(name, () => {
      if (!skipped) fn();
    });
  const get = (name: string): Call => {
    const c = calls[name];
    if (!c) throw new Error(`the script printed no "${name}" line`);
    return c;
  };
  const ok = (name: string): Call => {
    const c = get(name);
    if (!c.ok) throw new Error(`${name} failed: ${c.error}: ${c.message}\n${JSON.stringify(c.requests)}`);
    return c;
  };
  const resource = (name: string, index = 0): Parsed => {
    const r = ok(name).resources?.[index];
    if (!r) throw new Error(`${name} returned no resource`);
    return r;
  };
  /** Calls that fail as they fail on Ironic (asserted on their own below). */
  const EXPECTED_FAILURES = new Set(['conductors_details_path', 'pinned111_conductors_details_path', 'patch_port_connectivity_available', 'pinned111_nodes_include_children', 'pinned112_connect']);
  const negotiated = () => Object.values(calls).filter((c) => !/^(pinned|raw_)/.test(c.call));

  /** The version the SDK sends for a request on `path` when nothing is pinned. */
  function negotiatedVersion(path: string): string | null {
    if (/^\/(v1\/?)?$/.test(path)) return null; // version discovery
    if (/^\/v1\/nodes\/[^/]+\/traits/.test(path)) return '1.37'; // add/remove/set trait: utils.pick_microversion(session, '1.37')
    const table: [RegExp, string][] = [
      [/^\/v1\/nodes/, 'node'],
      [/^\/v1\/ports/, 'port'],
      [/^\/v1\/portgroups/, 'port_group'],
      [/^\/v1\/drivers/, 'driver'],
      [/^\/v1\/deploy_templates/, 'deploy_templates'],
      [/^\/v1\/allocations/, 'allocation'],
      [/^\/v1\/conductors/, 'conductor'],
      [/^\/v1\/volume\/connectors/, 'volume_connector'],
      [/^\/v1\/volume\/targets/, 'volume_target'],
    ];
    const hit = table.find(([re]) => re.test(path));
    if (!hit) throw new Error(`no resource for ${path}`);
    return maxima[hit[1]];
  }

  maybe('the SDK negotiates each resource its own maximum (node 1.76, port 1.34, …), never Ferrum\'s 1.111', () => {
    expect(maxima).toEqual({
      node: '1.76', port: '1.34', port_group: '1.26', driver: '1.40', deploy_templates: '1.55',
      allocation: '1.58', conductor: '1.49', volume_connector: '1.32', volume_target: '1.32',
    });
    expect(ok('endpoint')).toMatchObject({ server_min: '1.1', server_max: '1.111' });
    const seen = new Set<string>();
    for (const c of negotiated()) {
      for (const r of c.requests) {
        const expected = negotiatedVersion(r.path);
        expect({ call: c.call, path: r.path, sent: r.sent }).toEqual({ call: c.call, path: r.path, sent: expected });
        // Ferrum answers at the version asked (discovery, with no header, at 1.1).
        expect({ call: c.call, path: r.path, answered: r.answered }).toEqual({ call: c.call, path: r.path, answered: expected ?? '1.1' });
        if (r.sent) seen.add(r.sent);
      }
    }
    expect([...seen].sort()).toEqual(['1.26', '1.32', '1.34', '1.37', '1.40', '1.49', '1.55', '1.58', '1.76']);
    expect(Math.max(...[...seen].map(minor))).toBeLessThan(111);
  });

  maybe('every call succeeds (except those that fail on Ironic too) and every field the SDK knows parses to its declared type', () => {
    const all = Object.values(calls);
    expect(all.length).toBeGreaterThan(100);
    for (const c of all) {
      if (EXPECTED_FAILURES.has(c.call)) continue;
      expect({ call: c.call, ok: c.ok, error: c.error, message: c.message }).toEqual({ call: c.call, ok: true, error: undefined, message: undefined });
      if (/delete/.test(c.call)) continue; // a DELETE answers 204 without a body to compare with
      for (const r of c.resources ?? []) {
        expect({ call: c.call, id: r.id, mismatches: r.mismatches }).toEqual({ call: c.call, id: r.id, mismatches: [] });
        expect(Object.keys(r.raw).length).toBeGreaterThan(0);
      }
    }
    expect(resource('get_node').fields).toMatchObject({
      id: 'str', name: 'str', driver: 'str', driver_info: 'dict', driver_internal_info: 'dict', properties: 'dict', extra: 'dict',
      instance_info: 'dict', is_maintenance: 'bool', is_console_enabled: 'bool', is_protected: 'bool', is_retired: 'bool',
      links: 'list', ports: 'list', port_groups: 'list', states: 'list', traits: 'list', provision_state: 'str',
      raid_config: 'dict', target_raid_config: 'dict', clean_step: 'dict', deploy_step: 'dict', created_at: 'str', conductor: 'str',
      resource_class: 'str', bios_interface: 'str', rescue_interface: 'str', storage_interface: 'str', vendor_interface: 'str',
    });
    expect(resource('wait_clean_failed').fields).toMatchObject({ power_state: 'str', last_error: 'str', updated_at: 'str' });
    expect(resource('get_port').fields).toMatchObject({ id: 'str', address: 'str', node_id: 'str', port_group_id: 'str', is_pxe_enabled: 'bool', local_link_connection: 'dict', internal_info: 'dict', links: 'list' });
    expect(resource('get_port_group').fields).toMatchObject({ id: 'str', name: 'str', node_id: 'str', mode: 'str', is_standalone_ports_supported: 'bool', extra: 'dict', properties: 'dict', ports: 'list' });
    expect(resource('get_allocation').fields).toMatchObject({ id: 'str', name: 'str', state: 'str', resource_class: 'str', node_id: 'str', candidate_nodes: 'list', traits: 'list', extra: 'dict' });
    expect(resource('get_deploy_template').fields).toMatchObject({ id: 'str', name: 'str', steps: 'list', extra: 'dict', links: 'list' });
    expect(resource('conductors').fields).toMatchObject({ hostname: 'str', conductor_group: 'str', alive: 'bool', drivers: 'list', links: 'list' });
    expect(resource('get_volume_connector').fields).toMatchObject({ id: 'str', type: 'str', connector_id: 'str', node_id: 'str' });
    expect(resource('get_volume_target').fields).toMatchObject({ id: 'str', volume_type: 'str', volume_id: 'str', boot_index: 'int', properties: 'dict' });
    expect(resource('get_driver_redfish').fields).toMatchObject({ name: 'str', hosts: 'list', enabled_boot_interfaces: 'list', default_boot_interface: 'str' });
  });

  maybe('node calls: create, find, lists, patch, validate, traits, maintenance, power and boot device, VIFs', () => {
    const node = resource('create_node').raw;
    expect(node).toMatchObject({ name: 'sdk-mv-1', driver: 'fake-hardware', provision_state: 'enroll', resource_class: 'sdk-mv' });
    expect(resource('find_node').id).toBe(node.uuid);
    expect(ok('nodes').resources?.map((r) => r.id)).toContain(node.uuid);
    expect(ok('nodes_filtered').resources?.map((r) => r.id)).toEqual([node.uuid]);
    expect(resource('patch_node').raw.extra).toEqual({ sdk: 'mv', patched: true });
    expect(Object.values(ok('validate_node').result as Record<string, { result: boolean }>).every((v) => v.result)).toBe(true);
    expect(ok('traits_after').traits).toEqual(['CUSTOM_SDK_B', 'CUSTOM_SDK_C']);
    expect(ok('maintenance_after')).toMatchObject({ maintenance: true, reason: 'sdk check' });
    expect(resource('power_on').raw.power_state).toBe('power on');
    expect(resource('power_off').raw.power_state).toBe('power off');
    expect(ok('list_vifs').result).toEqual(['e7a6d3bd-4c64-4d5e-a1a1-7d7b3c8f2d11']);
    expect(ok('detach_vif').result).toBe(true);
  });

  maybe('provision verbs the SDK knows: manage, inspect, clean, provide, deploy, rescue, unrescue, undeploy, abort', () => {
    const state = (name: string) => resource(name).raw.provision_state;
    expect(['manage', 'inspect', 'clean', 'provide', 'deploy', 'rescue', 'undeploy'].map((v) => [v, state(v)])).toEqual([
      ['manage', 'manageable'], ['inspect', 'manageable'], ['clean', 'manageable'], ['provide', 'available'],
      ['deploy', 'active'], ['rescue', 'rescue'], ['undeploy', 'available'],
    ]);
    expect(ok('wait_unrescued').resources?.[0].raw.provision_state).toBe('active');
    expect(resource('inspect').raw.inspection_finished_at).not.toBeNull();
    // abort (1.13) from clean hold (a 1.85 `hold` step, run pinned at 1.111), sent at the SDK's 1.76.
    expect(ok('pinned111_wait_clean_hold').resources?.[0].raw.provision_state).toBe('clean hold');
    expect(ok('abort').requests.find((r) => r.method === 'PUT')).toMatchObject({ path: expect.stringMatching(/\/states\/provision$/), status: 202, sent: '1.76' });
    expect(ok('wait_clean_failed').resources?.[0].raw).toMatchObject({ provision_state: 'clean failed', last_error: expect.stringMatching(/aborted/) });
    expect(state('manage_after_abort')).toBe('manageable');
  });

  maybe('ports, port groups, deploy templates, allocations, conductors and volume resources', () => {
    const group = resource('create_port_group').raw;
    expect(group).toMatchObject({ name: 'sdk-mv-pg', mode: 'active-backup' });
    expect(resource('find_port_group').id).toBe(group.uuid);
    const port = resource('create_port').raw;
    expect(port).toMatchObject({ address: '52:54:00:aa:00:02', portgroup_uuid: group.uuid });
    expect(resource('patch_port').raw.extra).toEqual({ x: 'y', patched: 'yes' });
    expect(resource('patch_port_connectivity_maintenance').raw.pxe_enabled).toBe(false);
    expect(ok('ports_by_node').resources?.map((r) => r.id)).toEqual([port.uuid]);

    expect(resource('patch_deploy_template').raw).toMatchObject({ name: 'CUSTOM_SDK_MV', extra: { k: 'v', p: 1 } });
    expect(resource('wait_for_allocation').raw).toMatchObject({ state: 'active', node_uuid: resource('create_node').id, name: 'sdk-mv-alloc' });
    expect(resource('patch_allocation').raw.extra).toEqual({ a: 'b', c: 'd' });

    expect(resource('conductors').raw).toMatchObject({ alive: true, drivers: expect.arrayContaining(['fake-hardware', 'redfish']) });
    expect(resource('get_conductor').raw.hostname).toBe(resource('conductors').raw.hostname);

    expect(resource('patch_volume_connector').raw.extra).toEqual({ a: 'b' });
    expect(resource('update_volume_target').raw).toMatchObject({ volume_type: 'iscsi', boot_index: 0, extra: { a: 'b' } });
  });

  maybe('failures the SDK meets on Ironic too: conductors(details=True) and a port connectivity change on an available node', () => {
    // openstacksdk 0.101 lists detailed conductors at /v1/conductors/detail, which Ironic reads as a hostname.
    expect(get('conductors_details_path')).toMatchObject({
      ok: false, error: 'ResourceNotFound', status: 404, message: expect.stringContaining('Conductor detail could not be found.'),
    });
    expect(get('patch_port_connectivity_available')).toMatchObject({
      ok: false,
      error: 'ConflictException',
      status: 409,
      message: expect.stringContaining('can not have any connectivity attributes (pxe_enabled, local_link_connection, portgroup_id, physical_network) updated unless node'),
    });
  });

  maybe("the redfish driver's interfaces: redfish-virtual-media boot, redfish vendor, and (from 1.86) redfish firmware", () => {
    const at140 = resource('get_driver_redfish').raw;
    expect(at140.enabled_boot_interfaces).toEqual(expect.arrayContaining(['redfish-virtual-media', 'ipxe', 'pxe']));
    expect(at140.enabled_vendor_interfaces).toContain('redfish');
    expect(at140).not.toHaveProperty('enabled_firmware_interfaces');
    for (const name of ['pinned89_get_driver_redfish', 'pinned111_get_driver_redfish']) {
      const driver = resource(name);
      expect(driver.raw).toMatchObject({ default_firmware_interface: 'redfish', enabled_firmware_interfaces: expect.arrayContaining(['redfish']) });
      expect(driver.raw.enabled_boot_interfaces).toContain('redfish-virtual-media');
      // Unknown to the SDK (driver 1.40), so ignored rather than fatal.
      expect(driver.ignored).toEqual(expect.arrayContaining(['default_firmware_interface', 'enabled_firmware_interfaces']));
      expect(driver.fields).not.toHaveProperty('enabled_firmware_interfaces');
    }
  });

  maybe('pinned at 1.111: Ferrum answers at 1.111, fields newer than the SDK are ignored, not fatal', () => {
    for (const c of Object.values(calls).filter((c) => c.call.startsWith('pinned111_'))) {
      for (const r of c.requests) expect({ call: c.call, sent: r.sent, answered: r.answered }).toEqual({ call: c.call, sent: '1.111', answered: '1.111' });
    }
    const node = resource('pinned111_get_node');
    const parent = resource('pinned111_create_parent').id;
    expect(node.raw).toMatchObject({
      parent_node: parent, firmware_interface: 'no-firmware', service_step: {}, disable_power_off: true,
      instance_name: 'sdk-instance', health: null, shard: null,
    });
    const newer = ['parent_node', 'firmware_interface', 'service_step', 'disable_power_off', 'instance_name', 'health', 'shard'];
    expect(node.ignored).toEqual(expect.arrayContaining(newer));
    expect(Object.keys(node.fields)).toEqual(Object.keys(resource('get_node').fields));
    // A node list leaves child nodes out unless ?include_children=True (Ironic filters them in its DB layer, so at
    // any version, the SDK's 1.76 too); openstacksdk 0.101 does not know that query and refuses it client-side.
    expect(ok('pinned111_nodes').resources?.map((r) => r.id)).toEqual([parent]);
    expect(ok('negotiated_nodes_with_child').resources?.map((r) => r.id)).toEqual([parent]);
    expect(get('pinned111_nodes_include_children')).toMatchObject({ ok: false, error: 'InvalidResourceQuery', requests: [] });

    const port = resource('pinned111_get_port');
    expect(port.raw).toMatchObject({ name: 'sdk-port', description: 'uplink', vendor: 'acme', category: 'data', available_for_dynamic_portgroup: true });
    expect(port.ignored).toEqual(expect.arrayContaining(['description', 'vendor', 'category', 'available_for_dynamic_portgroup']));
    // `name` is on every openstacksdk resource, so the port's 1.88 name reaches the SDK.
    expect(port.fields.name).toBe('str');
    const group = resource('pinned111_get_port_group');
    expect(group.raw).toMatchObject({ category: 'bond', physical_network: null, dynamic_portgroup: false });
    expect(group.ignored).toEqual(expect.arrayContaining(['category', 'physical_network', 'dynamic_portgroup']));
    expect(resource('pinned111_get_deploy_template').raw.steps).toEqual([{ interface: 'deploy', step: 'deploy', args: {}, priority: 100 }]);
  });

  maybe('the version gates: 1.76 (the SDK) shows none of the newer fields, 1.89 shows those up to 1.89 only', () => {
    const newer = ['parent_node', 'firmware_interface', 'service_step', 'shard', 'disable_power_off', 'instance_name', 'health'];
    const at176 = resource('negotiated_get_node').raw;
    for (const field of newer) expect(at176).not.toHaveProperty(field);
    expect(ok('negotiated_get_node').requests[0]).toMatchObject({ sent: '1.76', answered: '1.76' });

    const at89 = ok('pinned89_get_node');
    expect(at89.requests[0]).toMatchObject({ sent: '1.89', answered: '1.89' });
    expect(resource('pinned89_get_node').raw).toMatchObject({ parent_node: resource('pinned111_create_parent').id, firmware_interface: 'no-firmware', service_step: {}, shard: null });
    for (const field of ['disable_power_off', 'instance_name', 'health']) expect(resource('pinned89_get_node').raw).not.toHaveProperty(field);

    const port134 = resource('negotiated_get_port');
    expect(port134.raw).not.toHaveProperty('name');
    expect(port134.raw).not.toHaveProperty('is_smartnic'); // 1.53
    const port89 = resource('pinned89_get_port');
    expect(port89.raw).toMatchObject({ name: 'sdk-port', is_smartnic: false });
    for (const field of ['description', 'vendor', 'category', 'available_for_dynamic_portgroup']) expect(port89.raw).not.toHaveProperty(field);
    for (const field of ['category', 'physical_network', 'dynamic_portgroup']) expect(resource('pinned89_get_port_group').raw).not.toHaveProperty(field);
    for (const field of ['category', 'physical_network', 'dynamic_portgroup']) expect(resource('get_port_group').raw).not.toHaveProperty(field);
    // Upstream Ironic hides a port group's newer fields on show/create/patch only: its list_convert_with_links
    // renders items with sanitize=False, so a list at the SDK's 1.26 carries them, and the SDK ignores them.
    const listed = ok('port_groups').resources?.find((r) => r.id === resource('get_port_group').id);
    expect(listed?.ignored).toEqual(['category', 'dynamic_portgroup', 'physical_network']);
    expect(listed?.mismatches).toEqual([]);
  });

  maybe('pinned above 1.111: the SDK refuses from discovery; a request at 1.112 gets Ironic\'s 406', () => {
    expect(get('pinned112_connect')).toMatchObject({
      ok: false, error: 'ConfigException',
      message: expect.stringContaining('A default microversion for service baremetal of 1.112 was requested, but the cloud only supports a minimum of 1.1 and a maximum of 1.111.'),
    });
    const raw = ok('raw_112');
    expect(raw).toMatchObject({ status: 406, min: '1.1', max: '1.111', raised: { type: 'HttpException', status: 406 } });
    expect(IronicHttp.fault(raw.body)).toBe('Version 1.112 was requested but the minor version is not supported by this service. The supported version range is: [1.1, 1.111].');
    expect(raw.requests).toEqual([expect.objectContaining({ sent: '1.112', status: 406, answered: null })]);
  });
});
