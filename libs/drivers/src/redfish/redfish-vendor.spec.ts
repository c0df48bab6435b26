import type { NodeRecord } from '@ferrum/contracts';
import { InternalError, InvalidParameterValue } from '@ferrum/errors';
import { DEFAULT_BMC_SETTINGS } from '../bmc/bmc-settings';
import { methodInfo, passthruRoutes } from '../passthru/passthru.decorators';
import type { SharedTask } from '../task';
import { RedfishClient } from './redfish-client';
import { RedfishSystems } from './redfish-system';
import { RedfishVendor } from './redfish-vendor';
import { isUriWithHost } from './uri-reference';

/** No BMC answers here: every case below is refused (or passed) before Ironic would reach one. */
const node = { uuid: '5a0f3c9e-7d21-4b8e-9f0a-2c6e1d4b7a10', driver: 'redfish', driver_info: { redfish_address: 'http://127.0.0.1:9' } } as unknown as NodeRecord;
const task: SharedTask = { node, shared: false };
const vendor = new RedfishVendor(new RedfishSystems(new RedfishClient(DEFAULT_BMC_SETTINGS.redfish), DEFAULT_BMC_SETTINGS));
const DESTINATION = 'https://collector.example/events';

describe('redfish vendor: methods', () => {
  it("lists Ironic's five methods with their HTTP methods, sync flags and descriptions", () => {
    const routes = [...passthruRoutes(vendor, 'node')].map(([name, route]) => [name, methodInfo(route, 'node')]);
    expect(Object.fromEntries(routes)).toEqual({
      create_subscription: { http_methods: ['POST'], async: false, attach: false, require_exclusive_lock: true, description: "Creates a subscription on a node. Required argument: a dictionary of {'Destination': 'destination_url'}" },
      delete_subscription: { http_methods: ['DELETE'], async: false, attach: false, require_exclusive_lock: true, description: "Delete a subscription on a node. Required argument: a dictionary of {'id': 'subscription_bmc_id'}" },
      eject_vmedia: {
        http_methods: ['POST'],
        async: true,
        attach: false,
        require_exclusive_lock: true,
        description: "Eject a virtual media device. If no device is provided then all attached devices will be ejected. Optional arguments: 'boot_device' - the boot device to eject, either 'cd', 'dvd', 'usb', or 'floppy'",
      },
      get_all_subscriptions: { http_methods: ['GET'], async: false, attach: false, require_exclusive_lock: true, description: 'Returns all subscriptions on the node.' },
      get_subscription: { http_methods: ['GET'], async: false, attach: false, require_exclusive_lock: true, description: "Get a subscription on the node. Required argument: a dictionary of {'id': 'subscription_bmc_id'}" },
    });
    expect(vendor.getProperties()).toEqual({});
  });

  it('validates a node without asking anything (Ironic checks nothing without a method)', async () => {
    await expect(vendor.validate(task)).resolves.toBeUndefined();
    await expect(vendor.validate(task, 'get_all_subscriptions', {})).resolves.toBeUndefined();
  });
});

describe('redfish vendor: argument validation, in Ironic words', () => {
  const refused = (method: string, args: Record<string, unknown>) => vendor.validate(task, method, { http_method: 'POST', ...args });

  it.each([
    [{}, 'Destination None is not a valid URI'],
    [{ Destination: 'mailto:ops@example.com' }, 'Destination mailto:ops@example.com is not a valid URI'],
    [{ Destination: 'https://[::1/x' }, 'Destination https://[::1/x is not a valid URI'],
    [{ Destination: 42 }, 'Destination 42 is not a valid URI'],
    [{ Destination: DESTINATION, Context: 5 }, 'Context 5 is not a valid string'],
    [{ Destination: DESTINATION, Context: null }, 'Context None is not a valid string'],
    [{ Destination: DESTINATION, Protocol: ['Redfish'] }, "Protocol ['Redfish'] is not a string"],
    [{ Destination: DESTINATION, HttpHeaders: { 'X-Token': 't' } }, "HttpHeaders {'X-Token': 't'} is not a list of headers"],
    [{ Destination: DESTINATION, HttpHeaders: 'X-Token: t' }, 'HttpHeaders X-Token: t is not a list of headers'],
  ])('create_subscription refuses %j', async (args, message) => {
    await expect(refused('create_subscription', args)).rejects.toThrow(new InvalidParameterValue({ message }));
  });

  it('create_subscription checks Context, then Protocol, then HttpHeaders, then Destination', async () => {
    await expect(refused('create_subscription', { Destination: 'nope', Context: 1, Protocol: 2 })).rejects.toThrow('Context 1 is not a valid string');
    await expect(refused('create_subscription', { Destination: 'nope', Protocol: 2, HttpHeaders: 3 })).rejects.toThrow('Protocol 2 is not a string');
    await expect(refused('create_subscription', { Destination: 'nope', HttpHeaders: 3 })).rejects.toThrow('HttpHeaders 3 is not a list of headers');
  });

  it('create_subscription passes a URI with a scheme and a host, and null HttpHeaders', async () => {
    await expect(refused('create_subscription', { Destination: DESTINATION, Context: 'lab', Protocol: 'Redfish', HttpHeaders: null })).resolves.toBeUndefined();
    await expect(refused('create_subscription', { Destination: 'syslog://123.45.10:514' })).resolves.toBeUndefined();
  });

  it.each([
    [{}, "id can't be None"],
    [{ id: '' }, "id can't be None"],
    [{ id: 0 }, "id can't be None"],
    [{ id: 'a#b' }, "Invalid BMC subscription ID value: 'a#b'"],
    [{ id: '../1' }, "Invalid BMC subscription ID value: '../1'"],
    [{ id: ['%'] }, "Invalid BMC subscription ID value: '['%']'"],
  ])('delete_subscription refuses %j', async (args, message) => {
    await expect(refused('delete_subscription', args)).rejects.toThrow(new InvalidParameterValue({ message }));
  });

  it("delete_subscription answers a number id with Python's TypeError (a 500), as Ironic does", async () => {
    const err = await refused('delete_subscription', { id: 5 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InternalError);
    expect(err).toMatchObject({ status: 500, message: "argument of type 'int' is not iterable" });
  });

  it('delete_subscription passes an id with no illegal characters', async () => {
    await expect(refused('delete_subscription', { id: 'sub-1.a' })).resolves.toBeUndefined();
  });

  it('eject_vmedia without a boot device is not checked against the BMC', async () => {
    await expect(refused('eject_vmedia', {})).resolves.toBeUndefined();
    await expect(refused('eject_vmedia', { boot_device: '' })).resolves.toBeUndefined();
  });
});

describe('Destination URIs as rfc3986 takes them', () => {
  it.each([
    ['http://www.dnsname.com/Destination1', true],
    ['https://10.0.0.1:8443/events?x=1#f', true],
    ['http://[::1]:80/x', true],
    ['http://[fe80::1%25eth0]/', true],
    ['http://:80/x', true],
    ['http://host/a b', true],
    ['mailto:spam@contoso.com', false],
    ['http://256.1.1.1/x', false],
    ['http://[fe80::1%eth0]/', false],
    ['http://host/[x]', false],
    ['http://host/#a#b', false],
    ['http://host:123456/x', false],
    ['//host/x', false],
    ['http:///x', false],
  ])('%s: %s', (uri, valid) => {
    expect(isUriWithHost(uri)).toBe(valid);
  });
});
