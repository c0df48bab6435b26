import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { TESTBEDS_DIR, inCI } from '@ferrum/testing';
import { RedfishEmulator } from './redfish-emulator';
import type { EmulatorEvents } from './system-state';

const MOCKUP = join(TESTBEDS_DIR, 'redfish-mockups', 'public-rackmount1');
const SYSTEM = '/redfish/v1/Systems/437XR1138R2';
const run = promisify(execFile);
const AUTH = { authorization: `Basic ${Buffer.from('admin:password').toString('base64')}` };

/** sushy's own VirtualMedia resource (what Ironic calls) inserting and ejecting through the actions it finds. */
const SUSHY_CHECK = `
import sys, sushy
from sushy.resources.manager import virtual_media
url, system, image = sys.argv[1:4]
root = sushy.Sushy(url, auth=sushy.auth.BasicAuth('admin', 'password'))
drives = virtual_media.VirtualMediaCollection(root._conn, system + '/VirtualMedia', redfish_version=root.redfish_version)
cd = next(m for m in drives.get_members() if m.identity == 'CD1')
cd.insert_media(image, inserted=True, write_protected=True)
cd.refresh()
print('inserted', cd.image, cd.inserted)
cd.eject_media()
cd.refresh()
print('ejected', cd.image, cd.inserted)
`;

