import { Inject, Injectable } from '@nestjs/common';
import { Microversion, NodeChanges, NodeRecord, UpdateNode, apiMaximum } from '@ferrum/contracts';
import { ChassisNotFound, Conflict, Invalid } from '@ferrum/errors';
import type { Repositories } from '@ferrum/persistence';
import type { ConductorRouter } from '@ferrum/transport';
import { isDeepStrictEqual } from 'node:util';
import { Args, rejectUnexpected, toBoolean } from '../common/args';
import { fieldAllowed, notAcceptable } from '../common/fields';
import { RecodedError } from '../common/framework-error';
import { IronicRequest, allows } from '../common/ironic-request';
import { Authorizer, nodeTarget } from '../common/authorizer';
import { applyPatch, checkPatchAllowed, parsePatch, patchValues } from '../common/json-patch';
import type { ApiConfig } from '../api.config';
import { CONFIG, REPOS, ROUTER } from '../tokens';
import { NODE_PATCH_SCHEMA_KEYS, nodePatchSchema, validateNodeBody } from './node-body.schema';
import { NODE_DESCRIPTION_MAX_LENGTH, NODE_DICT_FIELDS, NODE_FIELD_VERSIONS, NODE_PATCH_ALLOWED, nodePatchAllowed } from './node-fields';
import { NodeLookup } from './node-lookup';
import { nodePatchRules } from './node-patch-policy';
import { checkNodeNames, instanceNameFromDisplayName } from './node-name';
import { resolveParentNode } from './node-parent';
import { checkPatchedNetworkData } from './network-data.schema';

/** Booleans the database keeps non-null: removing one means false. */
const NOT_NULL_BOOLEANS = ['maintenance', 'protected', 'retired', 'disable_power_off'];

/**
 * PATCH /v1/nodes/{ident} (§5, §6.4): the API checks the patch, applies it to the node as stored,
 * re-validates the result and sends only what changed to the conductor, which enforces the
 * state rules under the node lock.
 */
@Injectable()
export class NodePatchService {
  constructor(
    private readonly lookup: NodeLookup,
    @Inject(REPOS) private readonly repos: Repositories,
    @Inject(ROUTER) private readonly router: ConductorRouter,
    private readonly authz: Authorizer,
    @Inject(CONFIG) private readonly config: ApiConfig,
  ) {}

  async patch(req: IronicRequest, ident: string, args: Args, body: unknown): Promise<NodeRecord> {
    rejectUnexpected(args, ['reset_interfaces']);
    const resetInterfaces = toBoolean('reset_interfaces', args.reset_interfaces);
    if (resetInterfaces !== undefined && !allows(req, Microversion.RESET_INTERFACES)) throw notAcceptable();
    const patch = parsePatch(body);
    checkPatchAllowed(patch, nodePatchAllowed(apiMaximum(this.config.pinReleaseVersion)));
    for (const field of NODE_PATCH_ALLOWED) {
      if (!fieldAllowed(NODE_FIELD_VERSIONS, field, req.version) && patchValues(patch, `/${field}`).length) throw notAcceptable();
    }
    if (resetInterfaces && !patchValues(patch, '/driver').length) {
      throw new Invalid({ message: "The reset_interfaces parameter can only be used when changing the node's driver." });
    }
    const description = patchValues(patch, '/description')[0];
    if (typeof description === 'string' && description.length > NODE_DESCRIPTION_MAX_LENGTH) {
      throw new Invalid({ message: `Cannot update node with description exceeding ${NODE_DESCRIPTION_MAX_LENGTH} characters` });
    }
    checkPatchedNetworkData(patchValues(patch, '/network_data'));

    const [first, ...more] = nodePatchRules(patch);
    const node = await this.lookup.authorized(req, first, ident, true);
    for (const rule of more) this.authz.check(req, rule, nodeTarget(node));
    const parent = await this.parentOf(req, node, patchValues(patch, '/parent_node'));
    if (patchValues(patch, '/owner').length && node.provision_state === 'active' && !this.authz.allows(req, 'baremetal:node:update_owner_provisioned', nodeTarget(node))) {
      throw new Conflict({ message: `Cannot update owner of node "${node.uuid}" while it is in state "active".` });
    }
    const names = patchValues(patch, '/name');
    if (names.length) checkNodeNames(req, names, (name) => `Node ${ident}: Cannot change name to invalid name '${name}'`);

    const patched = applyPatch(node as unknown as Record<string, unknown>, patch);
    if (parent) patched.parent_node = parent;
    const candidate = Object.fromEntries(NODE_PATCH_SCHEMA_KEYS.filter((k) => k in patched).map((k) => [k, patched[k]]));
    const validated = validateNodeBody(candidate, 'patch', nodePatchSchema);
    const changes = this.changedFields(node, validated);
    const instanceName = instanceNameFromDisplayName(node, changes);
    if (instanceName) changes.instance_name = instanceName;

    if (node.chassis_uuid && 'chassis_uuid' in changes && !changes.chassis_uuid && !allows(req, Microversion.REMOVE_CHASSIS)) {
      throw notAcceptable();
    }
    if (changes.chassis_uuid && !(await this.repos.chassis.findByUuid(changes.chassis_uuid))) {
      throw new RecodedError(new ChassisNotFound({ chassis: changes.chassis_uuid }), 400);
    }
    if ('driver' in changes && node.console_enabled) {
      throw new Conflict({ message: `Node ${ident} can not update the driver while the console is enabled. Please stop the console first.` });
    }
    // Routed by the new driver and group, so the conductor that will own the node gets the update.
    const target = { uuid: node.uuid, driver: changes.driver ?? node.driver, conductor_group: changes.conductor_group ?? node.conductor_group };
    const updated = await this.router.call(
      target,
      UpdateNode,
      { node_uuid: node.uuid, changes, ...(resetInterfaces !== undefined && { reset_interfaces: resetInterfaces }) },
      req.requestId,
    );
    // As Ironic: the node as the conductor saved it under its lock (reservation set, updated_at of the save).
    return updated;
  }

  /**
   * The UUID to store for a parent_node the patch sets (the first value, by UUID or name), as Ironic's
   * authorize_node_link_patch. Ironic replaces the patched value only when the parent is another node:
   * a node made its own parent keeps the value as given.
   */
  private async parentOf(req: IronicRequest, node: NodeRecord, values: unknown[]): Promise<string | undefined> {
    if (!values.length) return undefined;
    const parent = await resolveParentNode(this.lookup, req, values[0], node.owner);
    return parent.uuid === node.uuid ? undefined : parent.uuid;
  }

  /** Fields whose value differs from the stored node, normalised the way the database keeps them. */
  private changedFields(node: NodeRecord, validated: Record<string, unknown>): NodeChanges {
    const changes: Record<string, unknown> = {};
    for (const key of NODE_PATCH_SCHEMA_KEYS) {
      if (key === 'uuid') continue;
      let value = validated[key] ?? null;
      if ((NODE_DICT_FIELDS as readonly string[]).includes(key) && value === null) value = {};
      if (NOT_NULL_BOOLEANS.includes(key) && value === null) value = false;
      if (key === 'conductor_group') value = typeof value === 'string' ? value.toLowerCase() : '';
      const current = (node as unknown as Record<string, unknown>)[key] ?? null;
      if (!isDeepStrictEqual(current, value)) changes[key] = value;
    }
    return changes;
  }
}
