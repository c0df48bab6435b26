import type { InspectionDialect, NodeRecord } from '@ferrum/contracts';
import { Invalid, NotFound } from '@ferrum/errors';
import type { IntrospectionRecord, Repositories } from '@ferrum/persistence';
import { IntrospectionEvent, InvalidIntrospectionEvent } from '@ferrum/state-machines';
import type { Logger } from 'pino';
import type { ConductorGateway } from '../conductor/conductor.gateway';
import type { PxeFilterService } from '../pxe/pxe-filter.service';
import { bmcAddresses } from './bmc-address';
import type { NodeLocks } from './node-locks';

/**
 * The end of an `agent` interface's run as Ironic words it in last_error (its conductor's timeout and abort
 * messages); processing failures come already worded from the agent pipeline.
 */
function inIronicWords(event: IntrospectionEvent, error: string): string {
  if (event === 'timeout') return 'Timeout reached while inspecting the node. Please check if the ramdisk responsible for the inspection is running on the node.';
  if (event === 'abort_end') return 'Inspection was aborted by request.';
  return error;
}

const NO_LOOKUP_ATTRIBUTES =
  "No lookup attributes were found, inspector won't be able to find it after introspection, consider creating ironic ports or providing an IPMI address";

/** Provision states a node may be introspected in (§5). */
const INTROSPECTABLE = ['enroll', 'manageable', 'inspecting', 'inspect wait', 'inspect failed'];
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface IntrospectionSettings {
  timeoutS: number;
  /** Also start introspection of active and rescued nodes (never with managed boot). */
  permitActive?: boolean;
  introspectionDelayS: number;
  discovery: boolean;
}

/**
 * Starting, aborting, timing out and finishing introspections (§5, §11). Boot and power work runs in the
 * background after the API answered, as ironic-inspector's does; every end of a run is reported to the
 * node's conductor so the node leaves `inspect wait` at once.
 */
export class IntrospectionService {
  private readonly pending = new Set<Promise<void>>();
  private powerGate: Promise<void> = Promise.resolve();
  private lastPowerOn = 0;

  constructor(
    private readonly repos: Repositories,
    private readonly gateway: ConductorGateway,
    private readonly filter: PxeFilterService,
    readonly locks: NodeLocks,
    private readonly settings: IntrospectionSettings,
    private readonly logger: Logger,
  ) {}

  /**
   * @param fromConductor the conductor already holds the node and validated its power interface
   * @throws NodeNotFound (404), Invalid (400) for a state that cannot be introspected or a failed validation
   */
  async start(ident: string, manageBoot: boolean, fromConductor = false, dialect: InspectionDialect = 'inspector'): Promise<IntrospectionRecord> {
    const node = await this.gateway.node(ident);
    const active = ['active', 'rescue'].includes(node.provision_state);
    if (active && this.settings.permitActive && manageBoot) {
      throw new Invalid({ message: `Node ${node.uuid} is ${node.provision_state}: it can only be introspected with manage_boot=false` });
    }
    if (!INTROSPECTABLE.includes(node.provision_state) && !(active && this.settings.permitActive)) {
      throw new Invalid({
        message: `Invalid provision state for introspection: "${node.provision_state}", valid states are "${INTROSPECTABLE.join('", "')}"`,
      });
    }
    if (manageBoot && !fromConductor) {
      const power = (await this.gateway.validate(node)).power;
      if (power && !power.result) throw new Invalid({ message: `Failed validation of power interface, reason: ${power.reason ?? 'unknown'}` });
    }
    const bmc = await bmcAddresses(node);
    // The lookup attributes are in place when this returns: a caller that boots the node itself powers it on
    // next, and a ramdisk that calls back before its MACs are known would be answered 404 for good.
    const macs = (await this.gateway.ports(node)).map((p) => p.address.toLowerCase());
    const attributes = { ...(bmc.length ? { bmc_address: bmc } : {}), ...(macs.length ? { mac: macs } : {}) };
    const release = await this.locks.acquire(node.uuid);
    let row: IntrospectionRecord;
    try {
      row = await this.repos.introspections.start(node.uuid, { manageBoot, attributes, dialect });
    } catch (err) {
      if (err instanceof InvalidIntrospectionEvent) throw new Invalid({ message: err.message });
      throw err;
    } finally {
      release();
    }
    const lookupPossible = macs.length > 0 || bmc.length > 0 || this.settings.discovery;
    if (manageBoot) {
      this.background(() => this.prepare(node, lookupPossible));
      return row;
    }
    row = await this.readyForCallback(node.uuid);
    // Reported as ironic-inspector does, in the run's status rather than the answer to the start.
    if (!lookupPossible) this.background(async () => void (await this.finish(node.uuid, 'error', `Failed to start introspection: ${NO_LOOKUP_ATTRIBUTES}`)));
    return row;
  }

  /**
   * Unmanaged boot: the caller powers the node on as soon as this returns, so the filter is open and the run
   * waits for the callback first. A failure here fails the run and the call.
   */
  private async readyForCallback(uuid: string): Promise<IntrospectionRecord> {
    try {
      await this.syncFilter();
      return await this.repos.introspections.transition(uuid, 'wait');
    } catch (err) {
      if (err instanceof InvalidIntrospectionEvent) throw new Invalid({ message: err.message });
      const message = `Failed to start introspection: ${(err as Error).message}`;
      await this.repos.introspections.transition(uuid, 'error', { error: message }).catch(() => undefined);
      await this.syncFilter().catch(() => undefined);
      throw new Invalid({ message });
    }
  }

