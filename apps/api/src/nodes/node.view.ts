import { Inject, Injectable } from '@nestjs/common';
import { Microversion, NodeRecord } from '@ferrum/contracts';
import { Invalid } from '@ferrum/errors';
import type { ConductorRouter } from '@ferrum/transport';
import { IronicRequest, allows } from '../common/ironic-request';
import { Authorizer, nodeTarget } from '../common/authorizer';
import { Links } from '../common/links';
import { maskDictPassword } from '../common/mask-secrets';
import { ROUTER } from '../tokens';
import { NODE_DICT_FIELDS, NODE_FIELDS, NODE_FIELD_VERSIONS, NodeField } from './node-fields';

export type NodeBody = Record<string, unknown>;
type Dict = Record<string, unknown>;

const SECRET = '******';

/**
 * Hides secrets (§6.3) whatever the auth mode: oslo's password keys in driver_info and
 * instance_info, the config drive and image URL, and the agent token.
 */
export function sanitizeNode(body: NodeBody): void {
  if (body.driver_info) {
    const info = maskDictPassword(body.driver_info as Dict, SECRET);
    for (const key of ['snmp_auth_key', 'snmp_priv_key']) if (info[key]) info[key] = SECRET;
    body.driver_info = info;
  }
  if (body.instance_info) {
    const info = maskDictPassword(body.instance_info as Dict, SECRET);
    // configdrive may be a JSON object, which the key rule alone would recurse into.
    for (const key of ['configdrive', 'image_url']) if (info[key]) info[key] = SECRET;
    body.instance_info = info;
  }
  const internal = body.driver_internal_info as Dict | undefined;
  if (internal?.agent_secret_token) body.driver_internal_info = { ...internal, agent_secret_token: SECRET };
}

/** State names older clients know: no `available` before 1.2, no `inspect wait` before 1.39. */
export function legacyProvisionState(state: string | null, version: number): string | null {
  if (state === 'available' && version < Microversion.AVAILABLE_STATE) return null;
  if (state === 'inspect wait' && version < Microversion.INSPECT_WAIT) return 'inspecting';
  return state;
}

/** A NodeRecord as one microversion shows it: fields, links, masking, legacy states (§6.2). */
@Injectable()
export class NodeView {
  constructor(
    private readonly links: Links,
    @Inject(ROUTER) private readonly router: ConductorRouter,
    private readonly authz: Authorizer,
  ) {}

  /** `fields` limits the output to those fields plus links; an unknown one is a 400. */
  async render(node: NodeRecord, req: IronicRequest, fields?: string[]): Promise<NodeBody> {
    const invalid = fields?.find((f) => !(NODE_FIELDS as string[]).includes(f));
    if (invalid !== undefined) throw new Invalid({ message: `Field ${invalid} is not a valid field.` });
    const wanted = (f: NodeField) => (fields === undefined || fields.includes(f)) && req.version >= NODE_FIELD_VERSIONS[f];
    const body: NodeBody = {};
    for (const field of NODE_FIELDS) {
      if (!wanted(field)) continue;
      body[field] = field === 'conductor' ? await this.conductorOf(node) : this.value(node, field);
    }
    if ('provision_state' in body) body.provision_state = legacyProvisionState(node.provision_state, req.version);
    sanitizeNode(body);
    this.redact(body, node, req);
    body.links = this.links.pair('nodes', node.uuid);
    if (fields === undefined) {
      body.ports = this.links.pair('nodes', `${node.uuid}/ports`);
      if (allows(req, Microversion.STATES_LINK)) body.states = this.links.pair('nodes', `${node.uuid}/states`);
      if (allows(req, Microversion.PORTGROUP_UUID)) body.portgroups = this.links.pair('nodes', `${node.uuid}/portgroups`);
      if (allows(req, Microversion.VOLUME)) body.volume = this.links.pair('nodes', `${node.uuid}/volume`);
    }
    return body;
  }

  /**
   * Ironic's node_sanitize: below `baremetal:node:get:filter_threshold` (system readers), infrastructure
   * details are replaced by a note naming the rule that would show them.
   */
  private redact(body: NodeBody, node: NodeRecord, req: IronicRequest): void {
    const target = nodeTarget(node);
    if (this.authz.allows(req, 'baremetal:node:get:filter_threshold', target)) return;
    const denied = (what: string) => !this.authz.allows(req, `baremetal:node:get:${what}`, target);
    if ('last_error' in body && denied('last_error')) body.last_error = '** Value Redacted - Requires baremetal:node:get:last_error permission. **';
    if ('reservation' in body && denied('reservation')) body.reservation = '** Redacted - requires baremetal:node:get:reservation permission. **';
    if ('driver_internal_info' in body && denied('driver_internal_info')) {
      body.driver_internal_info = { content: '** Redacted - Requires baremetal:node:get:driver_internal_info permission. **' };
    }
    if ('driver_info' in body && denied('driver_info')) body.driver_info = { content: '** Redacted - requires baremetal:node:get:driver_info permission. **' };
  }

  renderMany(nodes: NodeRecord[], req: IronicRequest, fields?: string[]): Promise<NodeBody[]> {
    return Promise.all(nodes.map((n) => this.render(n, req, fields)));
  }

  private value(node: NodeRecord, field: Exclude<NodeField, 'conductor'>): unknown {
    const value = node[field];
    if ((NODE_DICT_FIELDS as readonly string[]).includes(field)) return value ?? {};
    if (field === 'traits') return value ?? [];
    return value ?? null;
  }

  /** The conductor that would serve the node now; null when none does (an orphaned node). */
  private async conductorOf(node: NodeRecord): Promise<string | null> {
    try {
      return await this.router.conductorFor(node);
    } catch {
      return null;
    }
  }
}
