import { pyRepr, pyStr } from '@ferrum/contracts';
import { FerrumError, InvalidParameterValue, NotFound, RedfishError } from '@ferrum/errors';
import type { PropertyDescriptions } from '../interfaces/base.interface';
import { passthru } from '../passthru/passthru.decorators';
import type { VendorInterface } from '../passthru/vendor.interface';
import type { ExclusiveTask, SharedTask } from '../task';
import { builtinException, pyTruthy, pyTypeName } from './python-exceptions';
import { Json } from './redfish-client';
import { RedfishEventService, Resource } from './redfish-event-service';
import type { RedfishSystems } from './redfish-system';
import { checkVmediaDevice } from './redfish-vendor-vmedia';
import { type VirtualMediaDevice, ejectMedia } from './redfish-virtual-media';
import { SushyError } from './sushy-errors';
import { isUriWithHost } from './uri-reference';

type Args = Record<string, unknown>;

/** The fields of a subscription Ironic passes on (the BMC's order kept). */
const SUBSCRIPTION_FIELDS = new Set(['Id', 'Context', 'Protocol', 'Destination', 'EventTypes']);
/** sushy 4.3's EventType members, in declaration order, as Python prints them. */
const EVENT_TYPES: [member: string, value: string][] = [
  ['STATUS_CHANGE', 'StatusChange'],
  ['RESOURCE_UPDATED', 'ResourceUpdated'],
  ['RESOURCE_ADDED', 'ResourceAdded'],
  ['RESOURCE_REMOVED', 'ResourceRemoved'],
  ['ALERT', 'Alert'],
  ['METRIC_REPORT', 'MetricReport'],
  ['OTHER', 'Other'],
];
/** Ironic's validate.URL_ILLEGAL_CHARS (RFC 1738's unsafe and national characters). */
const URL_ILLEGAL_CHARS = ['!', '*', "'", '(', ')', ',', '{', '}', '|', '\\', '^', '~', '[', ']', '`', '<', '>', '#', '%', '"'];
const DEVICES: readonly string[] = ['cd', 'dvd', 'floppy', 'usb'] satisfies VirtualMediaDevice[];

/** Ironic's RedfishError text. */
const redfishText = (error: string) => `Redfish exception occurred. Error: ${error}`;
const filterSubscription = (json: Json): Json => Object.fromEntries(Object.entries(json).filter(([key]) => SUBSCRIPTION_FIELDS.has(key)));

/** Python's `x in value` for a str, list or dict value; anything else cannot be searched. */
function pyContains(value: unknown, item: string): boolean {
  if (typeof value === 'string') return value.includes(item);
  if (Array.isArray(value)) return value.includes(item);
  if (value && typeof value === 'object') return item in value;
  throw builtinException(`argument of type '${pyTypeName(value)}' is not iterable`);
}

/** Ironic's validate.is_bmc_subscription_id_valid (with Python's TypeError for what is not a str, list or dict). */
const subscriptionIdValid = (id: unknown) => !URL_ILLEGAL_CHARS.some((c) => pyContains(id, c)) && !pyContains(id, '..');

/** Python's `str + id` when building the member's path: only a str can be added. */
function idText(id: unknown): string {
  if (typeof id === 'string') return id;
  throw builtinException(`can only concatenate str (not "${pyTypeName(id)}") to str`);
}

/**
 * Ironic's allowed EventTypes, as its message prints them: a set of sushy enum members, those the BMC
 * lists in EventTypesForSubscription (all of them when it lists none). Python's order for that set varies
 * from process to process; declaration order is one of them.
 */
function allowedEventTypes(service: Json): string {
  const listed = Array.isArray(service.EventTypesForSubscription) ? service.EventTypesForSubscription : [];
  const members = listed.length ? EVENT_TYPES.filter(([, value]) => listed.includes(value)) : EVENT_TYPES;
  return members.length ? `{${members.map(([member, value]) => `<EventType.${member}: '${value}'>`).join(', ')}}` : 'set()';
}

