import { Inject, Injectable } from '@nestjs/common';
import { ChangeBootMode, ChangeSecureBoot, Microversion, NodeRecord, POWER_OFF, SOFT_POWER_OFF, pyStr, SetPowerState } from '@ferrum/contracts';
import { Conflict, Invalid, InvalidParameterValue, InvalidStateRequested, NotFound, PowerStateFailure } from '@ferrum/errors';
import { POWER_CHANGE_REFUSED_STATES, SOFT_POWER_MIN_VERSION, SOFT_POWER_TARGETS, UNSTABLE_STATES, isPowerTarget, stateIn } from '@ferrum/state-machines';
import type { ConductorRouter } from '@ferrum/transport';
import { Args, rejectUnexpected, requireArg, toBoolean, toInteger, toStringArg } from '../common/args';
import { notAcceptable } from '../common/fields';
import { IronicRequest, allows } from '../common/ironic-request';
import { ROUTER } from '../tokens';
import { NodeLookup } from './node-lookup';
import { legacyProvisionState } from './node.view';

/** GET /v1/nodes/{ident}/states and PUT …/states/power (§7.1, §7.2). */
@Injectable()
export class NodeStatesService {
  constructor(
    private readonly lookup: NodeLookup,
    @Inject(ROUTER) private readonly router: ConductorRouter,
  ) {}

  /** Straight from the database: the power sync keeps it current, no BMC is asked. */
  async states(req: IronicRequest, ident: string, args: Args): Promise<Record<string, unknown>> {
    rejectUnexpected(args, []);
    const node = await this.lookup.authorized(req, 'baremetal:node:get_states', ident);
    const states: Record<string, unknown> = {
      console_enabled: node.console_enabled,
      last_error: node.last_error,
      power_state: node.power_state,
      provision_state: legacyProvisionState(node.provision_state, req.version),
      target_power_state: node.target_power_state,
      target_provision_state: node.target_provision_state,
      provision_updated_at: node.provision_updated_at,
    };
    if (allows(req, Microversion.RAID)) Object.assign(states, { raid_config: node.raid_config, target_raid_config: node.target_raid_config });
    if (allows(req, Microversion.BOOT_MODE)) Object.assign(states, { boot_mode: node.boot_mode, secure_boot: node.secure_boot });
    return states;
  }

  /** Validates here, then the node's conductor sets the target under the lock and replies before the action runs. */
  async setPower(req: IronicRequest, ident: string, args: Args): Promise<void> {
    rejectUnexpected(args, ['target', 'timeout']);
    const target = toStringArg('target', requireArg(args, 'target'))!;
    const timeout = toInteger('timeout', args.timeout);
    const node = await this.lookup.authorized(req, 'baremetal:node:set_power_state', ident);
    if (((SOFT_POWER_TARGETS as readonly string[]).includes(target) || timeout) && !allows(req, SOFT_POWER_MIN_VERSION)) {
      throw notAcceptable();
    }
    if (timeout !== undefined && timeout < 1) throw new Invalid({ message: 'timeout has to be positive integer' });
    if (!isPowerTarget(target)) {
      throw new InvalidStateRequested({ action: target, node: ident, state: pyStr(node.power_state) });
    }
    if ((POWER_CHANGE_REFUSED_STATES as readonly string[]).includes(node.provision_state)) {
      throw new InvalidStateRequested({ action: target, node: ident, state: node.provision_state });
    }
    // 1.95: a node that must stay on is never powered off (Ironic answers its PowerStateFailure; 409 here, not 500).
    if ((target === POWER_OFF || target === SOFT_POWER_OFF) && node.disable_power_off) throw new PowerStateFailure({ pstate: target });
    await this.router.call(
      node,
      SetPowerState,
      { node_uuid: node.uuid, target, ...(timeout !== undefined && { timeout }) },
      req.requestId,
    );
  }

  /** PUT …/states/boot_mode (1.76): 202 once the conductor validated the change and took it on. */
  async setBootMode(req: IronicRequest, ident: string, args: Args): Promise<void> {
    rejectUnexpected(args, ['target']);
    const target = toStringArg('target', requireArg(args, 'target'))!;
    const node = await this.lookup.authorized(req, 'baremetal:node:set_boot_mode', ident);
    this.checkChangeable(req, node);
    if (target !== 'bios' && target !== 'uefi') {
      throw new InvalidParameterValue({ message: `Invalid boot mode ${target} requested for node. Allowed boot modes are: bios, uefi` });
    }
    await this.router.call(node, ChangeBootMode, { node_uuid: node.uuid, mode: target }, req.requestId);
  }

  /** PUT …/states/secure_boot (1.76): as the boot mode, with a boolean target. */
  async setSecureBoot(req: IronicRequest, ident: string, args: Args): Promise<void> {
    rejectUnexpected(args, ['target']);
    const target = toBoolean('target', requireArg(args, 'target'));
    const node = await this.lookup.authorized(req, 'baremetal:node:set_secure_boot', ident);
    this.checkChangeable(req, node);
    if (target !== true && target !== false) {
      throw new InvalidParameterValue({ message: `Invalid secure_boot ${pyStr(target)} requested for node. Allowed secure_boot states are: True, False) ` });
    }
    await this.router.call(node, ChangeSecureBoot, { node_uuid: node.uuid, enabled: target }, req.requestId);
  }

  /** Ironic's checks after the node is found: the version (its handler's NotFound), then no transition under way. */
  private checkChangeable(req: IronicRequest, node: NodeRecord): void {
    if (!allows(req, Microversion.CHANGE_BOOT_MODE)) throw new NotFound({ message: 'This endpoint is supported starting with the API version 1.76' });
    if (stateIn(UNSTABLE_STATES, node.provision_state)) {
      throw new Conflict({
        message: `Node is in ${node.provision_state} state. Since node is transitioning, the boot mode will not be set as this may interfere with ongoing changes and result in erroneous modification. Try again later.`,
      });
    }
  }
}
