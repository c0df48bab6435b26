import { MockupStore } from './mockup-store';
import { redfishError } from './redfish-errors';
import { parseObject } from './json-object';

type Json = Record<string, unknown>;
type Reply = { status: number; body?: unknown; headers?: Record<string, string> };

/** One event subscription (DSP0268 EventDestination) as the BMC keeps it. */
export interface Subscription {
  id: string;
  destination: string;
  protocol: string;
  context: string;
  eventTypes?: string[];
  /** Write-only in Redfish: kept for delivery, never shown. */
  httpHeaders: Json[];
}

const SERVICE = '/redfish/v1/EventService';
/** What a service without a mockup document offers (the DMTF mockups' list). */
const DEFAULT_EVENT_TYPES = ['StatusChange', 'ResourceUpdated', 'ResourceAdded', 'ResourceRemoved', 'Alert'];
/** The emulator delivers no events, so it takes what nearly every BMC takes: Redfish's own HTTP(S) POSTs. */
const PROTOCOLS = ['Redfish'];
const CREATE_PROPERTIES = ['Destination', 'Protocol', 'Context', 'EventTypes', 'HttpHeaders', 'SubscriptionType'];
const MEMBER_TYPE = '#EventDestination.v1_13_0.EventDestination';

const malformed = () => redfishError(400, 'MalformedJSON', 'The request body submitted was malformed JSON and could not be parsed by the receiving service.');
const notFound = (path: string) => redfishError(404, 'ResourceMissingAtURI', `The resource at the URI ${path} was not found.`);
const isHttpUrl = (v: string) => /^https?:\/\/[^/\s]+/i.test(v) && URL.canParse(v);

/**
 * The BMC's EventService (DSP0266 §13 event subscriptions): the mockup's service document, and a
 * Subscriptions collection the BMC keeps, starting empty (the mockup's members are examples on dmtf.org,
 * such as a mailto: destination). POST creates one (201 with its Location), GET reads the collection or a
 * member, DELETE removes one (204); an unknown id is a 404. Shared by every system, as one BMC's is.
 */
export class EventService {
  private readonly subscriptions = new Map<string, Subscription>();
  private readonly servicePath: string;
  private readonly collectionPath: string;
  /** The service document when the mockup has none. */
  private readonly synthesized?: Json;
  private readonly eventTypes: string[];
  private nextId = 1;

  constructor(private readonly store: MockupStore) {
    const rootLink = (JSON.parse(store.text('/redfish/v1') ?? '{}') as Json).EventService as Json | undefined;
    this.servicePath = MockupStore.normalize(typeof rootLink?.['@odata.id'] === 'string' ? rootLink['@odata.id'] : SERVICE);
    const mockup = store.text(this.servicePath);
    const service = mockup === undefined ? undefined : (JSON.parse(mockup) as Json);
    const link = (service?.Subscriptions as Json | undefined)?.['@odata.id'];
    this.collectionPath = MockupStore.normalize(typeof link === 'string' ? link : `${this.servicePath}/Subscriptions`);
    const listed = service?.EventTypesForSubscription;
    this.eventTypes = Array.isArray(listed) ? listed.map(String) : DEFAULT_EVENT_TYPES;
    if (!service) this.synthesized = this.defaultService();
  }

  /** The subscriptions, as a lab or a test reads them. */
  list(): Subscription[] {
    return [...this.subscriptions.values()].map((s) => ({ ...s }));
  }

  /** Links the service from the service root when the mockup's root does not. */
  linkFrom(root: Json): void {
    root.EventService ??= { '@odata.id': this.servicePath };
  }

  /** The reply for a request under the EventService; undefined when the path is not one handled here. */
  route(method: string, path: string, raw: string): Reply | undefined {
    if (path === this.servicePath && this.synthesized) return method === 'GET' ? { status: 200, body: this.synthesized } : undefined;
    if (path === this.collectionPath) {
      if (method === 'GET') return { status: 200, body: this.collectionDoc() };
      if (method === 'POST') return this.create(raw);
      return redfishError(405, 'OperationNotAllowed', `The HTTP method ${method} is not allowed on ${path}.`);
    }
    if (!path.startsWith(`${this.collectionPath}/`)) return undefined;
    const id = decodeURIComponent(path.slice(this.collectionPath.length + 1));
    const subscription = this.subscriptions.get(id);
    if (!subscription) return notFound(path);
    if (method === 'GET') return { status: 200, body: this.memberDoc(subscription) };
    if (method === 'DELETE') {
      this.subscriptions.delete(id);
      return { status: 204 };
    }
    return redfishError(405, 'OperationNotAllowed', `The HTTP method ${method} is not allowed on ${path}.`);
  }