/**
 * Ironic's RedfishVendorPassthru (the `redfish` vendor interface): eject virtual media, and manage the BMC's
 * event subscriptions. Validation, results and error texts are Ironic 21.4's with sushy 4.3, quirks included:
 * sushy hands Ironic enum members where Ironic compares strings, so any non-empty EventTypes is refused,
 * and any boot_device is refused once a manager has a virtual media drive.
 */
export class RedfishVendor implements VendorInterface {
  constructor(private readonly systems: RedfishSystems) {}

  getProperties(): PropertyDescriptions {
    return {};
  }

  async validate(task: SharedTask, method?: string, args: Args = {}): Promise<void> {
    if (method === 'eject_vmedia') await this.validateEjectVmedia(task, args);
    else if (method === 'create_subscription') await this.validateCreateSubscription(task, args);
    else if (method === 'delete_subscription') this.validateDeleteSubscription(args);
  }

  @passthru({ httpMethods: ['POST'], async: false, description: "Creates a subscription on a node. Required argument: a dictionary of {'Destination': 'destination_url'}" })
  async create_subscription(task: ExclusiveTask, args: Args): Promise<Json> {
    const payload: Json = {
      Destination: args.Destination,
      Protocol: 'Protocol' in args ? args.Protocol : 'Redfish',
      Context: 'Context' in args ? args.Context : '',
      EventTypes: 'EventTypes' in args ? args.EventTypes : ['Alert'],
    };
    if (pyTruthy(args.HttpHeaders)) payload.HttpHeaders = args.HttpHeaders;
    let subscription: Resource | undefined;
    try {
      const events = await RedfishEventService.of(this.systems, task.node);
      subscription = await events.create(await events.subscriptions(), payload);
    } catch (err) {
      if (!(err instanceof SushyError)) throw err;
      throw new RedfishError({ message: redfishText(`Failed to create subscription on node ${task.node.uuid}. Subscription payload: ${pyRepr(payload)}. Error: ${err.message}`) });
    }
    if (!subscription) throw builtinException("'NoneType' object has no attribute 'json'");
    return filterSubscription(subscription.json);
  }

  @passthru({ httpMethods: ['DELETE'], async: false, description: "Delete a subscription on a node. Required argument: a dictionary of {'id': 'subscription_bmc_id'}" })
  async delete_subscription(task: ExclusiveTask, args: Args): Promise<void> {
    await this.onSubscription(task, args, 'delete_subscription', async (events, collection, id) => events.remove(await events.subscription(collection, id)), {
      // Ironic raises this one with code=404, whatever the BMC's failure was.
      failure: (message) => new NotFound({ message }),
    });
  }

  @passthru({
    httpMethods: ['POST'],
    description: "Eject a virtual media device. If no device is provided then all attached devices will be ejected. Optional arguments: 'boot_device' - the boot device to eject, either 'cd', 'dvd', 'usb', or 'floppy'",
  })
  async eject_vmedia(task: ExclusiveTask, args: Args): Promise<void> {
    const device = args.boot_device;
    if (!pyTruthy(device)) await ejectMedia(this.systems, task.node);
    // Ironic 21.4 matches the name against sushy's enum members, which no string equals, so it ejects nothing;
    // Ferrum ejects the device the caller named, as the description promises (the caller sees 202 either way).
    else if (typeof device === 'string' && DEVICES.includes(device)) await ejectMedia(this.systems, task.node, device as VirtualMediaDevice);
  }

  @passthru({ httpMethods: ['GET'], async: false, description: 'Returns all subscriptions on the node.' })
  async get_all_subscriptions(task: ExclusiveTask): Promise<Json> {
    try {
      const events = await RedfishEventService.of(this.systems, task.node);
      return (await events.subscriptions()).json;
    } catch (err) {
      if (!(err instanceof SushyError)) throw err;
      throw new RedfishError({ message: redfishText(`Redfish get_subscriptions failed for node ${task.node.uuid}. Error: ${err.message}`) });
    }
  }

