import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { RedfishEmulator } from '@ferrum/bmc-emulator';
import type { NodeRecord } from '@ferrum/contracts';
import { InternalError, InvalidParameterValue, NotFound, RedfishError } from '@ferrum/errors';
import { TESTBEDS_DIR } from '@ferrum/testing';
import { bmcImplementations } from '../bmc/bmc-implementations';
import { BmcSettings, DEFAULT_BMC_SETTINGS } from '../bmc/bmc-settings';
import { redfishHardware } from '../hardware-types/redfish';
import type { ExclusiveTask } from '../task';
import { RedfishClient } from './redfish-client';
import { RedfishSystems } from './redfish-system';
import { RedfishVendor } from './redfish-vendor';
import { insertMedia } from './redfish-virtual-media';

const MOCKUP = join(TESTBEDS_DIR, 'redfish-mockups', 'public-rackmount1');
const UUID = '5a0f3c9e-7d21-4b8e-9f0a-2c6e1d4b7a10';
const SYSTEM = '437XR1138R2';
const DESTINATION = 'https://collector.example/events';
const settings: BmcSettings = { ...DEFAULT_BMC_SETTINGS, redfish: { ...DEFAULT_BMC_SETTINGS.redfish, connectionAttempts: 2, connectionRetryIntervalMs: 50, requestTimeoutMs: 5000 } };