  /** Opens the PXE filter, then PXE-boots the node; the row ends in `waiting`. */
  private async prepare(node: NodeRecord, lookupPossible: boolean): Promise<void> {
    try {
      await this.syncFilter();
      if (!lookupPossible) throw new Error(NO_LOOKUP_ATTRIBUTES);
      await this.gateway.setBootDevice(node, 'pxe', false);
      // Waiting before the power-on: a fast ramdisk may call back before the reboot call returns.
      await this.repos.introspections.transition(node.uuid, 'wait');
      await this.waitForTurn();
      await this.gateway.setPower(node, 'rebooting');
    } catch (err) {
      // Aborted (or restarted) while we booted it: the run is someone else's now, leave its outcome alone.
      if (err instanceof InvalidIntrospectionEvent) {
        this.logger.info({ node: node.uuid, err: err.message }, 'introspection changed while starting');
        return;
      }
      await this.finish(node.uuid, 'error', `Failed to start introspection: ${(err as Error).message}`);
    }
  }

  /** ironic-inspector's introspection_delay: at least this long between two power-ons, for all nodes. */
  private waitForTurn(): Promise<void> {
    const turn = this.powerGate.then(async () => {
      const wait = this.lastPowerOn + this.settings.introspectionDelayS * 1000 - Date.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      this.lastPowerOn = Date.now();
    });
    this.powerGate = turn;
    return turn;
  }

  async status(ident: string): Promise<IntrospectionRecord> {
    const row = await this.repos.introspections.get(await this.uuidOf(ident));
    if (!row) throw new NotFound({ message: `Node ${ident} was not found in cache` });
    return row;
  }

  /** @throws NotFound (404) when never introspected, Conflict (409) while the node is being processed */
  async abort(ident: string): Promise<void> {
    const row = await this.status(ident);
    const release = this.locks.tryAcquire(row.uuid);
    this.background(async () => {
      try {
        let aborting: IntrospectionRecord;
        try {
          aborting = await this.repos.introspections.transition(row.uuid, 'abort');
        } catch (err) {
          // Aborting a finished node: accepted, then refused here and only logged (§5).
          this.logger.info({ node: row.uuid, err: (err as Error).message }, 'abort refused by the state machine');
          return;
        }
        if (aborting.state === 'error') return;
        if (aborting.manage_boot) await this.powerOff(row.uuid);
        await this.finish(row.uuid, 'abort_end', 'Canceled by operator');
      } finally {
        release();
      }
    });
  }

  /**
   * The clean-up pass (§11): forgets nodes deleted from Ferrum, then ends unfinished runs older than the
   * timeout in error. @returns the uuids that timed out
   */
  async sweepTimeouts(): Promise<string[]> {
    const forgotten = await this.repos.introspections.forgetDeletedNodes();
    if (forgotten.length) {
      this.logger.info({ nodes: forgotten }, 'forgot introspections of deleted nodes');
      await this.syncFilter();
    }
    if (this.settings.timeoutS <= 0) return [];
    const stale = await this.repos.introspections.startedBefore(new Date(Date.now() - this.settings.timeoutS * 1000));
    const done: string[] = [];
    for (const row of stale) {
      const release = await this.locks.acquire(row.uuid);
      try {
        if (row.manage_boot) await this.powerOff(row.uuid);
        if (await this.finish(row.uuid, 'timeout', 'Introspection timeout', { sync: false })) done.push(row.uuid);
      } finally {
        release();
      }
    }
    if (done.length) await this.syncFilter();
    return done;
  }

  /**
   * Ends a run with a finishing event, syncs the filter and tells the node's conductor.
   * @returns false when the state machine refused the event (someone else finished it)
   */
  async finish(uuid: string, event: IntrospectionEvent, error: string | null, options: { sync?: boolean } = {}): Promise<boolean> {
    if (error !== null && (await this.repos.introspections.get(uuid))?.dialect === 'agent') error = inIronicWords(event, error);
    try {
      await this.repos.introspections.transition(uuid, event, { error });
    } catch (err) {
      this.logger.warn({ node: uuid, event, err: (err as Error).message }, 'could not finish introspection');
      return false;
    }
    if (error) this.logger.warn({ node: uuid, error }, 'introspection failed');
    else this.logger.info({ node: uuid }, 'introspection finished');
    if (options.sync !== false) await this.syncFilter();
    await this.notifyConductor(uuid, error);
    return true;
  }

  private async notifyConductor(uuid: string, error: string | null): Promise<void> {
    try {
      const node = await this.gateway.findNode(uuid);
      if (node && ['inspecting', 'inspect wait', 'inspect failed'].includes(node.provision_state)) await this.gateway.inspectionFinished(node, error);
    } catch (err) {
      // The conductor's status poll picks the result up later.
      this.logger.warn({ err, node: uuid }, 'could not report the end of introspection to the conductor');
    }
  }

  async powerOff(uuid: string): Promise<void> {
    try {
      const node = await this.gateway.findNode(uuid);
      if (node && !['active', 'rescue'].includes(node.provision_state)) await this.gateway.setPower(node, 'power off');
    } catch (err) {
      this.logger.warn({ err, node: uuid }, 'could not power the node off');
    }
  }

  async syncFilter(): Promise<void> {
    await this.filter.sync().catch(() => undefined);
  }

  /** Runs work after the reply; close() waits for it. */
  background(work: () => Promise<void>): void {
    const run = work().catch((err) => this.logger.error({ err }, 'background introspection work failed'));
    this.pending.add(run);
    void run.finally(() => this.pending.delete(run));
  }

  async idle(): Promise<void> {
    while (this.pending.size) await Promise.allSettled([...this.pending]);
  }

  private async uuidOf(ident: string): Promise<string> {
    if (UUID_RE.test(ident)) return ident.toLowerCase();
    return (await this.gateway.node(ident)).uuid;
  }
}
