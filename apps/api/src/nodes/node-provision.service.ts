import { Inject, Injectable } from '@nestjs/common';
import { type ProvisionRequestParams, apiMaximum, pyStr, ProvisionNode } from '@ferrum/contracts';
import { Invalid, InvalidParameterValue } from '@ferrum/errors';
import { PROVISION_PARAMS, validateProvisionRequest } from '@ferrum/state-machines';
import type { ConductorRouter } from '@ferrum/transport';
import { Args, rejectUnexpected, requireArg, toBoolean, toStringArg } from '../common/args';
import type { IronicRequest } from '../common/ironic-request';
import type { ApiConfig } from '../api.config';
import { CONFIG, ROUTER } from '../tokens';
import { NodeLookup } from './node-lookup';
import { checkCleanSteps, checkDeploySteps, checkServiceSteps } from './provision-steps';

const BASE64 = /^[A-Za-z0-9+/=\n\r\t ]*$/;

/**
 * PUT /v1/nodes/{ident}/states/provision (§7.3): argument types here, every verb/state/parameter rule
 * from @ferrum/state-machines in Ironic's order, step shapes, then the node's conductor saves the
 * transition under the lock before the 202.
 */
@Injectable()
export class NodeProvisionService {
  /** The served API maximum: the release it stands for decides which interfaces steps may name. */
  private readonly maximum: number;

  constructor(
    private readonly lookup: NodeLookup,
    @Inject(ROUTER) private readonly router: ConductorRouter,
    @Inject(CONFIG) config: ApiConfig,
  ) {
    this.maximum = apiMaximum(config.pinReleaseVersion);
  }

  async provision(req: IronicRequest, ident: string, args: Args): Promise<void> {
    rejectUnexpected(args, ['target', ...PROVISION_PARAMS]);
    const target = toStringArg('target', requireArg(args, 'target'))!;
    const params = parseParams(args);
    const node = await this.lookup.authorized(req, 'baremetal:node:set_provision_state', ident);
    const resolved = validateProvisionRequest(node, { target, ...params }, req.version);
    checkConfigdriveString(params.configdrive);
    const request: ProvisionRequestParams = {
      ...(!!params.configdrive && { configdrive: params.configdrive }),
      ...(!!params.clean_steps?.length && { clean_steps: checkCleanSteps(params.clean_steps, this.maximum) }),
      ...(!!params.deploy_steps?.length && { deploy_steps: checkDeploySteps(params.deploy_steps, this.maximum) }),
      ...(!!params.service_steps?.length && { service_steps: checkServiceSteps(params.service_steps, this.maximum) }),
      ...(params.rescue_password != null && { rescue_password: params.rescue_password }),
      ...(params.disable_ramdisk != null && { disable_ramdisk: params.disable_ramdisk }),
    };
    await this.router.call(node, ProvisionNode, { node_uuid: node.uuid, event: resolved.event, params: request }, req.requestId);
  }
}

interface ParsedParams {
  configdrive?: string | Record<string, unknown> | null;
  clean_steps?: unknown[] | null;
  deploy_steps?: unknown[] | null;
  service_steps?: unknown[] | null;
  rescue_password?: string;
  disable_ramdisk?: boolean;
}

/** Ironic's `args.types(...)` checks on the optional body fields, with its wording. */
function parseParams(args: Args): ParsedParams {
  const typed = <T>(name: string, ok: (v: unknown) => boolean, types: string): T | undefined => {
    const value = args[name];
    if (value === undefined || value === null) return value as undefined;
    if (!ok(value)) throw new InvalidParameterValue({ message: `Expected types ${types} for ${name}: ${pyStr(value)}` });
    return value as T;
  };
  const isDict = (v: unknown) => typeof v === 'object' && v !== null && !Array.isArray(v);
  return {
    configdrive: typed('configdrive', (v) => typeof v === 'string' || isDict(v), "<class 'NoneType'>, <class 'dict'>, <class 'str'>"),
    clean_steps: typed('clean_steps', Array.isArray, "<class 'NoneType'>, <class 'list'>"),
    deploy_steps: typed('deploy_steps', Array.isArray, "<class 'NoneType'>, <class 'list'>"),
    service_steps: typed('service_steps', Array.isArray, "<class 'NoneType'>, <class 'list'>"),
    rescue_password: toStringArg('rescue_password', args.rescue_password),
    disable_ramdisk: toBoolean('disable_ramdisk', args.disable_ramdisk),
  };
}

/**
 * A string config drive is a URL or gzipped base64 (Ironic's check_allow_configdrive). The
 * state-machines lib checks only the object form, so the string form is checked here.
 */
function checkConfigdriveString(configdrive: ParsedParams['configdrive']): void {
  if (typeof configdrive !== 'string' || configdrive.includes('://') || BASE64.test(configdrive)) return;
  throw new Invalid({ message: 'Invalid configdrive format: it is neither a JSON, nor a URL, nor a base64 string' });
}
