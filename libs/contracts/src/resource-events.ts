/**
 * The event stream's one message shape (`GET /v1/ferrum/events`), written by the database's triggers, numbered by
 * the relay, broadcast on the bus and served as Server-Sent Events.
 */
export const RESOURCE_EVENT_TYPES = [
  'node.created',
  'node.updated',
  'node.deleted',
  'port.created',
  'port.updated',
  'port.deleted',
  'allocation.created',
  'allocation.updated',
  'allocation.deleted',
  'inspection.updated',
  'conductor.joined',
  'conductor.left',
  'conductor.lost',
  'conductor.took_over',
] as const;
export type ResourceEventType = (typeof RESOURCE_EVENT_TYPES)[number];

/** What an event is about: its type's first word. */
export type EventResource = 'node' | 'port' | 'allocation' | 'inspection' | 'conductor';
export const EVENT_RESOURCES: readonly EventResource[] = ['node', 'port', 'allocation', 'inspection', 'conductor'];

export interface ResourceEvent {
  /** Gap-free, in the order the changes became visible; the SSE id a client resumes after. */
  seq: number;
  type: ResourceEventType;
  /** The resource's uuid (a conductor's hostname). */
  uuid: string;
  /** The node it concerns, for node, port, inspection and allocation events. */
  node_uuid: string | null;
  /** Whose it is, for access checks and `?owner=`: the node's owner and lessee, an allocation's owner. */
  owner: string | null;
  lessee: string | null;
  /** When the change was made, ISO 8601 with its zone. */
  created_at: string;
  /** The resource's watched fields after the change (before it, for a deletion), and `changed`: the names of those that changed. */
  data: Record<string, unknown>;
}

export function eventResource(type: ResourceEventType): EventResource {
  return type.slice(0, type.indexOf('.')) as EventResource;
}

/** A message every subscriber receives (publish/subscribe), typed once for both sides. */
export interface Broadcast<T> {
  readonly subject: string;
  /** Types only, never set. */
  readonly __type?: T;
}
export type PayloadOf<B> = B extends Broadcast<infer T> ? T : never;

/** The relay's batches, in seq order; receivers that see a gap read the missing events from the database. */
export const ResourceEventsRelayed: Broadcast<{ events: ResourceEvent[] }> = { subject: 'ferrum.events.v1' };
