import { FrameworkError } from '../common/framework-error';
import { IronicRequest, allows } from '../common/ironic-request';

/**
 * A node sub-resource newer than the request (vifs, bios, history, inventory…): Ironic's NodesController
 * `_lookup` aborts 404 while routing, before the request-id and version middleware — a bare router 404.
 */
export function checkSubResourceVersion(req: IronicRequest, since: number): void {
  if (!allows(req, since)) throw new FrameworkError(404, '', true);
}
