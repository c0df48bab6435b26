import { Inject, Injectable } from '@nestjs/common';
import { Microversion, NodeCreateInput, NodeRecord, CreateNode } from '@ferrum/contracts';
import { ChassisNotFound, Invalid } from '@ferrum/errors';
import type { Repositories } from '@ferrum/persistence';
import type { ConductorRouter } from '@ferrum/transport';
import { randomUUID } from 'node:crypto';
import { Authorizer } from '../common/authorizer';
import { RecodedError } from '../common/framework-error';
import { IronicRequest, allows } from '../common/ironic-request';
import { REPOS, ROUTER } from '../tokens';
import { nodeCreateSchema, rejectNewerFields, validateNodeBody } from './node-body.schema';
import { NodeLookup } from './node-lookup';
import { checkNodeNames } from './node-name';
import { resolveParentNode } from './node-parent';

/** POST /v1/nodes: validation here, defaults and the write in the conductor the ring picks (§6.3). */
@Injectable()
export class NodeCreateService {
  constructor(
    @Inject(REPOS) private readonly repos: Repositories,
    @Inject(ROUTER) private readonly router: ConductorRouter,
    private readonly authz: Authorizer,
    private readonly lookup: NodeLookup,
  ) {}

  async create(req: IronicRequest, body: unknown): Promise<NodeRecord> {
    const node = validateNodeBody(body, 'node', nodeCreateSchema);
    // A project admin may create nodes its project then owns (Ironic's project_admin_can_manage_own_nodes).
    const selfOwned = this.authz.allows(req, 'baremetal:node:create:self_owned_node');
    if (!selfOwned) this.authz.check(req, 'baremetal:node:create');
    rejectNewerFields(req, node);
    if (selfOwned && !req.credentials.system) {
      const project = req.credentials.projectId;
      if (node.owner && node.owner !== project) throw new Invalid({ message: 'Cannot create a node as a project scoped admin with an owner other than your own project.' });
      node.owner = project;
    }
    // The ring needs a UUID to place the node, so the API makes one up if the client did not.
    const uuid = (node.uuid as string | null) ?? randomUUID();
    // Lower-cased here, not only on save, because the ring is keyed by it.
    const group = ((node.conductor_group as string | null) ?? '').toLowerCase();
    if (node.name !== undefined && node.name !== null) {
      checkNodeNames(req, [node.name], (name) => `Cannot create node with invalid name '${name}'`);
    }
    const chassisUuid = node.chassis_uuid as string | null | undefined;
    if (chassisUuid && !(await this.repos.chassis.findByUuid(chassisUuid))) {
      throw new RecodedError(new ChassisNotFound({ chassis: chassisUuid }), 400);
    }
    // As Ironic's `if node.get('parent_node')`: an empty string is stored as given, unchecked.
    if (node.parent_node) node.parent_node = (await resolveParentNode(this.lookup, req, node.parent_node, node.owner as string | null | undefined)).uuid;
    const input = {
      ...Object.fromEntries(Object.entries(node).filter(([, v]) => v !== null)),
      uuid,
      conductor_group: group,
      provision_state: allows(req, Microversion.ENROLL_STATE) ? 'enroll' : 'available',
    } as NodeCreateInput;
    return this.router.call({ uuid, driver: input.driver, conductor_group: group }, CreateNode, { node: input }, req.requestId);
  }
}