/** An image server: /deploy.iso answers HEAD, /no-head.iso only GET (as some object stores), anything else 404. */
async function imageServer(): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    if (req.url === '/deploy.iso' || (req.url === '/no-head.iso' && req.method === 'GET')) {
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': 4 });
      return void res.end(req.method === 'HEAD' ? undefined : 'CD00');
    }
    res.writeHead(req.url === '/no-head.iso' ? 405 : 404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

describe('Redfish BMC emulator: virtual media', () => {
  let emulator: RedfishEmulator;
  let url: string;
  let images: { server: Server; url: string };
  let deadUrl: string;
  const events: EmulatorEvents['vmedia'][0][] = [];

  beforeAll(async () => {
    images = await imageServer();
    // A port that was just free: nothing answers there.
    const dead = await imageServer();
    deadUrl = `${dead.url}/deploy.iso`;
    await new Promise((resolve) => dead.server.close(resolve));
    emulator = new RedfishEmulator({ mockupDir: MOCKUP, systems: 3 });
    emulator.on('vmedia', (e) => events.push(e));
    url = await emulator.listen();
  });
  afterAll(async () => {
    await emulator?.close();
    await new Promise((resolve) => images?.server.close(resolve));
  });

  const get = async (path: string) => {
    const r = await fetch(`${url}${path}`, { headers: AUTH });
    return { status: r.status, headers: r.headers, body: (await r.json()) as any };
  };
  const send = async (method: string, path: string, body?: unknown) => {
    const r = await fetch(`${url}${path}`, { method, headers: { ...AUTH, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await r.text();
    return { status: r.status, body: text ? JSON.parse(text) : undefined };
  };
  const insert = (system: string, body: unknown) => send('POST', `${system}/VirtualMedia/CD1/Actions/VirtualMedia.InsertMedia`, body);
  const eject = (system: string, device = 'CD1') => send('POST', `${system}/VirtualMedia/${device}/Actions/VirtualMedia.EjectMedia`, {});

  it("serves each system's drives from the mockup, empty, with the actions Ironic calls", async () => {
    expect((await get(SYSTEM)).body.VirtualMedia).toEqual({ '@odata.id': `${SYSTEM}/VirtualMedia` });
    const collection = (await get(`${SYSTEM}-0002/VirtualMedia`)).body;
    expect(collection.Members).toEqual([{ '@odata.id': `${SYSTEM}-0002/VirtualMedia/Floppy1` }, { '@odata.id': `${SYSTEM}-0002/VirtualMedia/CD1` }]);
    const cd = await get(`${SYSTEM}-0002/VirtualMedia/CD1`);
    expect(cd.headers.get('allow')).toBe('GET, PATCH');
    expect(cd.body).toMatchObject({
      Id: 'CD1',
      MediaTypes: ['CD', 'DVD'],
      Image: null,
      Inserted: false,
      ConnectedVia: 'NotConnected',
      Actions: {
        '#VirtualMedia.InsertMedia': { target: `${SYSTEM}-0002/VirtualMedia/CD1/Actions/VirtualMedia.InsertMedia`, 'TransferProtocolType@Redfish.AllowableValues': ['HTTP', 'HTTPS'] },
        '#VirtualMedia.EjectMedia': { target: `${SYSTEM}-0002/VirtualMedia/CD1/Actions/VirtualMedia.EjectMedia` },
      },
    });
    expect((await get(`${SYSTEM}/VirtualMedia/Floppy1`)).body.MediaTypes).toEqual(['Floppy', 'USBStick']);
    expect((await get(`${SYSTEM}/VirtualMedia/DVD9`)).status).toBe(404);
    expect((await get(`${SYSTEM}/VirtualMedia/CD1/Certificates`)).status).toBe(200);
    expect((await send('GET', `${SYSTEM}/VirtualMedia/CD1/Actions/VirtualMedia.InsertMedia`)).status).toBe(405);
  });

  it('inserts an image that answers into one system only, tells the lab, and ejects it', async () => {
    const image = `${images.url}/deploy.iso`;
    expect((await insert(`${SYSTEM}-0001`, { Image: image })).status).toBe(204);
    expect((await get(`${SYSTEM}-0001/VirtualMedia/CD1`)).body).toMatchObject({ Image: image, ImageName: 'deploy.iso', Inserted: true, WriteProtected: true, ConnectedVia: 'URI' });
    expect(emulator.virtualMedia.slot('437XR1138R2-0001', 'CD1')).toMatchObject({ image, inserted: true });
    // The other systems behind the same BMC keep their own drives.
    expect((await get(`${SYSTEM}/VirtualMedia/CD1`)).body.Inserted).toBe(false);
    expect((await get(`${SYSTEM}-0002/VirtualMedia/CD1`)).body.Image).toBeNull();
    expect(events).toEqual([{ system: '437XR1138R2-0001', device: 'CD1', image, mediaTypes: ['CD', 'DVD'], writeProtected: true }]);

    expect((await eject(`${SYSTEM}-0001`)).status).toBe(204);
    expect((await get(`${SYSTEM}-0001/VirtualMedia/CD1`)).body).toMatchObject({ Image: null, Inserted: false, ConnectedVia: 'NotConnected' });
    expect(events.at(-1)).toMatchObject({ system: '437XR1138R2-0001', device: 'CD1', image: null });
    // Ejecting an empty drive is no error, and changes nothing a lab must hear about.
    expect((await eject(`${SYSTEM}-0001`)).status).toBe(204);
    expect(events).toHaveLength(2);
  });

  it('refuses an image that does not answer, with a Redfish error, and keeps the drive as it was', async () => {
    const unreachable = await insert(SYSTEM, { Image: deadUrl });
    expect(unreachable.status).toBe(500);
    expect(unreachable.body.error.code).toBe('Base.1.8.CouldNotEstablishConnection');
    expect(unreachable.body.error.message).toContain(deadUrl);
    const missing = await insert(SYSTEM, { Image: `${images.url}/nothing.iso` });
    expect(missing.status).toBe(400);
    expect(missing.body.error.message).toBe('Cannot download virtual media: got error 404 from the server');
    expect((await get(`${SYSTEM}/VirtualMedia/CD1`)).body.Inserted).toBe(false);
    // A server that refuses HEAD is asked with GET.
    expect((await insert(SYSTEM, { Image: `${images.url}/no-head.iso` })).status).toBe(204);
    await eject(SYSTEM);
  });

  it("checks InsertMedia's parameters", async () => {
    const code = async (body: unknown) => (await insert(`${SYSTEM}-0002`, body)).body.error.code;
    expect(await code({})).toBe('Base.1.8.ActionParameterMissing');
    expect(await code({ Image: 'deploy.iso' })).toBe('Base.1.8.ActionParameterValueFormatError');
    expect(await code({ Image: `${images.url}/deploy.iso`, TransferProtocolType: 'NFS' })).toBe('Base.1.8.ActionParameterValueNotInList');
    expect(await code({ Image: `${images.url}/deploy.iso`, UserName: 'user' })).toBe('Base.1.8.ActionParameterMissing');
    expect(await code({ Image: `${images.url}/deploy.iso`, Inserted: 'yes' })).toBe('Base.1.8.ActionParameterValueTypeError');
    expect(await code({ Image: `${images.url}/deploy.iso`, Color: 'blue' })).toBe('Base.1.8.ActionParameterUnknown');
    const ok = await insert(`${SYSTEM}-0002`, { Image: `${images.url}/deploy.iso`, WriteProtected: false, TransferProtocolType: 'HTTP', UserName: 'u', Password: 'p' });
    expect(ok.status).toBe(204);
    expect((await get(`${SYSTEM}-0002/VirtualMedia/CD1`)).body).toMatchObject({ WriteProtected: false, TransferProtocolType: 'HTTP', UserName: 'u', Password: null });
    await eject(`${SYSTEM}-0002`);
  });

  it('takes a PATCH of Image and Inserted, as sushy sends it to drives without actions', async () => {
    const path = `${SYSTEM}/VirtualMedia/Floppy1`;
    const image = `${images.url}/deploy.iso`;
    expect((await send('PATCH', path, { Image: image, Inserted: true, WriteProtected: true })).status).toBe(204);
    expect((await get(path)).body).toMatchObject({ Image: image, Inserted: true, ConnectedVia: 'URI' });
    expect(events.at(-1)).toMatchObject({ system: '437XR1138R2', device: 'Floppy1', image, mediaTypes: ['Floppy', 'USBStick'] });
    expect((await send('PATCH', path, { Image: null, Inserted: false })).status).toBe(204);
    expect((await get(path)).body).toMatchObject({ Image: null, Inserted: false });
    expect(events.at(-1)).toMatchObject({ device: 'Floppy1', image: null });

    expect((await send('PATCH', path, { Image: deadUrl })).status).toBe(500);
    expect((await send('PATCH', path, { Inserted: true })).body.error.code).toBe('Base.1.8.PropertyValueConflict');
    expect((await send('PATCH', path, { MediaTypes: ['CD'] })).body.error.code).toBe('Base.1.8.PropertyNotWritable');
    expect((await send('PATCH', path, { Inserted: 'no' })).body.error.code).toBe('Base.1.8.PropertyValueFormatError');
    expect((await get(path)).body.Inserted).toBe(false);
  });

  it('accepts a one-time boot override to Cd, which the next boot uses', async () => {
    expect((await get(`${SYSTEM}-0002`)).body.Boot['BootSourceOverrideTarget@Redfish.AllowableValues']).toContain('Cd');
    const boots: EmulatorEvents['boot'][0][] = [];
    emulator.on('boot', (e) => boots.push(e));
    expect((await send('PATCH', `${SYSTEM}-0002`, { Boot: { BootSourceOverrideTarget: 'Cd', BootSourceOverrideEnabled: 'Once' } })).status).toBe(200);
    await send('POST', `${SYSTEM}-0002/Actions/ComputerSystem.Reset`, { ResetType: 'ForceRestart' });
    expect(boots).toEqual([expect.objectContaining({ system: '437XR1138R2-0002', device: 'Cd', once: true })]);
  });

  it("works with Ironic's own Redfish client (python3-sushy)", async () => {
    if (!existsSync('/usr/lib/python3/dist-packages/sushy')) {
      if (inCI()) throw new Error('python3-sushy is required under CI=true');
      process.stderr.write('[ferrum tests] python3-sushy not installed: sushy check skipped\n');
      return;
    }
    const image = `${images.url}/deploy.iso`;
    const { stdout } = await run('/usr/bin/python3', ['-c', SUSHY_CHECK, url, `${SYSTEM}-0001`, image], { timeout: 60_000 });
    expect(stdout.trim().split('\n')).toEqual([`inserted ${image} True`, 'ejected None False']);
  }, 60_000);
});
