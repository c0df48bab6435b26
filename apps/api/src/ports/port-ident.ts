import { Microversion } from '@ferrum/contracts';
import { toUuidOrName, uuidInPath } from '../common/args';

/**
 * A port identifier in the URL of GET or PATCH. From Ironic 23.1 (API 1.88) it is a UUID or a name, whatever
 * version the request asks for; a release before it (served maximum below 1.88, as when pinned) takes only
 * a UUID, with its own words for anything else. DELETE takes only a UUID in every release (`uuidInPath`).
 */
export function portIdent(ident: string, maximum: number): string {
  return maximum >= Microversion.PORT_NAME ? (toUuidOrName('port_ident', ident) ?? ident) : uuidInPath('port_uuid', ident);
}
