import { eventResource, type EventResource, type ResourceEvent } from '@ferrum/contracts';
import type { Authorizer } from '../common/authorizer';
import { nodeTarget } from '../common/authorizer';
import type { IronicRequest } from '../common/ironic-request';

/**
 * Whether the caller may see an event: the same rules as reading the resource (a node's events for those who may
 * see the node, a port's for those who may also read ports, an allocation's by its owner, conductors' for readers
 * of conductors). Decided per event, as the owner may change while the stream is open; the answer depends only on
 * the resource kind, owner and lessee, so a stream remembers it for each of those it met.
 */
export function readAccess(authz: Authorizer, req: IronicRequest): (event: ResourceEvent) => boolean {
  const known = new Map<string, boolean>();
  return (event) => {
    const resource = eventResource(event.type);
    const key = `${resource}\u0000${event.owner ?? ''}\u0000${event.lessee ?? ''}`;
    let allowed = known.get(key);
    if (allowed === undefined) {
      allowed = mayRead(authz, req, resource, event);
      if (known.size > 10_000) known.clear();
      known.set(key, allowed);
    }
    return allowed;
  };
}

function mayRead(authz: Authorizer, req: IronicRequest, resource: EventResource, event: ResourceEvent): boolean {
  switch (resource) {
    case 'node':
    case 'inspection':
      return authz.allows(req, 'baremetal:node:get', nodeTarget(event));
    case 'port': {
      const target = nodeTarget(event);
      return authz.allows(req, 'baremetal:node:get', target) && authz.allows(req, 'baremetal:port:get', target);
    }
    case 'allocation':
      return authz.allows(req, 'baremetal:allocation:get', { 'allocation.owner': event.owner ?? '' });
    case 'conductor':
      return authz.allows(req, 'baremetal:conductor:get');
  }
}
