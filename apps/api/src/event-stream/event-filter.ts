import { EVENT_RESOURCES, RESOURCE_EVENT_TYPES, type ResourceEvent } from '@ferrum/contracts';
import { Invalid } from '@ferrum/errors';

/** What a subscriber asked for: `?node=`, `?type=` (types or resources, comma-separated), `?owner=`. */
export interface EventFilter {
  /** The node's uuid (a name is resolved before). */
  node?: string;
  types?: ReadonlySet<string>;
  owner?: string;
}

const KNOWN = new Set<string>([...RESOURCE_EVENT_TYPES, ...EVENT_RESOURCES]);

/** `type=node,port.deleted` → the types and resources named; an unknown one is a 400 naming it and the known ones. */
export function parseTypes(value: string): ReadonlySet<string> {
  const names = value.split(',').map((s) => s.trim()).filter(Boolean);
  const unknown = names.filter((n) => !KNOWN.has(n));
  if (unknown.length || !names.length) {
    throw new Invalid({ message: `Unknown event type ${unknown.length ? unknown.join(', ') : "''"}; known: ${[...EVENT_RESOURCES, ...RESOURCE_EVENT_TYPES].join(', ')}` });
  }
  return new Set(names);
}

export function matches(filter: EventFilter, event: ResourceEvent): boolean {
  if (filter.node && event.node_uuid !== filter.node) return false;
  if (filter.owner !== undefined && event.owner !== filter.owner) return false;
  if (filter.types && !filter.types.has(event.type) && !filter.types.has(event.type.slice(0, event.type.indexOf('.')))) return false;
  return true;
}
