import { FerrumError, Invalid, InvalidParameterValue, NotFound, OperationNotPermitted } from '@ferrum/errors';
import { FrameworkError, RecodedError } from './framework-error';
import { pyRepr } from '@ferrum/contracts';

/**
 * What Ironic's pecan RestControllers answer for a method/path Ferrum has no handler for, where
 * that is not the plain 404/405 of the router. Pecan hands such requests to the controller's
 * generic handlers, so they fail inside the handler (fault body, request id and version headers):
 *  - POST below a collection reaches `post(<first path segment>)`: the segment is validated as the body;
 *  - PATCH/DELETE on a collection reach `patch()`/`delete()` without their identifier;
 *  - any non-GET on /v1 reaches its index, which aborts 405 (webob's generic explanation as faultstring).
 * The management controller has no handlers of its own, nor has heartbeat without a node for
 * anything but POST: a bare 405.
 */
interface Collection {
  /** Path segments after /v1; `*` is any identifier. */
  prefix: string[];
  /** Name of the body in Ironic's schema errors. */
  body: string;
  /** Name of the identifier argument of patch/delete. */
  ident: string;
  /** Where patch names it otherwise (a port's since Ironic 23.1: `port_ident`, while delete keeps `port_uuid`). */
  patchIdent?: string;
  /** Index of the segment pecan passes first to `post` (a routing argument when the collection is nested). */
  postArg?: number;
}

// Longest prefixes first: a nested collection wins over its parent.
const COLLECTIONS: Collection[] = [
  { prefix: ['nodes', '*', 'ports'], body: 'port', ident: 'port_uuid', patchIdent: 'port_ident' },
  { prefix: ['nodes', '*', 'portgroups'], body: 'portgroup', ident: 'portgroup_ident' },
  { prefix: ['portgroups', '*', 'ports'], body: 'port', ident: 'port_uuid', patchIdent: 'port_ident' },
  { prefix: ['nodes', '*', 'volume', 'connectors'], body: 'connector', ident: 'connector_uuid' },
  { prefix: ['nodes', '*', 'volume', 'targets'], body: 'target', ident: 'target_uuid' },
  { prefix: ['volume', 'connectors'], body: 'connector', ident: 'connector_uuid' },
  { prefix: ['volume', 'targets'], body: 'target', ident: 'target_uuid' },
  { prefix: ['chassis', '*', 'nodes'], body: 'node', ident: 'node_ident', postArg: 1 },
  { prefix: ['nodes'], body: 'node', ident: 'node_ident' },
  { prefix: ['ports'], body: 'port', ident: 'port_uuid', patchIdent: 'port_ident' },
  { prefix: ['portgroups'], body: 'portgroup', ident: 'portgroup_ident' },
  { prefix: ['chassis'], body: 'chassis', ident: 'chassis_uuid' },
];

/** Node sub-controllers: pecan routes to them before it would call the node's own `post`. */
const NODE_SUBCONTROLLERS = new Set(['states', 'maintenance', 'management', 'vendor_passthru', 'ports', 'portgroups', 'volume', 'traits', 'inventory', 'vifs', 'history', 'allocation', 'bios', 'children', 'firmware', 'vmedia']);

const WEBOB_CLIENT_ERROR = 'The server could not comply with the request since it is either malformed or otherwise incorrect.';

function matches(prefix: string[], segments: string[]): boolean {
  return prefix.length <= segments.length && prefix.every((p, i) => p === '*' || p === segments[i]);
}

function missing(name: string): InvalidParameterValue {
  return new InvalidParameterValue({ message: `Missing mandatory parameter: ${name}` });
}

export function unrouted(method: string, path: string): FerrumError | RecodedError | FrameworkError | undefined {
  // webob's HTTPMethodNotAllowed raised inside the handler: its faultstring is the generic client-error explanation.
  if (path === '/v1') return method === 'GET' ? undefined : new RecodedError(new Invalid({ message: WEBOB_CLIENT_ERROR }), 405);
  if (!path.startsWith('/v1/')) return undefined;
  const segments = path.slice('/v1/'.length).split('/').map(decodeURIComponent);
  if (segments[0] === 'nodes' && segments[2] === 'management') return new FrameworkError(405, '', true);
  if (segments[0] === 'heartbeat' && segments.length === 1) return method === 'POST' ? missing('node_ident') : new FrameworkError(405, '', true);
  const collection = COLLECTIONS.find((c) => matches(c.prefix, segments));
  if (!collection) return undefined;
  const rest = segments.slice(collection.prefix.length);
  if (rest.length === 0 && (method === 'PATCH' || method === 'DELETE')) {
    // Below a chassis, the chassis uuid fills the node argument: deleting "it" is refused as any write there.
    if (collection.postArg !== undefined) return method === 'DELETE' ? new OperationNotPermitted({ message: 'Operation not permitted.' }) : undefined;
    return missing(method === 'PATCH' ? (collection.patchIdent ?? collection.ident) : collection.ident);
  }
  // A node's delete takes extra segments only to refuse them (an old traits URL): not found.
  if (method === 'DELETE' && collection.body === 'node' && rest.length > 1 && !NODE_SUBCONTROLLERS.has(rest[1])) {
    return new NotFound({ message: 'Resource could not be found.' });
  }
  if (method === 'POST' && rest.length > 0 && !(collection.body === 'node' && NODE_SUBCONTROLLERS.has(rest[1]))) {
    const arg = collection.postArg === undefined ? rest[0] : segments[collection.postArg];
    return new InvalidParameterValue({ message: `Schema error for ${collection.body}: ${pyRepr(arg)} is not of type 'object'` });
  }
  return undefined;
}
