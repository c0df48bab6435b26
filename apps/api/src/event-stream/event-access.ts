import { eventResource, type ResourceEvent } from '@ferrum/contracts';
import type { Authorizer } from '../common/authorizer';
import { nodeTarget } from '../common/authorizer';
import type { IronicRequest } from '../common/ironic-request';

/**
 * Whether the caller may see an event: the same rules as reading the resource (a node's events for those who may
 * see the node, a port's for those who may also read ports, an allocation's by its owner, conductors' for readers
 * of conductors). Decided per event, as the owner may change while the stream is open.
 */
export function mayRead(authz: Authorizer, req: IronicRequest, event: ResourceEvent): boolean {
  switch (eventResource(event.type)) {
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