describe('redfish vendor passthru against the BMC emulator', () => {
  let emulator: RedfishEmulator;
  let url: string;
  let images: Server;
  let iso: string;
  const client = new RedfishClient(settings.redfish);
  const systems = new RedfishSystems(client, settings);
  const vendor = new RedfishVendor(systems);

  const taskFor = (system = SYSTEM): ExclusiveTask => ({
    shared: false,
    node: { uuid: UUID, driver: 'redfish', driver_info: { redfish_address: url, redfish_system_id: `/redfish/v1/Systems/${system}`, redfish_username: 'admin', redfish_password: 'password' } } as unknown as NodeRecord,
  });
  /** As the conductor calls a method: validate, then run. */
  const call = async (method: 'create_subscription' | 'get_all_subscriptions' | 'get_subscription' | 'delete_subscription' | 'eject_vmedia', args: Record<string, unknown> = {}, task = taskFor()) => {
    await vendor.validate(task, method, args);
    return vendor[method](task, args);
  };
  const failure = (promise: Promise<unknown>) => promise.then(() => undefined, (err: unknown) => err);
  const drive = (device: string) => emulator.virtualMedia.slot(SYSTEM, device)!;

  beforeAll(async () => {
    images = createServer((_req, res) => res.writeHead(200, { 'content-length': 0 }).end());
    await new Promise<void>((resolve) => images.listen(0, '127.0.0.1', resolve));
    iso = `http://127.0.0.1:${(images.address() as AddressInfo).port}/ipa.iso`;
    emulator = new RedfishEmulator({ mockupDir: MOCKUP, systems: 2 });
    url = await emulator.listen();
  });
  afterAll(async () => {
    await client.close();
    await emulator?.close();
    await new Promise((resolve) => images?.close(resolve));
  });

  it('creates, lists, reads and deletes a subscription; reading or deleting it again fails as in Ironic', async () => {
    const created = (await call('create_subscription', { Destination: DESTINATION, Context: 'lab' })) as Record<string, unknown>;
    // Only the fields Ironic passes on, in the BMC's order.
    expect(created).toEqual({ Id: expect.any(String), Destination: DESTINATION, EventTypes: ['Alert'], Context: 'lab', Protocol: 'Redfish' });
    expect(Object.keys(created)).toEqual(['Id', 'Destination', 'EventTypes', 'Context', 'Protocol']);
    const id = created.Id as string;
    const member = `/redfish/v1/EventService/Subscriptions/${id}`;

    // The collection as the BMC answers it, not filtered.
    expect(await call('get_all_subscriptions')).toEqual({
      '@odata.type': '#EventDestinationCollection.EventDestinationCollection',
      Name: 'Event Subscriptions Collection',
      'Members@odata.count': 1,
      Members: [{ '@odata.id': member }],
      '@odata.id': '/redfish/v1/EventService/Subscriptions',
    });
    expect(await call('get_subscription', { id })).toEqual(created);

    await expect(call('delete_subscription', { id })).resolves.toBeUndefined();
    expect(emulator.events.list()).toEqual([]);

    const notFound = `Resource ${url}${member} not found`;
    const readAgain = await failure(call('get_subscription', { id }));
    expect(readAgain).toBeInstanceOf(RedfishError);
    expect(readAgain).toMatchObject({ status: 500, message: `Redfish exception occurred. Error: Redfish get_subscription failed for subscription ${id} on node ${UUID}. Error: ${notFound}` });
    // Ironic raises delete's failure with code 404.
    const deleteAgain = await failure(call('delete_subscription', { id }));
    expect(deleteAgain).toBeInstanceOf(NotFound);
    expect(deleteAgain).toMatchObject({ status: 404, message: `Redfish exception occurred. Error: Redfish delete_subscription failed for subscription ${id} on node ${UUID}. Error: ${notFound}` });
  });

  it("refuses any non-empty EventTypes, naming the BMC's types as sushy's enum members (Ironic 21.4 with sushy 4.3)", async () => {
    const allowed = "{<EventType.STATUS_CHANGE: 'StatusChange'>, <EventType.RESOURCE_UPDATED: 'ResourceUpdated'>, <EventType.RESOURCE_ADDED: 'ResourceAdded'>, <EventType.RESOURCE_REMOVED: 'ResourceRemoved'>, <EventType.ALERT: 'Alert'>}";
    await expect(call('create_subscription', { Destination: DESTINATION, EventTypes: ['Alert'] })).rejects.toThrow(new InvalidParameterValue({ message: `EventTypes ['Alert'] is not a valid value, allowed values ${allowed}` }));
    await expect(call('create_subscription', { Destination: DESTINATION, EventTypes: 'Alert' })).rejects.toThrow(`EventTypes Alert is not a valid value, allowed values ${allowed}`);
    const created = (await call('create_subscription', { Destination: DESTINATION, EventTypes: [] })) as Record<string, unknown>;
    expect(created.EventTypes).toEqual([]);
    await call('delete_subscription', { id: created.Id });
  });

  it("words the BMC's refusal of a subscription as Ironic does, with sushy's HTTP error", async () => {
    const refused = await failure(call('create_subscription', { Destination: 'syslog://192.0.2.1:514' }));
    expect(refused).toBeInstanceOf(RedfishError);
    expect((refused as Error).message).toBe(
      `Redfish exception occurred. Error: Failed to create subscription on node ${UUID}. Subscription payload: {'Destination': 'syslog://192.0.2.1:514', 'Protocol': 'Redfish', 'Context': '', 'EventTypes': ['Alert']}. ` +
        `Error: HTTP POST ${url}/redfish/v1/EventService/Subscriptions returned code 400. Base.1.8.PropertyValueFormatError: The value "syslog://192.0.2.1:514" for the property Destination is of a different format than the property can accept. ` +
        `Extended information: [{'@odata.type': '#Message.v1_1_1.Message', 'MessageId': 'Base.1.8.PropertyValueFormatError', 'Message': 'The value "syslog://192.0.2.1:514" for the property Destination is of a different format than the property can accept.', 'Severity': 'Warning', 'Resolution': 'Correct the request and resubmit it.'}]`,
    );
  });

  it("answers what Ironic's Python would raise: an id it cannot search or join is a 500 with Python's words", async () => {
    await expect(call('get_subscription', {})).rejects.toThrow(new InternalError({ message: "argument of type 'NoneType' is not iterable" }));
    await expect(call('get_subscription', { id: ['1'] })).rejects.toThrow('can only concatenate str (not "list") to str');
    await expect(call('get_subscription', { id: 'a%b' })).rejects.toThrow(new InvalidParameterValue({ message: "Invalid BMC ID value: 'a%b'" }));
  });

  it('ejects every inserted drive without a boot device, and only the named one with it', async () => {
    const task = taskFor();
    await insertMedia(systems, task.node, iso, 'cd');
    await insertMedia(systems, task.node, iso, 'usb');
    await vendor.eject_vmedia(task, { boot_device: 'usb' });
    expect([drive('CD1').inserted, drive('Floppy1').inserted]).toEqual([true, false]);
    await call('eject_vmedia', {}, task);
    expect([drive('CD1').inserted, drive('Floppy1').inserted]).toEqual([false, false]);
  });

  it("checks a named boot device in the managers' drives, as Ironic 21.4 does (and fails when they have none)", async () => {
    // The mockup keeps the drives under the system: Ironic's walk of the manager makes sushy raise.
    await expect(call('eject_vmedia', { boot_device: 'cd' })).rejects.toThrow(
      new InternalError({ message: "Remote error: MissingAttributeError The attribute VirtualMedia is missing from the resource /redfish/v1/Managers/BMC\n['" }),
    );
    const exchange = client.exchange.bind(client);
    jest.spyOn(client, 'exchange').mockImplementation(async (info, method, path, body) => {
      const reply = await exchange(info, method, path, body);
      if (path === '/redfish/v1/Managers/BMC') reply.body = { ...reply.body, VirtualMedia: { '@odata.id': `/redfish/v1/Systems/${SYSTEM}/VirtualMedia` } };
      return reply;
    });
    try {
      // With drives there, any name is refused: sushy's media types are enum members, never equal to a string.
      await expect(call('eject_vmedia', { boot_device: 'cd' })).rejects.toThrow(new InvalidParameterValue({ message: 'Boot device cd is not a valid value ' }));
    } finally {
      jest.restoreAllMocks();
    }
  });

  it('is the redfish hardware type\'s vendor interface, before no-vendor as in Ironic', async () => {
    expect(redfishHardware.supported.vendor).toEqual(['redfish', 'no-vendor']);
    const implementations = bmcImplementations({ settings });
    expect(implementations.vendor.redfish()).toBeInstanceOf(RedfishVendor);
    await implementations.close();
  });
});
