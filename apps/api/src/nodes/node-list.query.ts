import { Microversion as V } from '@ferrum/contracts';
import { Invalid, InvalidParameterValue } from '@ferrum/errors';
import { PROVISION_STATES } from '@ferrum/state-machines';
import { Args, rejectUnexpected, toBoolean, toStringArg, toStringList, toUuid } from '../common/args';
import { fieldAllowed, notAcceptable, parseFields } from '../common/fields';
import { IronicRequest, allows } from '../common/ironic-request';
import { NODE_FAULTS, NODE_FIELD_VERSIONS } from './node-fields';

/** Filters of GET /v1/nodes (§6.1) after parsing and version checks. */
export interface NodeListQuery {
  chassis_uuid?: string;
  instance_uuid?: string;
  associated?: boolean;
  maintenance?: boolean;
  retired?: boolean;
  provision_state?: string;
  driver?: string;
  resource_class?: string;
  fault?: string;
  conductor_group?: string;
  conductor?: string;
  owner?: string;
  lessee?: string;
  project?: string;
  description_contains?: string;
  shard?: string[];
  sharded?: boolean;
  marker?: string;
  fields?: string[];
}

const FILTERS = [
  'chassis_uuid', 'instance_uuid', 'associated', 'maintenance', 'retired', 'provision_state', 'marker', 'limit', 'sort_key',
  'sort_dir', 'driver', 'resource_class', 'fault', 'conductor_group', 'conductor', 'owner', 'description_contains',
  'lessee', 'project', 'shard', 'sharded',
];
/** `/nodes/detail` takes the same filters but returns every field. */
export const NODE_DETAIL_ARGS = FILTERS;
export const NODE_LIST_ARGS = [...FILTERS, 'fields', 'detail'];

/** Filters that need a newer microversion than 1.1; using one earlier is a 406 that names the version. */
const GATED: [keyof NodeListQuery, number][] = [
  ['driver', V.DRIVER_FILTER],
  ['resource_class', V.RESOURCE_CLASS],
  ['fault', V.FAULT],
  ['conductor_group', V.CONDUCTOR_GROUP],
  ['conductor', V.CONDUCTORS],
  ['owner', V.OWNER],
  ['lessee', V.LESSEE],
  ['shard', V.SHARDS],
  ['sharded', V.SHARDS],
];

export function parseNodeListQuery(req: IronicRequest, args: Args, allowed: readonly string[]): NodeListQuery {
  rejectUnexpected(args, allowed);
  const str = (name: string) => toStringArg(name, args[name]);
  const query: NodeListQuery = {
    chassis_uuid: toUuid('chassis_uuid', args.chassis_uuid),
    instance_uuid: toUuid('instance_uuid', args.instance_uuid),
    associated: toBoolean('associated', args.associated),
    maintenance: toBoolean('maintenance', args.maintenance),
    retired: toBoolean('retired', args.retired),
    provision_state: str('provision_state'),
    driver: str('driver'),
    resource_class: str('resource_class'),
    fault: str('fault'),
    conductor_group: str('conductor_group'),
    conductor: str('conductor'),
    owner: str('owner'),
    lessee: str('lessee'),
    project: str('project'),
    description_contains: str('description_contains'),
    shard: toStringList('shard', args.shard),
    sharded: toBoolean('sharded', args.sharded),
    marker: toUuid('marker', args.marker),
    fields: parseFields(req, args, NODE_FIELD_VERSIONS),
  };
  const sortKey = str('sort_key');
  if (sortKey !== undefined && !fieldAllowed(NODE_FIELD_VERSIONS, sortKey, req.version)) throw notAcceptable();
  if (query.provision_state !== undefined) {
    if (!allows(req, V.PROVISION_STATE_FILTER)) throw notAcceptable();
    if (!(PROVISION_STATES as readonly string[]).includes(query.provision_state)) {
      throw new InvalidParameterValue({ message: `Provision state "${query.provision_state}" is not valid` });
    }
  }
  for (const [name, since] of GATED) if (query[name] !== undefined && !allows(req, since)) throw notAcceptable(since);
  if (query.fault !== undefined && !NODE_FAULTS.includes(query.fault)) {
    throw new Invalid({
      // The allowed faults as Ironic prints them: a Python tuple.
      message: `Unrecognized fault "${query.fault}" is specified, allowed faults are (${NODE_FAULTS.map((f) => `'${f}'`).join(', ')})`,
    });
  }
  return query;
}