  private create(raw: string): Reply {
    const body = parseObject(raw);
    if (!body) return malformed();
    const unknown = Object.keys(body).find((k) => !CREATE_PROPERTIES.includes(k));
    if (unknown) return redfishError(400, 'PropertyUnknown', `The property ${unknown} is not in the list of valid properties for the resource.`);
    for (const required of ['Destination', 'Protocol']) {
      if (body[required] === undefined) return redfishError(400, 'PropertyMissing', `The property ${required} is a required property and must be included in the request.`);
    }
    const { Destination: destination, Protocol: protocol, Context: context = '', EventTypes: eventTypes, HttpHeaders: headers = [], SubscriptionType: type = 'RedfishEvent' } = body;
    if (typeof protocol !== 'string' || !PROTOCOLS.includes(protocol)) return notInList('Protocol', protocol);
    if (type !== 'RedfishEvent') return notInList('SubscriptionType', type);
    // A Redfish subscriber is reached by an HTTP(S) POST.
    if (typeof destination !== 'string' || !isHttpUrl(destination)) {
      return redfishError(400, 'PropertyValueFormatError', `The value ${JSON.stringify(destination)} for the property Destination is of a different format than the property can accept.`);
    }
    if (typeof context !== 'string') return typeError('Context', context);
    if (eventTypes !== undefined) {
      if (!Array.isArray(eventTypes)) return typeError('EventTypes', eventTypes);
      const refused = (eventTypes as unknown[]).find((t) => typeof t !== 'string' || !this.eventTypes.includes(t));
      if (refused !== undefined) return notInList('EventTypes', refused);
    }
    if (!Array.isArray(headers) || headers.some((h) => !h || typeof h !== 'object' || Array.isArray(h))) return typeError('HttpHeaders', headers);
    const id = String(this.nextId++);
    const subscription: Subscription = { id, destination, protocol, context, ...(eventTypes !== undefined && { eventTypes: eventTypes as string[] }), httpHeaders: headers as Json[] };
    this.subscriptions.set(id, subscription);
    return { status: 201, body: this.memberDoc(subscription), headers: { Location: `${this.collectionPath}/${id}` } };
  }

  private memberDoc(s: Subscription): Json {
    return {
      '@odata.type': MEMBER_TYPE,
      '@odata.id': `${this.collectionPath}/${s.id}`,
      Id: s.id,
      Name: `EventSubscription ${s.id}`,
      Destination: s.destination,
      ...(s.eventTypes && { EventTypes: s.eventTypes }),
      Context: s.context,
      Protocol: s.protocol,
      SubscriptionType: 'RedfishEvent',
      HttpHeaders: [],
    };
  }

  private collectionDoc(): Json {
    const members = [...this.subscriptions.keys()].map((id) => ({ '@odata.id': `${this.collectionPath}/${id}` }));
    return {
      '@odata.type': '#EventDestinationCollection.EventDestinationCollection',
      Name: 'Event Subscriptions Collection',
      'Members@odata.count': members.length,
      Members: members,
      '@odata.id': this.collectionPath,
    };
  }

  private defaultService(): Json {
    return {
      '@odata.type': '#EventService.v1_9_0.EventService',
      '@odata.id': this.servicePath,
      Id: 'EventService',
      Name: 'Event Service',
      Status: { State: 'Enabled', Health: 'OK' },
      ServiceEnabled: true,
      DeliveryRetryAttempts: 3,
      DeliveryRetryIntervalSeconds: 60,
      EventTypesForSubscription: this.eventTypes,
      Subscriptions: { '@odata.id': this.collectionPath },
      Actions: { '#EventService.SubmitTestEvent': { target: `${this.servicePath}/Actions/EventService.SubmitTestEvent` } },
    };
  }
}

const notInList = (property: string, value: unknown) =>
  redfishError(400, 'PropertyValueNotInList', `The value ${JSON.stringify(value)} for the property ${property} is not in the list of acceptable values.`);
const typeError = (property: string, value: unknown) =>
  redfishError(400, 'PropertyValueTypeError', `The value ${JSON.stringify(value)} for the property ${property} is of a different type than the property can accept.`);
