import { Microversion as V, pyStr } from '@ferrum/contracts';
import { Invalid, InvalidParameterValue, NotAcceptable } from '@ferrum/errors';
import type { NodeFilter } from '@ferrum/persistence';
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
  include_children?: boolean;
  parent_node?: string;
  instance_name?: string;
  marker?: string;
  fields?: string[];
}

const FILTERS = [
  'chassis_uuid', 'instance_uuid', 'associated', 'maintenance', 'retired', 'provision_state', 'marker', 'limit', 'sort_key',
  'sort_dir', 'driver', 'resource_class', 'fault', 'conductor_group', 'conductor', 'owner', 'description_contains',
  'lessee', 'project', 'shard', 'sharded', 'include_children', 'parent_node', 'instance_name',
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
  ['include_children', V.CHILD_NODES],
  ['parent_node', V.CHILD_NODES],
];

/**
 * `/nodes/detail` is given these two raw (Ironic's detail() does not declare them to its argument
 * validator, nor checks their version): any non-empty include_children, "False" too, shows children.
 */
function rawChildArgs(args: Args): Pick<NodeListQuery, 'include_children' | 'parent_node'> {
  const raw = (name: string) => (args[name] === undefined || args[name] === null ? undefined : pyStr(args[name]));
  const include = raw('include_children');
  return { include_children: include === undefined ? undefined : include !== '', parent_node: raw('parent_node') };
}

export function parseNodeListQuery(req: IronicRequest, args: Args, detailPath: boolean): NodeListQuery {
  rejectUnexpected(args, detailPath ? NODE_DETAIL_ARGS : NODE_LIST_ARGS);
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
    ...(detailPath ? rawChildArgs(args) : { include_children: toBoolean('include_children', args.include_children), parent_node: str('parent_node') }),
    instance_name: str('instance_name'),
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
  for (const [name, since] of GATED) {
    if (detailPath && (name === 'include_children' || name === 'parent_node')) continue;
    if (query[name] !== undefined && !allows(req, since)) throw notAcceptable(since);
  }
  // Ironic's check_allow_filter_by_instance_name has words of its own.
  if (query.instance_name !== undefined && !allows(req, V.INSTANCE_NAME)) {
    throw new NotAcceptable({ message: 'instance_name is not acceptable in this API version' });
  }
  if (query.fault !== undefined && !NODE_FAULTS.includes(query.fault)) {
    throw new Invalid({
      // The allowed faults as Ironic prints them: a Python tuple.
      message: `Unrecognized fault "${query.fault}" is specified, allowed faults are (${NODE_FAULTS.map((f) => `'${f}'`).join(', ')})`,
    });
  }
  return query;
}

/**
 * Ironic's child-node rule for node lists (its DB layer's `_add_nodes_filters`): children are hidden
 * unless include_children is true; then parent_node is ignored. Otherwise parent_node, if given, lists
 * the nodes whose stored parent_node equals it exactly (a UUID: a parent's name matches nothing).
 */
export function childNodeFilter(query: Pick<NodeListQuery, 'include_children' | 'parent_node'>): Pick<NodeFilter, 'parent_node' | 'exclude_children'> {
  if (query.include_children) return {};
  if (query.parent_node !== undefined) return { parent_node: query.parent_node };
  return { exclude_children: true };
}
