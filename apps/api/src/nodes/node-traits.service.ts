import { Inject, Injectable } from '@nestjs/common';
import { CUSTOM_TRAIT_PATTERN, Microversion, RemoveNodeTraits, STANDARD_TRAITS, SetNodeTraits } from '@ferrum/contracts';
import { Invalid, NotAcceptable, NotFound } from '@ferrum/errors';
import type { ConductorRouter } from '@ferrum/transport';
import { Args, rejectUnexpected } from '../common/args';
import { NOT_ACCEPTABLE } from '../common/fields';
import { FrameworkError } from '../common/framework-error';
import { IronicRequest, allows } from '../common/ironic-request';
import { Schema, checkArgSchema } from '../common/schema-errors';
import { ROUTER } from '../tokens';
import { NodeLookup } from './node-lookup';

/** One trait: a standard one (os_traits) or a CUSTOM_ one (Ironic's api_utils.TRAITS_SCHEMA, key order kept). */
export const TRAIT_SCHEMA: Schema = {
  type: 'string',
  minLength: 1,
  maxLength: 255,
  anyOf: [{ pattern: CUSTOM_TRAIT_PATTERN }, { enum: STANDARD_TRAITS }],
};
export const TRAITS_BODY_SCHEMA: Schema = { type: 'object', properties: { traits: { type: 'array', items: TRAIT_SCHEMA } }, additionalProperties: false };

const ONE_OR_ALL =
  'A single node trait may be added via PUT /v1/nodes/<node identifier>/traits/<trait> with no body, ' +
  'or all node traits may be replaced via PUT /v1/nodes/<node identifier>/traits with the list of traits specified in the request body.';

/**
 * /v1/nodes/{ident}/traits (1.37): listed from the node, changed by its conductor under the node's lock.
 * Arguments are checked before the node is looked up, as Ironic's args.validate runs before the handler.
 */
@Injectable()
export class NodeTraitsService {
  constructor(
    private readonly nodes: NodeLookup,
    @Inject(ROUTER) private readonly router: ConductorRouter,
  ) {}

  /**
   * Below 1.37 Ironic routes these paths as it did before traits existed: GET is the node's get_one with
   * `traits` as its fields (406), PUT finds no handler (a bare 405, before the request-id and version middleware), DELETE is the node's delete refusing the
   * extra segments (404).
   */
  private gate(req: IronicRequest, method: 'GET' | 'PUT' | 'DELETE'): void {
    if (allows(req, Microversion.TRAITS)) return;
    if (method === 'GET') throw new NotAcceptable({ message: NOT_ACCEPTABLE });
    if (method === 'PUT') throw new FrameworkError(405, '', true);
    throw new NotFound({ message: 'Resource could not be found.' });
  }

  async list(req: IronicRequest, ident: string, query: Args): Promise<{ traits: string[] }> {
    this.gate(req, 'GET');
    rejectUnexpected(query, []);
    const node = await this.nodes.authorized(req, 'baremetal:node:traits:list', ident);
    return { traits: node.traits };
  }

  /** PUT …/traits with `{"traits": [...]}` replaces them all; PUT …/traits/{trait} with no body adds one. */
  async put(req: IronicRequest, ident: string, trait: string | undefined, body: unknown): Promise<void> {
    this.gate(req, 'PUT');
    if (trait !== undefined) checkArgSchema('trait', trait, TRAIT_SCHEMA);
    if (body !== undefined && body !== null) checkArgSchema('body', body, TRAITS_BODY_SCHEMA);
    const traits = (body as { traits?: string[] } | null | undefined)?.traits;
    const node = await this.nodes.authorized(req, 'baremetal:node:traits:set', ident);
    if ((trait && traits !== undefined) || !(trait || traits !== undefined)) throw new Invalid({ message: ONE_OR_ALL });
    if (trait && isNonEmpty(body)) throw new Invalid({ message: 'No body should be provided when adding a trait' });
    await this.router.call(node, SetNodeTraits, { node_uuid: node.uuid, traits: trait ? [trait] : traits!, replace: !trait }, req.requestId);
  }

  /** DELETE …/traits/{trait} removes one (404 if the node lacks it); DELETE …/traits removes all. */
  async remove(req: IronicRequest, ident: string, trait: string | undefined): Promise<void> {
    this.gate(req, 'DELETE');
    const node = await this.nodes.authorized(req, 'baremetal:node:traits:delete', ident);
    await this.router.call(node, RemoveNodeTraits, { node_uuid: node.uuid, traits: trait ? [trait] : null }, req.requestId);
  }
}

/** Python's truthiness of a parsed JSON body: `{}`, `[]`, `""`, `0`, `false` and null are empty. */
function isNonEmpty(body: unknown): boolean {
  if (body === undefined || body === null) return false;
  if (Array.isArray(body)) return body.length > 0;
  if (typeof body === 'object') return Object.keys(body).length > 0;
  return !!body;
}
