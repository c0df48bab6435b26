import { Inject, Injectable } from '@nestjs/common';
import { Policy, type Values } from '@ferrum/auth';
import type { NodeRecord } from '@ferrum/contracts';
import { HTTPForbidden, NodeNotFound, PortNotFound, PortgroupNotFound } from '@ferrum/errors';
import { POLICY } from '../tokens';
import type { IronicRequest } from './ironic-request';

/** What the node rules read about a node (Ironic sets `node.lessee` only when there is one). */
export function nodeTarget(node: Pick<NodeRecord, 'owner' | 'lessee'> | undefined): Values {
  return { 'node.owner': node?.owner ?? null, ...(node?.lessee ? { 'node.lessee': node.lessee } : {}) };
}

/**
 * Ironic's policy checks as its API makes them (api/controllers/v1/utils.py), in one place: a refused
 * rule is 403 naming it; a node the caller may not even see is 404, as if it did not exist.
 */
@Injectable()
export class Authorizer {
  constructor(@Inject(POLICY) private readonly policy: Policy) {}

  allows(req: IronicRequest, rule: string, target: Values = {}): boolean {
    return this.policy.allows(rule, req.credentials, target);
  }

  /** check_policy: 403 when refused. */
  check(req: IronicRequest, rule: string, target: Values = {}): void {
    if (!this.allows(req, rule, target)) throw new HTTPForbidden({ resource: rule });
  }

  /** check_node_policy_and_retrieve, on a node already found: first may the caller see it (else 404), then `rule`. */
  checkNode(req: IronicRequest, rule: string, node: NodeRecord, ident: string): void {
    const target = nodeTarget(node);
    if (!this.allows(req, 'baremetal:node:get', target)) throw new NodeNotFound({ node: ident });
    if (rule !== 'baremetal:node:get') this.check(req, rule, target);
  }

  /** check_port_policy_and_retrieve: a port on a node the caller may not see is not found; then `rule` on that node. */
  checkPort(req: IronicRequest, rule: string, node: NodeRecord | undefined, ident: string): void {
    const target = nodeTarget(node);
    if (!this.allows(req, 'baremetal:node:get', target)) throw new PortNotFound({ port: ident });
    this.check(req, rule, target);
  }

  /** check_port_policy_and_retrieve(portgroup=True): a group on a node the caller may not see is not found. */
  checkPortgroup(req: IronicRequest, rule: string, node: NodeRecord | undefined, ident: string): void {
    const target = nodeTarget(node);
    if (!this.allows(req, 'baremetal:node:get', target)) throw new PortgroupNotFound({ portgroup: ident });
    this.check(req, rule, target);
  }

  /**
   * check_list_policy: everything with `<type>:list_all`; otherwise a project-scoped caller with
   * `<type>:list` sees its own project's objects (the project returned is the filter to apply), and
   * asking for another owner is refused.
   */
  listScope(req: IronicRequest, type: 'node' | 'port' | 'portgroup' | 'allocation' | 'volume' | 'runbook', owner?: string): string | undefined {
    if (this.allows(req, `baremetal:${type}:list_all`)) return owner;
    const project = req.credentials.projectId;
    if (!project || (owner && owner !== project)) throw new HTTPForbidden({ resource: `baremetal:${type}:list_all` });
    this.check(req, `baremetal:${type}:list`);
    return project;
  }
}
