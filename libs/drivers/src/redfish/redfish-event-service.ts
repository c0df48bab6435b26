import type { NodeRecord } from '@ferrum/contracts';
import { RedfishError } from '@ferrum/errors';
import type { Dispatcher } from 'undici';
import { Json, at } from './redfish-client';
import type { RedfishDriverInfo } from './redfish-driver-info';
import type { RedfishSystems } from './redfish-system';
import { SushyError, httpError, missingAttribute } from './sushy-errors';

type Node = Pick<NodeRecord, 'driver_info'>;

/** A resource as sushy holds it: the path it was reached by (its identity) and its document. */
export interface Resource {
  path: string;
  json: Json;
}

const ROOT = '/redfish/v1/';
const isUrl = (path: string) => /^https?:\/\//i.test(path);

/**
 * Reads and writes Redfish resources as sushy does for Ironic: an error answer is a SushyError worded as
 * sushy words it, and a resource lacking one of its required properties is one too.
 */
export class SushyResources {
  constructor(
    private readonly systems: RedfishSystems,
    readonly info: RedfishDriverInfo,
  ) {}

  /** The URL sushy names in its errors: the path joined to the BMC's address. */
  url(path: string): string {
    return isUrl(path) ? path : `${this.info.origin}${path.startsWith('/') ? '' : '/'}${path}`;
  }

  /** GETs a resource, checking its required properties in the order sushy loads its fields (alphabetical by attribute). */
  async load(path: string, required: string[] = []): Promise<Resource> {
    const json = (await this.call('GET', path)) ?? {};
    const missing = required.find((field) => !(field in json));
    if (missing) throw missingAttribute(missing, path);
    return { path, json };
  }

  async call(method: Dispatcher.HttpMethod, path: string, body?: Json): Promise<Json | null> {
    return (await this.exchange(method, path, body)).body;
  }

  async exchange(method: Dispatcher.HttpMethod, path: string, body?: Json) {
    const target = isUrl(path) ? new URL(path) : undefined;
    const reply = await this.systems.client.exchange(this.info, method, target ? `${target.pathname}${target.search}` : path, body);
    if (reply.status >= 400) throw httpError(method, this.url(path), reply);
    return reply;
  }
}

/** A BMC's EventService and its subscriptions (EventDestinations), as Ironic reaches them through sushy. */
export class RedfishEventService {
  private constructor(
    readonly resources: SushyResources,
    readonly service: Resource,
  ) {}

  /**
   * Ironic's redfish_utils.get_event_service: the service the root links. A missing link or property, or a
   * refusal of the credentials, is Ironic's RedfishError; other BMC errors stay sushy's.
   * @throws RedfishError, SushyError
   */
  static async of(systems: RedfishSystems, node: Node): Promise<RedfishEventService> {
    const resources = new SushyResources(systems, systems.info(node));
    try {
      const root = await resources.load(ROOT);
      const path = at(root.json, 'EventService', '@odata.id');
      if (typeof path !== 'string') throw missingAttribute('EventService/@odata.id', ROOT);
      return new RedfishEventService(resources, await resources.load(path, ['Actions', 'Id', 'Name']));
    } catch (err) {
      if (err instanceof SushyError && ['MissingAttributeError', 'AccessError'].includes(err.className)) {
        throw new RedfishError({ message: `Redfish exception occurred. Error: ${err.message}` });
      }
      throw err;
    }
  }

  /** sushy's EventService.subscriptions: the EventDestination collection, loaded. @throws SushyError */
  async subscriptions(): Promise<Resource> {
    const path = at(this.service.json, 'Subscriptions', '@odata.id');
    if (typeof path !== 'string' || !path) throw missingAttribute('Subscriptions', this.service.path);
    return this.resources.load(path);
  }

  /** One subscription, by the path sushy builds from the collection's and the id. @throws SushyError */
  async subscription(collection: Resource, id: string): Promise<Resource> {
    const separator = collection.path.endsWith('/') ? '' : '/';
    return this.resources.load(`${collection.path}${separator}${id}`, ['Id', 'Name']);
  }

  /**
   * sushy's EventDestinationCollection.create: POST the payload; with a 201 and a Location, the new
   * subscription. Anything else gives no subscription (undefined), as sushy returns None.
   * @throws SushyError
   */
  async create(collection: Resource, payload: Json): Promise<Resource | undefined> {
    const reply = await this.resources.exchange('POST', collection.path, payload);
    const location = reply.headers.location;
    if (reply.status !== 201 || typeof location !== 'string' || !location) return undefined;
    return this.resources.load(location, ['Id', 'Name']);
  }

  /** @throws SushyError */
  async remove(subscription: Resource): Promise<void> {
    await this.resources.call('DELETE', subscription.path);
  }
}
