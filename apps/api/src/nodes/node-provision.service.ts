import { Inject, Injectable } from '@nestjs/common';
import { type ProvisionRequestParams, type RunbookStep, apiMaximum, Microversion, pyStr, ProvisionNode } from '@ferrum/contracts';
import { Invalid, InvalidParameterValue, InvalidStateRequested, NodeLocked } from '@ferrum/errors';
import { PROVISION_PARAMS, validateProvisionRequest } from '@ferrum/state-machines';
import type { Repositories } from '@ferrum/persistence';
import type { ConductorRouter } from '@ferrum/transport';
import { Args, rejectUnexpected, requireArg, toBoolean, toStringArg } from '../common/args';
import { Authorizer } from '../common/authorizer';
import type { IronicRequest } from '../common/ironic-request';
import type { ApiConfig } from '../api.config';
import { CONFIG, REPOS, ROUTER } from '../tokens';
import { NodeLookup } from './node-lookup';
import { provisionRunbook } from './provision-runbook';
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
    @Inject(REPOS) private readonly repos: Repositories,
    private readonly authz: Authorizer,
  ) {
    this.maximum = apiMaximum(config.pinReleaseVersion);
  }

  async provision(req: IronicRequest, ident: string, args: Args): Promise<void> {
    // An Ironic older than runbooks (the served maximum below 1.92) does not know the argument at all.
    rejectUnexpected(args, ['target', ...PROVISION_PARAMS.filter((p) => p !== 'runbook' || this.maximum >= Microversion.RUNBOOKS)]);
    const target = toStringArg('target', requireArg(args, 'target'))!;
    const params = parseParams(args);
    const node = await this.lookup.authorized(req, 'baremetal:node:set_provision_state', ident);
    // A release without 1.110 (pinned below it) has no abort from wait call-back: the state does not take it.
    if (this.maximum < Microversion.DEPLOY_ABORT && target === 'abort' && node.provision_state === 'wait call-back') {
      if (node.reservation) throw new NodeLocked({ node: node.uuid, host: node.reservation });
      throw new InvalidStateRequested({ action: target, node: node.uuid, state: node.provision_state });
    }
    // A runbook (1.92) is looked up now and checked where Ironic checks it, inside the request checks.
    const runbook = params.runbook && req.version >= Microversion.RUNBOOKS ? await provisionRunbook(this.repos, this.authz, req, node, params.runbook) : undefined;
    const { event, params: sent } = validateProvisionRequest(node, { target, ...params }, req.version, runbook?.resolve, this.maximum);
    checkConfigdriveString(params.configdrive);
    // A runbook's steps were checked when it was stored, against its own schema (which has `order`).
    const ours = (steps: unknown[] | null | undefined) => steps === runbook?.used()?.steps;
    const request: ProvisionRequestParams = {
      ...(!!sent.configdrive && { configdrive: sent.configdrive }),
      ...(!!sent.clean_steps?.length && { clean_steps: ours(sent.clean_steps) ? (sent.clean_steps as RunbookStep[]) : checkCleanSteps(sent.clean_steps, this.maximum) }),
      ...(!!sent.deploy_steps?.length && { deploy_steps: checkDeploySteps(sent.deploy_steps, this.maximum) }),
      ...(!!sent.service_steps?.length && { service_steps: ours(sent.service_steps) ? (sent.service_steps as RunbookStep[]) : checkServiceSteps(sent.service_steps, this.maximum) }),
      ...(sent.rescue_password != null && { rescue_password: sent.rescue_password }),
      ...(sent.disable_ramdisk != null && { disable_ramdisk: sent.disable_ramdisk }),
    };
    await this.router.call(node, ProvisionNode, { node_uuid: node.uuid, event, params: request }, req.requestId);
  }
}

interface ParsedParams {
  configdrive?: string | Record<string, unknown> | null;
  clean_steps?: unknown[] | null;
  deploy_steps?: unknown[] | null;
  service_steps?: unknown[] | null;
  rescue_password?: string;
  disable_ramdisk?: boolean;
  runbook?: string | null;
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
    runbook: typed('runbook', (v) => typeof v === 'string', "<class 'NoneType'>, <class 'str'>"),
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
