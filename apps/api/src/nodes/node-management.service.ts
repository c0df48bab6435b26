import { Inject, Injectable } from '@nestjs/common';
import { BootDeviceReply, GetIndicatorState, GetIndicators, InterfaceValidation, InjectNmi, SetIndicatorState, Microversion, GetBootDevice, GetSupportedBootDevices, SetBootDevice, ValidateNode, apiMaximum } from '@ferrum/contracts';
import { InvalidParameterValue, NotFound } from '@ferrum/errors';
import type { ConductorRouter } from '@ferrum/transport';
import { Args, rejectUnexpected, requireArg, toBoolean, toStringArg, toUuid, toUuidOrName } from '../common/args';
import { notAcceptable } from '../common/fields';
import { isUuidLike } from '../common/idents';
import { IronicRequest, allows } from '../common/ironic-request';
import { Links } from '../common/links';
import type { ApiConfig } from '../api.config';
import { CONFIG, ROUTER } from '../tokens';
import { NodeLookup } from './node-lookup';

/**
 * Calls that finish on the node's conductor before the reply (§7.5, §7.7, §16): interface
 * validation and the boot device. The conductor takes the lock each one needs.
 */
@Injectable()
export class NodeManagementService {
  constructor(
    private readonly lookup: NodeLookup,
    @Inject(ROUTER) private readonly router: ConductorRouter,
    private readonly links: Links,
    @Inject(CONFIG) private readonly config: ApiConfig,
  ) {}

  /**
   * `GET /v1/nodes/{ident}/validate`, or `GET /v1/nodes/validate?node=` (and the deprecated `node_uuid=`).
   * A name given as `node` below 1.5 is a 406, as in Ironic.
   */
  async validate(req: IronicRequest, ident: string | undefined, args: Args): Promise<Record<string, InterfaceValidation>> {
    rejectUnexpected(args, ident === undefined ? ['node', 'node_uuid'] : []);
    const node = ident ?? toUuidOrName('node', args.node);
    const nodeUuid = toUuid('node_uuid', args.node_uuid);
    if (node !== undefined && !isUuidLike(node) && !allows(req, Microversion.NODE_NAME)) throw notAcceptable();
    const target = nodeUuid ?? node;
    if (target === undefined) requireArg(args, 'node');
    const record = await this.lookup.authorized(req, 'baremetal:node:validate', target!);
    const result = await this.router.call(record, ValidateNode, { node_uuid: record.uuid }, req.requestId);
    // Ironic lists every interface its driver has, whatever the request's version: a release without the
    // firmware interface (the served maximum below 1.86, as when pinned) has no such key.
    if (apiMaximum(this.config.pinReleaseVersion) < Microversion.FIRMWARE_INTERFACE) delete result.firmware;
    return result;
  }

  async getBootDevice(req: IronicRequest, ident: string, args: Args): Promise<BootDeviceReply> {
    rejectUnexpected(args, []);
    const node = await this.lookup.authorized(req, 'baremetal:node:get_boot_device', ident);
    return this.router.call(node, GetBootDevice, { node_uuid: node.uuid }, req.requestId);
  }

  /** The conductor checks the device against what the driver supports (400 otherwise). */
  async setBootDevice(req: IronicRequest, ident: string, args: Args): Promise<void> {
    rejectUnexpected(args, ['boot_device', 'persistent']);
    const bootDevice = toStringArg('boot_device', requireArg(args, 'boot_device'))!;
    const persistent = toBoolean('persistent', args.persistent) ?? false;
    const node = await this.lookup.authorized(req, 'baremetal:node:set_boot_device', ident);
    await this.router.call(node, SetBootDevice, { node_uuid: node.uuid, boot_device: bootDevice, persistent }, req.requestId);
  }

  /** PUT …/management/inject_nmi (1.29): Ironic's handler raises NotFound below its version. */
  async injectNmi(req: IronicRequest, ident: string, args: Args): Promise<void> {
    rejectUnexpected(args, []);
    if (!allows(req, Microversion.INJECT_NMI)) throw new NotFound({ message: 'Resource could not be found.' });
    const node = await this.lookup.authorized(req, 'baremetal:node:inject_nmi', ident);
    await this.router.call(node, InjectNmi, { node_uuid: node.uuid }, req.requestId);
  }

  async supportedBootDevices(req: IronicRequest, ident: string, args: Args): Promise<{ supported_boot_devices: string[] }> {
    rejectUnexpected(args, []);
    const node = await this.lookup.authorized(req, 'baremetal:node:get_boot_device', ident);
    return this.router.call(node, GetSupportedBootDevices, { node_uuid: node.uuid }, req.requestId);
  }

  /** GET …/management/indicators: every indicator as `name@component`, with its states and a link. */
  async indicators(req: IronicRequest, ident: string, args: Args): Promise<{ indicators: Record<string, unknown>[] }> {
    rejectUnexpected(args, []);
    const node = await this.lookup.authorized(req, 'baremetal:node:get_indicator_state', ident);
    const byComponent = await this.router.call(node, GetIndicators, { node_uuid: node.uuid }, req.requestId);
    const indicators = Object.entries(byComponent).flatMap(([component, names]) =>
      Object.entries(names).map(([name, fields]) => ({
        name: `${name}@${component}`,
        component,
        readonly: fields.readonly ?? true,
        states: fields.states ?? [],
        links: this.links.pair('nodes', `${ident}/management/indicators/${name}@${component}`),
      })),
    );
    return { indicators };
  }

  async indicatorState(req: IronicRequest, ident: string, indicator: string, args: Args): Promise<{ state: string }> {
    rejectUnexpected(args, []);
    const node = await this.lookup.authorized(req, 'baremetal:node:get_indicator_state', ident);
    const { component, name } = parseIndicator(indicator);
    return { state: await this.router.call(node, GetIndicatorState, { node_uuid: node.uuid, component, indicator: name }, req.requestId) };
  }

  async setIndicatorState(req: IronicRequest, ident: string, indicator: string, args: Args): Promise<void> {
    rejectUnexpected(args, ['state']);
    const state = toStringArg('state', requireArg(args, 'state'))!;
    const node = await this.lookup.authorized(req, 'baremetal:node:set_indicator_state', ident);
    const { component, name } = parseIndicator(indicator);
    await this.router.call(node, SetIndicatorState, { node_uuid: node.uuid, component, indicator: name, state }, req.requestId);
  }
}

/** Ironic's IndicatorAtComponent: `name@component`, split at the first `@`. */
function parseIndicator(unique: string): { component: string; name: string } {
  const at = unique.indexOf('@');
  if (at < 0) throw new InvalidParameterValue({ message: `Malformed indicator name "${unique}"` });
  return { name: unique.slice(0, at), component: unique.slice(at + 1) };
}
