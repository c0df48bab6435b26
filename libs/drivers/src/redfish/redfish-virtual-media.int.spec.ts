import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { RedfishEmulator } from '@ferrum/bmc-emulator';
import type { Dict, InterfaceKind, NodeRecord } from '@ferrum/contracts';
import { InvalidParameterValue, MissingParameterValue } from '@ferrum/errors';
import { TESTBEDS_DIR } from '@ferrum/testing';
import { bootIntoAgent } from '../agent/agent-steps';
import { bmcImplementations } from '../bmc/bmc-implementations';
import { BmcSettings, DEFAULT_BMC_SETTINGS } from '../bmc/bmc-settings';
import { redfishHardware } from '../hardware-types/redfish';
import type { ExclusiveTask } from '../task';
import { RedfishClient } from './redfish-client';
import { RedfishManagement } from './redfish-management';
import { RedfishPower } from './redfish-power';
import { RedfishSystems } from './redfish-system';
import { ejectMedia, insertMedia, listMedia } from './redfish-virtual-media';
import { RedfishVirtualMediaBoot } from './redfish-virtual-media-boot';

const MOCKUP = join(TESTBEDS_DIR, 'redfish-mockups', 'public-rackmount1');
const UUID = '5a0f3c9e-7d21-4b8e-9f0a-2c6e1d4b7a10';
const settings: BmcSettings = {
  ...DEFAULT_BMC_SETTINGS,
  redfish: { ...DEFAULT_BMC_SETTINGS.redfish, connectionAttempts: 2, connectionRetryIntervalMs: 50, requestTimeoutMs: 5000 },
  powerStateChangeTimeoutS: 10,
  powerPollIntervalMs: 50,
};

