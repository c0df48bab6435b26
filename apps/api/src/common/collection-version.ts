import { FrameworkError } from './framework-error';
import { IronicRequest, allows } from './ironic-request';

/**
 * A collection newer than the request (shards, deploy templates, allocations): Ironic's controller `_route`
 * refuses it while routing, before the request-id and version middleware — GET is not found, any other
 * method not allowed, both bare and saying "The API version does not allow <what>".
 */
export function checkCollectionVersion(req: IronicRequest, since: number, method: 'GET' | 'write', what: string): void {
  if (!allows(req, since)) throw new FrameworkError(method === 'GET' ? 404 : 405, `The API version does not allow ${what}`, true);
}