  @passthru({ httpMethods: ['GET'], async: false, description: "Get a subscription on the node. Required argument: a dictionary of {'id': 'subscription_bmc_id'}" })
  async get_subscription(task: ExclusiveTask, args: Args): Promise<Json> {
    return this.onSubscription(task, args, 'get_subscription', async (events, collection, id) => filterSubscription((await events.subscription(collection, id)).json), {
      // Checked here rather than in validate, and worded differently from delete's check, as in Ironic.
      checkId: () => {
        if (!subscriptionIdValid(args.id)) throw new InvalidParameterValue({ message: `Invalid BMC ID value: '${pyStr(args.id)}'` });
      },
    });
  }

  /**
   * The shape Ironic's get_subscription and delete_subscription share: the event service and its collection,
   * then the id, then the BMC call; a sushy failure is worded with the method's name. Ironic reads the id only
   * after loading the collection, so a failure before that has no id to word: Python's UnboundLocalError.
   */
  private async onSubscription<T>(
    task: ExclusiveTask,
    args: Args,
    method: string,
    act: (events: RedfishEventService, collection: Resource, id: string) => Promise<T>,
    { checkId, failure = (message) => new RedfishError({ message }) }: { checkId?: () => void; failure?: (message: string) => FerrumError } = {},
  ): Promise<T> {
    let idRead = false;
    try {
      const events = await RedfishEventService.of(this.systems, task.node);
      const collection = await events.subscriptions();
      idRead = true;
      checkId?.();
      return await act(events, collection, idText(args.id));
    } catch (err) {
      if (!(err instanceof SushyError)) throw err;
      if (!idRead) throw builtinException("cannot access local variable 'bmc_subscription_id' where it is not associated with a value");
      throw failure(redfishText(`Redfish ${method} failed for subscription ${pyStr(args.id)} on node ${task.node.uuid}. Error: ${err.message}`));
    }
  }

  /** If a boot device is named, the node's BMC is asked whether it has one (see checkVmediaDevice). */
  private async validateEjectVmedia(task: SharedTask, args: Args): Promise<void> {
    if (pyTruthy(args.boot_device)) await checkVmediaDevice(this.systems, task.node, args.boot_device);
  }

  private async validateCreateSubscription(task: SharedTask, args: Args): Promise<void> {
    const eventTypes = args.EventTypes;
    if (eventTypes !== undefined && eventTypes !== null) {
      const events = await RedfishEventService.of(this.systems, task.node);
      const unhashable = Array.isArray(eventTypes) ? (eventTypes as unknown[]).find((t) => t !== null && typeof t === 'object') : undefined;
      if (unhashable !== undefined) throw builtinException(`unhashable type: '${pyTypeName(unhashable)}'`);
      // Only an empty list passes: Ironic compares the given strings with sushy's enum members.
      if (!Array.isArray(eventTypes) || eventTypes.length > 0) {
        throw new InvalidParameterValue({ message: `EventTypes ${pyStr(eventTypes)} is not a valid value, allowed values ${allowedEventTypes(events.service.json)}` });
      }
    }
    const context = 'Context' in args ? args.Context : '';
    if (typeof context !== 'string') throw new InvalidParameterValue({ message: `Context ${pyStr(context)} is not a valid string` });
    const protocol = 'Protocol' in args ? args.Protocol : 'Redfish';
    if (typeof protocol !== 'string') throw new InvalidParameterValue({ message: `Protocol ${pyStr(protocol)} is not a string` });
    const headers = args.HttpHeaders;
    if (headers !== undefined && headers !== null && !Array.isArray(headers)) {
      throw new InvalidParameterValue({ message: `HttpHeaders ${pyStr(headers)} is not a list of headers` });
    }
    if (!isUriWithHost(args.Destination)) throw new InvalidParameterValue({ message: `Destination ${pyStr(args.Destination)} is not a valid URI` });
  }

  private validateDeleteSubscription(args: Args): void {
    if (!pyTruthy(args.id)) throw new InvalidParameterValue({ message: "id can't be None" });
    if (!subscriptionIdValid(args.id)) throw new InvalidParameterValue({ message: `Invalid BMC subscription ID value: '${pyStr(args.id)}'` });
  }
}