describe('redfish-virtual-media boot against the BMC emulator', () => {
  let emulator: RedfishEmulator;
  let url: string;
  let images: Server;
  let iso: string;
  const client = new RedfishClient(settings.redfish);
  const systems = new RedfishSystems(client, settings);
  const boot = new RedfishVirtualMediaBoot(systems, { attempts: 2, retryIntervalMs: 20 });
  const power = new RedfishPower(systems);
  const management = new RedfishManagement(systems);

  /** A task as the conductor gives it: the node's power and management interfaces, and what it records. */
  const taskFor = (system: string, driverInfo: Record<string, unknown> = {}, provisionState = 'deploying') => {
    const node = {
      uuid: UUID,
      driver: 'redfish',
      provision_state: provisionState,
      driver_info: { redfish_address: url, redfish_system_id: `/redfish/v1/Systems/${system}`, redfish_username: 'admin', redfish_password: 'password', deploy_iso: iso, ...driverInfo },
      driver_internal_info: {} as Dict,
      instance_info: {},
      properties: {},
    } as unknown as NodeRecord;
    const task: ExclusiveTask = {
      shared: false,
      node,
      interfaceOf: (kind: InterfaceKind) => (kind === 'power' ? power : kind === 'management' ? management : undefined),
      record: async (changes) => void Object.assign(node, changes),
    };
    return task;
  };
  const cd = (system: string) => emulator.virtualMedia.slot(system, 'CD1')!;

  beforeAll(async () => {
    images = createServer((req, res) => {
      res.writeHead(req.url === '/ipa.iso' ? 200 : 404, { 'content-length': 0 });
      res.end();
    });
    await new Promise<void>((resolve) => images.listen(0, '127.0.0.1', resolve));
    iso = `http://127.0.0.1:${(images.address() as AddressInfo).port}/ipa.iso`;
    emulator = new RedfishEmulator({ mockupDir: MOCKUP, systems: 3 });
    url = await emulator.listen();
  });
  afterAll(async () => {
    await client.close();
    await emulator?.close();
    await new Promise((resolve) => images?.close(resolve));
  });

  it('prepareRamdisk powers off, mounts the deploy ISO in the virtual CD and boots from it once', async () => {
    const task = taskFor('437XR1138R2-0001');
    const params: Record<string, string> = {};
    await boot.prepareRamdisk(task, params);
    expect(cd('437XR1138R2-0001')).toMatchObject({ image: iso, inserted: true, writeProtected: true });
    expect(emulator.system('437XR1138R2-0001')).toMatchObject({ powerState: 'Off', boot: { BootSourceOverrideTarget: 'Cd', BootSourceOverrideEnabled: 'Once', BootSourceOverrideMode: 'UEFI' } });
    expect(task.node.driver_internal_info).toMatchObject({ vmedia_transport_protocol: 'HTTP' });
    expect(task.node.power_state).toBe('power off');
    expect(params.boot_method).toBe('vmedia');
    // The other systems behind the same BMC keep their own drives.
    expect(cd('437XR1138R2').inserted).toBe(false);

    await boot.cleanUpRamdisk(task);
    expect(cd('437XR1138R2-0001')).toMatchObject({ image: null, inserted: false });
  });

  it("boots a step's agent from the virtual CD, not the network: bootIntoAgent goes through prepareRamdisk, then powers on", async () => {
    const task = taskFor('437XR1138R2-0001', {}, 'clean wait');
    (task as { interfaceOf?: unknown }).interfaceOf = (kind: InterfaceKind) => (kind === 'power' ? power : kind === 'management' ? management : kind === 'boot' ? boot : undefined);
    await bootIntoAgent(task);
    expect(cd('437XR1138R2-0001')).toMatchObject({ image: iso, inserted: true });
    // Powered on, the machine booted once from the CD: the one-time override is used up.
    expect(emulator.system('437XR1138R2-0001')).toMatchObject({ powerState: 'On', boot: { BootSourceOverrideTarget: 'Cd', BootSourceOverrideEnabled: 'Disabled' } });
    expect(task.node.power_state).toBe('power on');
    await boot.cleanUpRamdisk(task);
  });

  it("lists the system's drives with their media types and what they hold (get_virtual_media, 1.93)", async () => {
    const node = taskFor('437XR1138R2-0002').node;
    await insertMedia(systems, node, iso, 'cd');
    const drives = await listMedia(systems, node);
    expect(drives).toContainEqual({ media_types: expect.arrayContaining(['CD']), inserted: true, image: iso });
    expect(drives.filter((d) => d.inserted)).toHaveLength(1);
    await ejectMedia(systems, node, 'cd');
    expect((await listMedia(systems, node)).filter((d) => d.inserted)).toEqual([]);
  });

  it('prepareInstance ejects and boots the instance from its disk from now on', async () => {
    const task = taskFor('437XR1138R2-0002', { redfish_deploy_iso: iso, deploy_iso: undefined });
    await boot.prepareRamdisk(task, {});
    expect(cd('437XR1138R2-0002').image).toBe(iso);
    await boot.prepareInstance(task);
    expect(cd('437XR1138R2-0002').inserted).toBe(false);
    expect(emulator.system('437XR1138R2-0002')!.boot).toMatchObject({ BootSourceOverrideTarget: 'Hdd', BootSourceOverrideEnabled: 'Continuous' });
  });

  it('leaves the drives alone outside the operations that boot the agent (a takeover)', async () => {
    await boot.prepareRamdisk(taskFor('437XR1138R2', {}, 'active'), {});
    expect(cd('437XR1138R2').inserted).toBe(false);
  });

  it("validates driver_info in Ironic's words, and says what Ferrum cannot do yet", async () => {
    await expect(boot.validate(taskFor('437XR1138R2'))).resolves.toBeUndefined();
    const missing = boot.validate(taskFor('437XR1138R2', { deploy_iso: undefined, deploy_kernel: 'http://x/k' }));
    await expect(missing).rejects.toThrow(MissingParameterValue);
    await expect(missing).rejects.toThrow("Error validating Redfish virtual media. Some parameters were missing in node's driver_info. Missing are: ['deploy_kernel', 'deploy_ramdisk']");
    await expect(boot.validate(taskFor('437XR1138R2', { deploy_iso: undefined }, 'rescuing'))).rejects.toThrow("Missing are: ['rescue_kernel', 'rescue_ramdisk']");
    const kernel = boot.validate(taskFor('437XR1138R2', { deploy_iso: undefined, deploy_kernel: 'http://x/k', deploy_ramdisk: 'http://x/r' }));
    await expect(kernel).rejects.toThrow(InvalidParameterValue);
    await expect(kernel).rejects.toThrow(/cannot build an ISO from a kernel and ramdisk yet\. Set driver_info\/deploy_iso/);
    await expect(boot.validate(taskFor('437XR1138R2', { deploy_iso: '9d3e1f0a-glance-uuid' }))).rejects.toThrow(/must be an http\(s\) URL/);
    await expect(boot.validate(taskFor('437XR1138R2', { config_via_removable: 'true' }))).rejects.toThrow(/config_via_removable/);
    await expect(boot.validate(taskFor('437XR1138R2', { redfish_address: undefined }))).rejects.toThrow(MissingParameterValue);
  });

  it("refuses an ISO the BMC cannot fetch with Ironic's mount error, after retrying the BMC's 5xx", async () => {
    const task = taskFor('437XR1138R2', { deploy_iso: iso.replace('ipa.iso', 'gone.iso') });
    await expect(boot.prepareRamdisk(task, {})).rejects.toThrow(
      new RegExp(`^Virtual media mount failed for node ${UUID} with image ${iso.replace('ipa.iso', 'gone.iso').replace(/\./g, '\\.')}\\. Error: Inserting virtual media into VirtualMediaType\\.CD failed for node ${UUID}, moving to next virtual media device, if available\\. HTTP POST .* returned code 400\\.`),
    );
    const dead = taskFor('437XR1138R2', { deploy_iso: 'http://127.0.0.1:9/ipa.iso' });
    const posts = jest.spyOn(client, 'post');
    await expect(boot.prepareRamdisk(dead, {})).rejects.toThrow(
      /^Virtual media mount failed for node .* with image http:\/\/127\.0\.0\.1:9\/ipa\.iso\. Error: HTTP POST .* returned code 500\. The service failed to establish a connection/,
    );
    // Ironic's retry of a 5xx: each attempt inserts again (this spec's boot allows 2).
    expect(posts.mock.calls.filter(([, path]) => path.endsWith('/VirtualMedia.InsertMedia'))).toHaveLength(2);
    posts.mockRestore();
    expect(cd('437XR1138R2').inserted).toBe(false);
  });

  it('sends a TransferProtocolType asked for in driver_info only when the BMC offers it', async () => {
    const task = taskFor('437XR1138R2', { vmedia_transport_protocol: 'https' });
    await boot.prepareRamdisk(task, {});
    expect(cd('437XR1138R2')).toMatchObject({ image: iso, transferProtocolType: 'HTTPS' });
    expect(task.node.driver_internal_info.vmedia_transport_protocol).toBe('HTTPS');
    await expect(boot.prepareRamdisk(taskFor('437XR1138R2', { vmedia_transport_protocol: 'NFS' }), {})).rejects.toThrow(
      `Node ${UUID} requested transport protocol NFS via driver_info, but BMC only supports ['HTTP', 'HTTPS'].`,
    );
    await boot.cleanUpInstance(task);
    expect(cd('437XR1138R2').inserted).toBe(false);
  });

  it('finds drives by MediaTypes: a USB stick in the removable drive, every drive ejected at once', async () => {
    const node = taskFor('437XR1138R2').node;
    await insertMedia(systems, node, iso, 'usb');
    await insertMedia(systems, node, iso, 'dvd');
    expect(emulator.virtualMedia.slot('437XR1138R2', 'Floppy1')).toMatchObject({ image: iso, inserted: true });
    expect(cd('437XR1138R2')).toMatchObject({ image: iso, inserted: true });
    await expect(ejectMedia(systems, node, 'floppy')).resolves.toBe(true);
    expect(cd('437XR1138R2').inserted).toBe(true);
    await insertMedia(systems, node, iso, 'floppy');
    await expect(ejectMedia(systems, node)).resolves.toBe(true);
    expect([cd('437XR1138R2').inserted, emulator.virtualMedia.slot('437XR1138R2', 'Floppy1')!.inserted]).toEqual([false, false]);
    await expect(ejectMedia(systems, node)).resolves.toBe(false);
  });

  it("looks in the system's managers when the system links no VirtualMedia, and says when none has a drive", async () => {
    const node = taskFor('437XR1138R2').node;
    const get = client.get.bind(client);
    let managerDrives: string | undefined = '/redfish/v1/Systems/437XR1138R2/VirtualMedia';
    // Older Redfish: the drives hang off the Manager (as sushy-tools links them), not the system.
    jest.spyOn(client, 'get').mockImplementation(async (info, path) => {
      const doc = await get(info, path);
      if (path.startsWith('/redfish/v1/Systems/')) delete doc.VirtualMedia;
      if (path === '/redfish/v1/Managers/BMC' && managerDrives) doc.VirtualMedia = { '@odata.id': managerDrives };
      return doc;
    });
    try {
      await insertMedia(systems, node, iso, 'cd');
      expect(cd('437XR1138R2')).toMatchObject({ image: iso, inserted: true });
      await expect(ejectMedia(systems, node, 'cd')).resolves.toBe(true);
      expect(cd('437XR1138R2').inserted).toBe(false);
      managerDrives = undefined;
      await expect(insertMedia(systems, node, iso, 'cd')).rejects.toThrow(`No suitable virtual media device found for node ${UUID} to mount image ${iso}`);
    } finally {
      jest.restoreAllMocks();
    }
  });

  it('is a boot interface of the redfish hardware type, after the network boots as in Ironic', async () => {
    expect(redfishHardware.supported.boot).toEqual(['ipxe', 'pxe', 'redfish-virtual-media']);
    const implementations = bmcImplementations({ settings });
    expect(implementations.boot['redfish-virtual-media']()).toBeInstanceOf(RedfishVirtualMediaBoot);
    await implementations.close();
    expect(Object.keys(boot.getProperties())).toEqual(['deploy_kernel', 'deploy_ramdisk', 'deploy_iso']);
  });
});
