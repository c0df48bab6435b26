import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { inCI } from '@ferrum/testing';
import { cliAgainstFerrum } from '../support/baremetal-cli';
import { IronicHttp } from '../support/http';

const exec = promisify(execFile);
const PYTHON = '/usr/bin/python3';
const SDK_SCRIPT = join(__dirname, 'openstacksdk-passthru.py');
const ENV = { ...process.env, PYTHONWARNINGS: 'ignore' };


/**
 * The provisioning lifecycle, drivers, management and vendor passthru through the real clients:
 * python-ironicclient's `baremetal` CLI (path-form passthru) and openstacksdk (the `?method=` form)
 * against an all-in-one Ferrum with fake hardware. Mandatory under CI=true; skipped elsewhere if the CLI is absent.
 */
describe('real baremetal CLI: provisioning lifecycle, drivers, management and passthru', () => {
  // fake-hardware only: the driver listing below is about one hardware type (ipmi and redfish have e2e/cli/baremetal-bmc).
  const ctx = cliAgainstFerrum('CLI lifecycle conformance', () => ({ FERRUM_ENABLED_HARDWARE_TYPES: 'fake-hardware,ferrum-demo' }));
  const bm = (...args: string[]) => ctx.cli.bm(...args);
  const bmRun = (...args: string[]) => ctx.cli.run(...args);
  const bmFails = (...args: string[]) => ctx.cli.fails(...args);
  const endpoint = () => ctx.cli.endpoint;
  const show = (ident: string) => bm('node', 'show', ident);
  const settled = (uuid: string, check: (n: any) => boolean) => new IronicHttp(endpoint()).until(`/v1/nodes/${uuid}`, (n) => check(n) && n.reservation === null);
  const { maybe } = ctx;

  maybe('takes a node through manage, inspect, provide, deploy, power, undeploy, maintenance and delete', async () => {
    const { uuid } = await bm('node', 'create', '--driver', 'fake-hardware', '--name', 'cli-life-1');
    expect((await show(uuid)).provision_state).toBe('enroll');

    await bm('node', 'manage', 'cli-life-1', '--wait', '60');
    expect(await show(uuid)).toMatchObject({ provision_state: 'manageable', target_provision_state: null });
    await bm('node', 'inspect', 'cli-life-1', '--wait', '60');
    expect((await show(uuid)).inspection_finished_at).not.toBeNull();
    await bm('node', 'provide', 'cli-life-1', '--wait', '60');
    expect((await show(uuid)).provision_state).toBe('available');
    await bm('node', 'deploy', 'cli-life-1', '--wait', '60');
    expect(await show(uuid)).toMatchObject({ provision_state: 'active', target_provision_state: null, last_error: null });

    await bm('node', 'power', 'off', 'cli-life-1');
    await settled(uuid, (n) => n.power_state === 'power off');
    await bm('node', 'power', 'on', 'cli-life-1');
    await settled(uuid, (n) => n.power_state === 'power on');

    await bm('node', 'undeploy', 'cli-life-1', '--wait', '60');
    expect((await show(uuid)).provision_state).toBe('available');

    await bm('node', 'maintenance', 'set', '--reason', 'x', 'cli-life-1');
    expect(await show(uuid)).toMatchObject({ maintenance: true, maintenance_reason: 'x' });
    expect(await bmFails('node', 'deploy', 'cli-life-1')).toMatch(/maintenance/);
    await bm('node', 'maintenance', 'unset', 'cli-life-1');
    expect(await show(uuid)).toMatchObject({ maintenance: false, maintenance_reason: null });

    expect(await bmFails('node', 'inspect', 'cli-life-1')).toMatch(/can not be performed on node .* while it is in state "available"/);
    await bm('node', 'delete', 'cli-life-1');
    expect(await bmFails('node', 'show', uuid)).toMatch(/could not be found/);
  });

  maybe('lists and shows drivers and their properties', async () => {
    const drivers = await bm('driver', 'list');
    expect(drivers.map((d: any) => d['Supported driver(s)']).sort()).toEqual(['fake-hardware', 'ferrum-demo']);
    const host: string = drivers[0]['Active host(s)'];
    expect(host).toBeTruthy();
    const shown = await bm('driver', 'show', 'fake-hardware');
    expect(shown).toMatchObject({ name: 'fake-hardware', hosts: host, type: 'dynamic', default_power_interface: 'fake', default_vendor_interface: 'fake' });
    expect(shown.enabled_vendor_interfaces).toMatch(/fake/);
    expect(await bm('driver', 'property', 'list', 'fake-hardware')).toEqual([
      { Property: 'B1', Description: 'B1 description. Required.' },
      { Property: 'B2', Description: 'B2 description. Required.' },
    ]);
    expect(await bmFails('driver', 'show', 'ipmi')).toMatch(/Could not find the following driver\(s\) or hardware type\(s\): ipmi/);
  });

  maybe('validates a node and sets and shows its boot device', async () => {
    const { uuid } = await bm('node', 'create', '--driver', 'fake-hardware', '--name', 'cli-mgmt-1');
    const validation = await bm('node', 'validate', 'cli-mgmt-1');
    expect(validation.map((v: any) => v.Interface).sort()).toEqual(
      ['bios', 'boot', 'console', 'deploy', 'firmware', 'inspect', 'management', 'network', 'power', 'raid', 'rescue', 'storage'],
    );
    expect(validation.find((v: any) => v.Interface === 'power')).toEqual({ Interface: 'power', Result: true, Reason: '' });

    await bm('node', 'boot', 'device', 'set', 'cli-mgmt-1', 'pxe');
    expect(await bm('node', 'boot', 'device', 'show', 'cli-mgmt-1')).toEqual({ boot_device: 'pxe', persistent: false });
    expect(await bm('node', 'boot', 'device', 'show', '--supported', 'cli-mgmt-1')).toEqual({ supported_boot_devices: 'pxe' });
    expect(await bmFails('node', 'boot', 'device', 'set', 'cli-mgmt-1', 'cdrom')).toMatch(/Invalid boot device cdrom specified/);
    await bm('node', 'delete', uuid);
  });

  maybe('lists and calls node vendor passthru methods (path form)', async () => {
    const { uuid } = await bm('node', 'create', '--driver', 'fake-hardware', '--name', 'cli-vendor-1');
    const methods = await bm('node', 'passthru', 'list', 'cli-vendor-1');
    expect(methods).toContainEqual({
      Name: 'third_method_sync',
      'Supported HTTP methods': 'POST',
      Async: false,
      Description: 'Test if the value of bar is meow',
      'Response is attachment': false,
    });
    expect(methods.map((m: any) => m.Name).sort()).toEqual(['fourth_method_shared_lock', 'second_method', 'third_method_sync']);

    // The server answers 200 with the JSON `true`, as Ironic does for this fake method. ironicclient 5.0.1 then builds
    // a resource from any non-empty body and fails on a bare boolean, against Ironic too, so the check is on the wire.
    const meow = await bmRun('--debug', 'node', 'passthru', 'call', 'cli-vendor-1', 'third_method_sync', '--arg', 'bar=meow');
    expect(meow.stderr).toContain(`REQ: curl -g -i -X POST ${endpoint()}/v1/nodes/cli-vendor-1/vendor_passthru/third_method_sync`);
    expect(meow.stderr).toContain(`-d '{"bar": "meow"}'`);
    expect(meow.stderr).toMatch(/RESP: \[200\].*content-type: application\/json/);
    expect(meow.stderr).toContain('RESP BODY: true');
    expect(meow.stderr).toContain("'bool' object has no attribute 'items'");
    // `false` is an empty answer to the client: it prints nothing and succeeds.
    expect(await bm('node', 'passthru', 'call', 'cli-vendor-1', 'third_method_sync', '--arg', 'bar=woof')).toBe('');
    expect(await bmFails('node', 'passthru', 'call', 'cli-vendor-1', 'third_method_sync')).toMatch(/Parameter 'bar' not passed to method 'third_method_sync'/);

    // Async: 202 with no body; the method runs after the reply, holding the node.
    expect(await bm('node', 'passthru', 'call', 'cli-vendor-1', 'second_method', '--arg', 'bar=kazoo')).toBe('');
    await settled(uuid, () => true);
    await bm('node', 'delete', uuid);
  });

  maybe('lists and calls driver vendor passthru methods (path form)', async () => {
    // fake-hardware has none, as on Ironic; Ferrum's demonstration ones are on ferrum-demo.
    expect(await bm('driver', 'passthru', 'list', 'fake-hardware')).toEqual([]);
    const methods = await bm('driver', 'passthru', 'list', 'ferrum-demo');
    expect(methods.map((m: any) => m.Name).sort()).toEqual(['add', 'driver_job', 'echo']);
    expect(methods.find((m: any) => m.Name === 'echo')).toMatchObject({ 'Supported HTTP methods': 'GET, POST, PUT, PATCH, DELETE', Async: false });

    // ironicclient 5.0.1 cannot print the dict a sync driver method returns (its resource object has no items()), so
    // the check is on the wire: a GET on the path form, answered 200 with what the method saw.
    const echo = await bmRun('--debug', 'driver', 'passthru', 'call', 'ferrum-demo', 'echo', '--http-method', 'GET');
    expect(echo.stderr).toContain(`REQ: curl -g -i -X GET ${endpoint()}/v1/drivers/ferrum-demo/vendor_passthru/echo`);
    expect(echo.stderr).toMatch(/RESP: \[200\]/);
    const body = /RESP BODY: (.*)$/m.exec(echo.stderr)?.[1];
    expect(JSON.parse(body!)).toMatchObject({ driver: 'ferrum-demo', http_method: 'GET', args: {} });
    // An async driver method answers 202 with no body, which the CLI prints as an empty result.
    expect((await bmRun('driver', 'passthru', 'call', 'ferrum-demo', 'driver_job')).code).toBe(0);
    expect(await bmFails('driver', 'passthru', 'call', 'ferrum-demo', 'add', '--arg', 'a=1', '--arg', 'b=x')).toMatch(/Invalid argument "b"/);
  });

  maybe('openstacksdk calls node and driver methods with the ?method= URL form', async () => {
    if (!existsSync(PYTHON)) {
      if (inCI()) throw new Error(`${PYTHON} is required under CI=true`);
      process.stderr.write('[ferrum tests] /usr/bin/python3 not installed: openstacksdk passthru skipped\n');
      return;
    }
    const { uuid } = await bm('node', 'create', '--driver', 'fake-hardware', '--name', 'sdk-vendor-1');
    let stdout: string;
    try {
      ({ stdout } = await exec(PYTHON, [SDK_SCRIPT, endpoint(), 'sdk-vendor-1'], { env: ENV, timeout: 60_000 }));
    } catch (error) {
      const e = error as { stderr?: string };
      if (!inCI() && /No module named 'openstack'/.test(e.stderr ?? '')) {
        process.stderr.write('[ferrum tests] openstacksdk not installed: openstacksdk passthru skipped\n');
        return;
      }
      throw new Error(`openstacksdk script failed:\n${e.stderr ?? ''}`);
    }
    const calls = Object.fromEntries(stdout.trim().split('\n').map((line) => JSON.parse(line) as { call: string }).map((c) => [c.call, c]));
    expect(calls.node).toEqual({ call: 'node', status: 200, url: `${endpoint()}/v1/nodes/${uuid}/vendor_passthru?method=third_method_sync`, body: true });
    expect(calls.node_async).toEqual({ call: 'node_async', status: 202, url: `${endpoint()}/v1/nodes/${uuid}/vendor_passthru?method=second_method`, body: null });
    expect(calls.driver).toMatchObject({ status: 200, url: `${endpoint()}/v1/drivers/ferrum-demo/vendor_passthru?method=echo`, body: { http_method: 'GET', args: {} } });
    expect(calls.driver_methods).toMatchObject({ body: { echo: { async: false }, add: { args_schema: { required: ['a', 'b'] } } } });
    // And on the server side, the query form is what arrived.
    expect(ctx.ferrum.logs).toContain(`"url":"/v1/nodes/${uuid}/vendor_passthru?method=third_method_sync","status":200`);
    expect(ctx.ferrum.logs).toContain('"url":"/v1/drivers/ferrum-demo/vendor_passthru?method=echo","status":200');
    await settled(uuid, () => true);
    await bm('node', 'delete', uuid);
  });
});
