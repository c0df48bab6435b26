import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { TESTBEDS_DIR, inCI } from '@ferrum/testing';
import { RedfishEmulator } from './redfish-emulator';

const run = promisify(execFile);
const MOCKUP = join(TESTBEDS_DIR, 'redfish-mockups', 'public-rackmount1');
const SYSTEM = '/redfish/v1/Systems/437XR1138R2';
const basic = (user = 'admin', password = 'password') => ({ authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` });

describe('Redfish BMC emulator', () => {
  let emulator: RedfishEmulator;
  let url: string;
  const events: { event: string; [k: string]: unknown }[] = [];

  beforeAll(async () => {
    emulator = new RedfishEmulator({ mockupDir: MOCKUP, systems: 3 });
    for (const event of ['power', 'boot', 'boot-override'] as const) emulator.on(event, (e: object) => events.push({ event, ...e }));
    url = await emulator.listen();
  });
  afterAll(async () => {
    await emulator?.close();
  });

  const get = async (path: string, headers: Record<string, string> = basic()) => {
    const r = await fetch(`${url}${path}`, { headers });
    return { status: r.status, body: (await r.json()) as any };
  };
  const send = async (method: string, path: string, body: unknown, headers: Record<string, string> = basic()) => {
    const r = await fetch(`${url}${path}`, { method, headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const text = await r.text();
    return { status: r.status, headers: r.headers, body: text ? JSON.parse(text) : undefined };
  };

  it('serves the service root without credentials and everything else only with them', async () => {
    expect((await get('/redfish/v1/', {})).body).toMatchObject({ RedfishVersion: '1.15.0', Systems: { '@odata.id': '/redfish/v1/Systems' } });
    expect((await get(SYSTEM, {})).status).toBe(401);
    const wrong = await get(SYSTEM, basic('admin', 'wrong'));
    expect(wrong.status).toBe(401);
    expect(wrong.body.error.code).toBe('Base.1.8.InsufficientPrivilege');
    expect((await get(SYSTEM)).body).toMatchObject({ Id: '437XR1138R2', PowerState: 'On', Boot: { BootSourceOverrideTarget: 'Pxe' } });
  });

  it('serves many systems on one port, each with its own id, UUID and MACs', async () => {
    const systems = (await get('/redfish/v1/Systems')).body;
    expect(systems['Members@odata.count']).toBe(3);
    expect(systems.Members.map((m: any) => m['@odata.id'])).toEqual([SYSTEM, `${SYSTEM}-0001`, `${SYSTEM}-0002`]);
    const second = (await get(`${SYSTEM}-0001`)).body;
    expect(second.Id).toBe('437XR1138R2-0001');
    expect(second.UUID).not.toBe((await get(SYSTEM)).body.UUID);
    const nic = (await get(`${SYSTEM}-0001/EthernetInterfaces/12446A3B0411`)).body;
    expect(nic.MACAddress).toBe('02:00:00:01:04:11');
    expect((await get(`${SYSTEM}/EthernetInterfaces/12446A3B0411`)).body.MACAddress).toBe('12:44:6A:3B:04:11');
    expect((await get('/redfish/v1/Systems/nope')).status).toBe(404);
  });

  it('changes PowerState on Reset and tells listeners', async () => {
    const target = `${SYSTEM}-0002/Actions/ComputerSystem.Reset`;
    expect((await send('POST', target, { ResetType: 'ForceOff' })).status).toBe(204);
    expect((await get(`${SYSTEM}-0002`)).body.PowerState).toBe('Off');
    expect((await send('POST', target, { ResetType: 'On' })).status).toBe(204);
    expect((await get(`${SYSTEM}-0002`)).body.PowerState).toBe('On');
    expect(events.filter((e) => e.event === 'power' && e.system === '437XR1138R2-0002').map((e) => e.to)).toEqual(['Off', 'On']);
    const bad = await send('POST', target, { ResetType: 'Explode' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('Base.1.8.ActionParameterValueNotInList');
  });

  it('keeps a boot override PATCH, checked against AllowableValues, and uses up a Once override at the next boot', async () => {
    const path = `${SYSTEM}-0001`;
    const bad = await send('PATCH', path, { Boot: { BootSourceOverrideTarget: 'Floppy' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('Base.1.8.PropertyValueNotInList');
    expect((await send('PATCH', path, { Boot: { BootSourceOverrideEnabled: 'Sometimes' } })).status).toBe(400);
    expect((await send('PATCH', path, { PowerState: 'Off' })).body.error.code).toBe('Base.1.8.PropertyNotWritable');
    expect((await get(path)).body.Boot).toMatchObject({ BootSourceOverrideTarget: 'Pxe', BootSourceOverrideEnabled: 'Once' });

    const ok = await send('PATCH', path, { Boot: { BootSourceOverrideTarget: 'Cd', BootSourceOverrideEnabled: 'Once', BootSourceOverrideMode: 'Legacy' } });
    expect(ok.status).toBe(200);
    expect((await get(path)).body.Boot).toMatchObject({ BootSourceOverrideTarget: 'Cd', BootSourceOverrideEnabled: 'Once', BootSourceOverrideMode: 'Legacy' });
    await send('POST', `${path}/Actions/ComputerSystem.Reset`, { ResetType: 'ForceRestart' });
    expect(events).toContainEqual(expect.objectContaining({ event: 'boot', system: '437XR1138R2-0001', device: 'Cd', mode: 'Legacy', once: true }));
    expect((await get(path)).body.Boot).toMatchObject({ BootSourceOverrideTarget: 'Cd', BootSourceOverrideEnabled: 'Disabled' });
  });

  it('creates sessions whose token authenticates until the session is deleted', async () => {
    expect((await send('POST', '/redfish/v1/SessionService/Sessions', { UserName: 'admin', Password: 'nope' }, {})).status).toBe(401);
    const created = await send('POST', '/redfish/v1/SessionService/Sessions', { UserName: 'admin', Password: 'password' }, {});
    expect(created.status).toBe(201);
    const token = created.headers.get('x-auth-token')!;
    const location = created.headers.get('location')!;
    expect((await get(SYSTEM, { 'x-auth-token': token })).status).toBe(200);
    expect((await get('/redfish/v1/SessionService/Sessions')).body.Members).toContainEqual({ '@odata.id': location });
    expect((await fetch(`${url}${location}`, { method: 'DELETE', headers: { 'x-auth-token': token } })).status).toBe(204);
    expect((await get(SYSTEM, { 'x-auth-token': token })).status).toBe(401);
  });

  it('applies a Reset only after the configured delay', async () => {
    const slow = new RedfishEmulator({ mockupDir: MOCKUP, powerDelayMs: 300 });
    const slowUrl = await slow.listen();
    try {
      const changed = new Promise((resolve) => slow.once('power', resolve));
      const r = await fetch(`${slowUrl}${SYSTEM}/Actions/ComputerSystem.Reset`, { method: 'POST', headers: { ...basic(), 'content-type': 'application/json' }, body: '{"ResetType":"ForceOff"}' });
      expect(r.status).toBe(204);
      expect(slow.system('437XR1138R2')!.powerState).toBe('On');
      await changed;
      expect(slow.system('437XR1138R2')!.powerState).toBe('Off');
    } finally {
      await slow.close();
    }
  });

  it("names each system's NIC MACs as its EthernetInterfaces show them, the BMC's own link left out", async () => {
    for (const id of emulator.systemIds) {
      const collection = (await get(`/redfish/v1/Systems/${id}/EthernetInterfaces`)).body;
      const shown: string[] = [];
      for (const member of collection.Members) {
        if (/ToManager$/.test(member['@odata.id'])) continue;
        shown.push(String((await get(member['@odata.id'])).body.MACAddress).toLowerCase());
      }
      expect(emulator.nicMacs(id)).toEqual([...new Set(shown)]);
    }
    expect(emulator.nicMacs(emulator.systemIds[1])).not.toEqual(emulator.nicMacs(emulator.systemIds[2]));
  });

  it('hangs every request for a system whose BMC is made unresponsive, and answers the others and the same one once it recovers', async () => {
    const [hung, other] = [emulator.systemIds[1], emulator.systemIds[2]];
    emulator.setUnresponsive(hung, true);
    try {
      const attempt = await fetch(`${url}/redfish/v1/Systems/${hung}`, { headers: basic(), signal: AbortSignal.timeout(500) }).then(
        (r) => `answered ${r.status}`,
        (e: Error) => e.name,
      );
      expect(attempt).toBe('TimeoutError');
      expect((await get(`/redfish/v1/Systems/${other}`)).status).toBe(200);
    } finally {
      emulator.setUnresponsive(hung, false);
    }
    expect((await get(`/redfish/v1/Systems/${hung}`)).status).toBe(200);
  });

  it("passes the check of Ironic's own Redfish client (python3-sushy), power change included", async () => {
    if (!existsSync('/usr/lib/python3/dist-packages/sushy')) {
      if (inCI()) throw new Error('python3-sushy is required under CI=true');
      process.stderr.write('[ferrum tests] python3-sushy not installed: sushy check skipped\n');
      return;
    }
    const check = new RedfishEmulator({ mockupDir: MOCKUP, systems: 2, powerDelayMs: 200 });
    const checkUrl = await check.listen();
    try {
      const { stdout } = await run('/usr/bin/python3', [join(TESTBEDS_DIR, 'redfish-client-check.py'), checkUrl, '--expect-power-change'], { timeout: 60_000 });
      expect(stdout).toContain('systems: 2');
      expect(stdout).toMatch(/after: power=\S*OFF boot=\(\S*HDD, \S*ONCE, \S*UEFI\)/i);
      expect(check.system('437XR1138R2')).toMatchObject({ powerState: 'Off', boot: { BootSourceOverrideTarget: 'Hdd', BootSourceOverrideEnabled: 'Once', BootSourceOverrideMode: 'UEFI' } });
    } finally {
      await check.close();
    }
  }, 60_000);
});
