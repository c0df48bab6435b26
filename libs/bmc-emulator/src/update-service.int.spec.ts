import { Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { TESTBEDS_DIR } from '@ferrum/testing';
import { RedfishEmulator } from './redfish-emulator';

const MOCKUP = join(TESTBEDS_DIR, 'redfish-mockups', 'public-rackmount1');
const ACTION = '/redfish/v1/UpdateService/Actions/SimpleUpdate';
const SYSTEM = (id: string) => `/redfish/v1/Systems/${id}`;
const DELAY_MS = 300;
const auth = { authorization: `Basic ${Buffer.from('admin:password').toString('base64')}` };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('Redfish BMC emulator: UpdateService.SimpleUpdate', () => {
  let emulator: RedfishEmulator;
  let url: string;
  let images: Server;
  let imageBase: string;

  beforeAll(async () => {
    // Firmware images: any .bin answers, anything else is missing.
    images = createServer((req, res) => {
      res.writeHead(req.url?.split('?')[0].endsWith('.bin') ? 200 : 404, { 'content-type': 'application/octet-stream' });
      res.end(req.method === 'HEAD' ? undefined : 'firmware');
    });
    await new Promise<void>((resolve) => images.listen(0, '127.0.0.1', resolve));
    imageBase = `http://127.0.0.1:${(images.address() as AddressInfo).port}`;
    emulator = new RedfishEmulator({ mockupDir: MOCKUP, systems: 3, firmwareUpdateDelayMs: DELAY_MS });
    url = await emulator.listen();
  });
  afterAll(async () => {
    await emulator?.close();
    images?.closeAllConnections();
    await new Promise((resolve) => images?.close(resolve));
  });

  const get = async (path: string) => {
    const r = await fetch(`${url}${path}`, { headers: auth });
    const text = await r.text();
    return { status: r.status, body: text ? JSON.parse(text) : undefined };
  };
  const update = async (body: unknown) => {
    const r = await fetch(`${url}${ACTION}`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const text = await r.text();
    return { status: r.status, location: r.headers.get('location'), body: text ? JSON.parse(text) : undefined };
  };
  const biosVersion = async (id: string) => (await get(SYSTEM(id))).body.BiosVersion;
  const bmcVersion = async () => (await get('/redfish/v1/Managers/BMC')).body.FirmwareVersion;

  it("serves the mockup's UpdateService with its SimpleUpdate action", async () => {
    const { body } = await get('/redfish/v1/UpdateService');
    expect(body.Actions['#UpdateService.SimpleUpdate']).toMatchObject({ target: ACTION });
  });

  it("accepts an image for one system's BIOS with a task monitor; the task runs for the delay, then the new version shows on that system only", async () => {
    const accepted = await update({ ImageURI: `${imageBase}/P79%20v1.46.bin`, TransferProtocol: 'HTTP', Targets: [SYSTEM('437XR1138R2-0001')] });
    expect(accepted.status).toBe(202);
    // sushy polls the Task the body names (urljoin of Location and @odata.id); the Location is its monitor.
    expect(accepted.body).toMatchObject({ '@odata.type': '#Task.v1_7_0.Task', TaskState: 'Running', TaskStatus: 'OK' });
    const task = accepted.body['@odata.id'] as string;
    expect(task).toMatch(/^\/redfish\/v1\/TaskService\/Tasks\/[^/]+$/);
    expect(accepted.location).toBe(`${task}/Monitor`);
    expect((await get(accepted.location!)).status).toBe(202);
    expect(await biosVersion('437XR1138R2-0001')).toBe('P79 v1.45 (12/06/2017)');

    await sleep(DELAY_MS + 100);
    expect((await get(task)).body).toMatchObject({ TaskState: 'Completed', TaskStatus: 'OK', PercentComplete: 100, Messages: [{ MessageId: 'Update.1.0.UpdateSuccessful' }] });
    expect((await get(accepted.location!)).status).toBe(204);
    expect(await biosVersion('437XR1138R2-0001')).toBe('P79 v1.46');
    expect(await biosVersion('437XR1138R2')).toBe('P79 v1.45 (12/06/2017)');
    expect(await biosVersion('437XR1138R2-0002')).toBe('P79 v1.45 (12/06/2017)');
    expect((await get('/redfish/v1/TaskService/Tasks')).body.Members).toContainEqual({ '@odata.id': task });
  });

  it("flashes the BMC for an image named bmc…, a system as Target (as Ironic sends it) or none: the manager's FirmwareVersion and inventory change", async () => {
    const accepted = await update({ ImageURI: `${imageBase}/bmc-1.46.0.bin`, TransferProtocol: 'HTTP', Targets: [SYSTEM('437XR1138R2-0002')] });
    expect(accepted.status).toBe(202);
    await sleep(DELAY_MS + 100);
    expect(await bmcVersion()).toBe('bmc-1.46.0');
    expect((await get('/redfish/v1/UpdateService/FirmwareInventory/BMC')).body.Version).toBe('bmc-1.46.0');
    expect(await biosVersion('437XR1138R2-0002')).toBe('P79 v1.45 (12/06/2017)');
  });

  it('takes the version from a `version` query parameter, and the device from a FirmwareInventory Target', async () => {
    const accepted = await update({ ImageURI: `${imageBase}/firmware.bin?version=2.0.0`, Targets: ['/redfish/v1/UpdateService/FirmwareInventory/BMC'] });
    expect(accepted.status).toBe(202);
    await sleep(DELAY_MS + 100);
    expect(await bmcVersion()).toBe('2.0.0');
  });

  it('refuses an image URL that does not answer, or answers 404, with a Redfish error, starting no task', async () => {
    const tasks = (await get('/redfish/v1/TaskService/Tasks')).body.Members.length;
    const missing = await update({ ImageURI: `${imageBase}/missing.img`, Targets: [SYSTEM('437XR1138R2')] });
    expect(missing.status).toBe(400);
    expect(missing.body.error['@Message.ExtendedInfo'][0]).toMatchObject({ MessageId: 'Base.1.8.ResourceMissingAtURI', Message: `The resource at the URI ${imageBase}/missing.img was not found.` });
    const closed = await update({ ImageURI: 'http://127.0.0.1:9/bios.bin', Targets: [SYSTEM('437XR1138R2')] });
    expect(closed.status).toBe(400);
    expect(closed.body.error['@Message.ExtendedInfo'][0]).toMatchObject({ MessageId: 'Base.1.8.CouldNotEstablishConnection' });
    expect((await get('/redfish/v1/TaskService/Tasks')).body.Members).toHaveLength(tasks);
  });

  it('refuses malformed requests: no ImageURI, an unknown parameter or protocol, an unknown Target, a BIOS image without Targets for several systems', async () => {
    const id = async (body: unknown) => (await update(body)).body.error['@Message.ExtendedInfo'][0].MessageId as string;
    expect(await id({ Targets: [] })).toBe('Base.1.8.ActionParameterMissing');
    expect(await id({ ImageURI: `${imageBase}/a.bin`, Force: true })).toBe('Base.1.8.ActionParameterUnknown');
    expect(await id({ ImageURI: `${imageBase}/a.bin`, TransferProtocol: 'GOPHER' })).toBe('Base.1.8.ActionParameterValueNotInList');
    expect(await id({ ImageURI: `${imageBase}/a.bin`, Targets: [SYSTEM('nope')] })).toBe('Base.1.8.ActionParameterValueNotInList');
    expect(await id({ ImageURI: `${imageBase}/bios.bin` })).toBe('Base.1.8.ActionParameterMissing');
    expect(await id({ ImageURI: 'ftp://127.0.0.1/bios.bin', Targets: [SYSTEM('437XR1138R2')] })).toBe('Base.1.8.SourceDoesNotSupportProtocol');
  });

  it('takes the scheme of an ImageURI without one from TransferProtocol', async () => {
    const accepted = await update({ ImageURI: `${imageBase.slice('http://'.length)}/P79%20v1.47.bin`, TransferProtocol: 'HTTP', Targets: [SYSTEM('437XR1138R2-0002')] });
    expect(accepted.status).toBe(202);
    await sleep(DELAY_MS + 100);
    expect(await biosVersion('437XR1138R2-0002')).toBe('P79 v1.47');
  });
});
