import { ContinueInspection, InspectionChanges, Inventory, NodeChanges, UNKNOWN_BMC_ADDRESSES, normalizeMac, type ReplyOf } from '@ferrum/contracts';
import { Conflict, FerrumError, Invalid, NotFound } from '@ferrum/errors';
import type { Repositories } from '@ferrum/persistence';
import { InvalidIntrospectionEvent } from '@ferrum/state-machines';
import type { Logger } from 'pino';
import type { ConductorGateway } from '../conductor/conductor.gateway';
import type { IntrospectionService } from '../introspection/introspection.service';
import type { RuleService } from '../rules/rule.service';
import { AgentProcessing, agentFailure } from './agent-processing';
import { enrollUnknownMachine } from './discovery';
import { hasWork } from './has-work';
import { capabilities, rootDiskSelection, scheduler } from './hooks/property-hooks';
import { PropertyPatch } from './hooks/property-patch';
import { planPorts } from './hooks/ports.hook';
import { validateInterfaces } from './hooks/validate-interfaces.hook';
import type { IntrospectionData } from './introspection-data';
import type { ProcessingOptions } from './processing-options';
import { storeRamdiskLogs } from './ramdisk-logs';

const ACTIVE_STATES = ['active', 'rescue'];

/** An unexpected failure after lookup: the node goes to error and the ramdisk sees a 500 (§2.2). */
export class ProcessingCrashed extends Error {}

/** The run the data belongs to ended before it could be processed (a duplicated or late callback); 400 at ironic-inspector's door. */
class AlreadyProcessed extends Invalid {}

/**
 * The ramdisk callback's pipeline (§7): pre-hooks, lookup (or discovery), post-hooks writing properties and
 * ports through the conductor, data storage, PXE filter sync, rules; then, after the reply, power off and finish.
 */
export class ProcessingService {
  constructor(
    private readonly repos: Repositories,
    private readonly gateway: ConductorGateway,
    private readonly introspection: IntrospectionService,
    private readonly rules: RuleService,
    private readonly options: ProcessingOptions,
    private readonly logger: Logger,
    private readonly agent: AgentProcessing,
  ) {}

  /**
   * @returns `{uuid}` of the node the data belonged to
   * @throws Invalid (400) for a bad payload, failed pre-hooks, failed lookup or an already finished node;
   *   Conflict (409) while another callback enrolls the same machine; a hook's domain error with its status;
   *   ProcessingCrashed (500) otherwise
   */
  async process(body: unknown): Promise<{ uuid: string }> {
    if (!body || typeof body !== 'object' || Array.isArray(body)) throw new Invalid({ message: `Invalid data: expected a JSON object, got ${Array.isArray(body) ? 'array' : typeof body}` });
    const data = structuredClone(body) as IntrospectionData;
    // Ramdisk logs are never stored with the data or logged; they go to their own directory, if any.
    const logs = typeof data.logs === 'string' ? data.logs : undefined;
    delete data.logs;
    const unprocessed = structuredClone(data);
    let uuid: string | undefined;
    try {
      uuid = await this.lookupAndRun(data, unprocessed, (found) => (uuid = found));
    } catch (err) {
      if (logs) await this.keepLogs(uuid, logs);
      throw err;
    }
    if (logs && this.options.inspectorAlwaysStoreRamdiskLogs) await this.keepLogs(uuid, logs);
    return { uuid };
  }

  /**
   * Ironic's ramdisk callback (`POST /v1/continue_inspection`). Lookup comes first and tells nothing on
   * failure (404); the hooks — ramdisk-error included — run only for a known node, with the run's own
   * processing (`agent` or `inspector`). A failure after lookup fails the node, not the call: the agent
   * still gets the node's uuid, as Ironic answers 202 before its conductor processes the data.
   * @throws NotFound for data no node under inspection matches (auto-discovery off); Conflict (409) while
   *   the node's previous callback is processed or its machine is being enrolled
   */
  async continueInspection(body: Record<string, unknown>, nodeUuid?: string, issueToken = false): Promise<ReplyOf<typeof ContinueInspection>> {
    const data = structuredClone(body) as IntrospectionData;
    const logs = typeof data.logs === 'string' ? data.logs : undefined;
    delete data.logs;
    const unprocessed = structuredClone(data);
    const uuid = await this.lookupForIronic(data, nodeUuid);
    const release = await this.introspection.locks.acquire(uuid);
    let answer: ReplyOf<typeof ContinueInspection> = { uuid };
    try {
      // Before processing, as Ironic: the token needs the node's lock, which processing may hold for long.
      if (issueToken) answer = { uuid, lookup: await this.gateway.nodeWithToken(await this.gateway.node(uuid)) };
      await this.run(uuid, data, unprocessed, true);
    } catch (err) {
      // A callback that waited for the node's previous one finds its run over: Ironic's conductor answers
      // NotFound for a node no longer waiting for inspection.
      if (err instanceof AlreadyProcessed) {
        this.logger.info({ node: uuid }, 'inspection callback for a run that is already over: 404');
        throw new NotFound({ message: 'Resource could not be found.' });
      }
      if (err instanceof Conflict || (issueToken && !answer.lookup)) throw err;
      if (logs) await this.keepLogs(uuid, logs);
      this.logger.info({ node: uuid, err: (err as Error).message }, 'inspection data processed with a failure');
      return answer;
    } finally {
      release();
    }
    if (logs && this.options.inspectorAlwaysStoreRamdiskLogs) await this.keepLogs(uuid, logs);
    return answer;
  }

  /** Ironic's lookup_node: the run whose MACs or BMC address the data names (a tie is no match); else auto-discovery. */
  private async lookupForIronic(data: IntrospectionData, nodeUuid: string | undefined): Promise<string> {
    const notFound = () => new NotFound({ message: 'Resource could not be found.' });
    const inventory = (data.inventory ?? {}) as Inventory;
    if (nodeUuid) {
      const row = await this.repos.introspections.get(nodeUuid);
      if (!row || row.finished_at) throw notFound();
      return row.uuid;
    }
    const macs = [...new Set((inventory.interfaces ?? []).map((i) => normalizeMac(i?.mac_address)).filter((m): m is string => !!m))];
    const bmc = [inventory.bmc_address, inventory.bmc_v6address].filter((a): a is string => typeof a === 'string' && a !== '' && !UNKNOWN_BMC_ADDRESSES.includes(a));
    const matches = await this.repos.introspections.matchAttributes({ bmc_address: bmc, mac: macs });
    if (matches.length > 1 && matches[0].score === matches[1].score) throw notFound();
    if (matches.length) return matches[0].uuid;
    if (!this.options.autoDiscoveryEnabled) {
      // Said once per callback, so a machine that booted before its inspection was set up can be told apart.
      this.logger.info({ macs, bmc }, 'inspection callback matched no node under inspection: 404');
      throw notFound();
    }
    try {
      const enroll = { driver: this.options.autoDiscoveryDriver, inspectInterface: this.options.autoDiscoveryInspectInterface, dialect: 'agent' as const };
      const uuid = await enrollUnknownMachine(this.repos, this.gateway, enroll, macs, bmc);
      this.logger.info({ node: uuid, macs }, 'auto-discovery enrolled a machine');
      return uuid;
    } catch (err) {
      if (err instanceof Conflict) throw err;
      this.logger.warn({ err: (err as Error).message, macs }, 'auto-discovery refused a machine');
      throw notFound();
    }
  }

  private async keepLogs(uuid: string | undefined, logs: string): Promise<void> {
    const dir = this.options.inspectorRamdiskLogsDir;
    if (!dir) return;
    try {
      await storeRamdiskLogs(dir, uuid, logs);
    } catch (err) {
      this.logger.warn({ err, node: uuid }, 'could not save the ramdisk logs');
    }
  }

  private async lookupAndRun(data: IntrospectionData, unprocessed: IntrospectionData, found: (uuid: string) => void): Promise<string> {
    const hooks = this.options.inspectorProcessingHooks;
    const failures: string[] = [];
    if (hooks.includes('ramdisk_error') && data.error) failures.push(`Ramdisk reported error: ${data.error}`);
    try {
      // Lookup needs all_interfaces, so the interface pass runs even without the hook in the list.
      validateInterfaces(data, this.options.inspectorAddPorts);
    } catch (err) {
      failures.push((err as Error).message);
    }
    const uuid = await this.lookup(data, failures);
    if (uuid) found(uuid);
    if (failures.length) {
      const message = failures.length > 1 || !uuid ? `The following failures happened during running pre-processing hooks:\n${failures.join('\n')}` : failures[0];
      if (uuid) await this.introspection.finish(uuid, 'error', message);
      throw new Invalid({ message });
    }
    const release = await this.introspection.locks.acquire(uuid!);
    try {
      await this.run(uuid!, data, unprocessed);
    } finally {
      release();
    }
    return uuid!;
  }

  /** §8.1 scoring: most matching attributes wins, a tie is an error; unknown machines go to discovery. */
  private async lookup(data: IntrospectionData, failures: string[]): Promise<string | undefined> {
    const inventory = data.inventory;
    const bmc = [inventory?.bmc_address ?? data.ipmi_address, inventory?.bmc_v6address ?? data.ipmi_v6address].filter(
      (a): a is string => typeof a === 'string' && a !== '' && !UNKNOWN_BMC_ADDRESSES.includes(a),
    );
    const macs = Object.values(data.all_interfaces ?? {}).map((i) => i.mac);
    const attributes = { bmc_address: bmc, mac: macs };
    const matches = await this.repos.introspections.matchAttributes(attributes);
    if (matches.length > 1 && matches[0].score === matches[1].score) {
      failures.push(`Multiple nodes match the same number of attributes ${JSON.stringify(attributes)}: ${matches.filter((m) => m.score === matches[0].score).map((m) => m.uuid).join(', ')}`);
      return undefined;
    }
    if (matches.length) return matches[0].uuid;
    if (!failures.length && this.options.inspectorPermitActiveIntrospection) {
      const active = await this.activeNode(macs);
      if (active) return active;
    }
    if (!this.options.inspectorDiscovery || failures.length) {
      failures.push(`Could not find a node for attributes ${JSON.stringify(attributes)}`);
      return undefined;
    }
    try {
      const uuid = await enrollUnknownMachine(this.repos, this.gateway, { driver: this.options.inspectorDiscoveryDriver, dialect: 'inspector' }, macs, bmc);
      data.auto_discovered = true;
      this.logger.info({ node: uuid, macs }, 'enrolled a discovered machine');
      return uuid;
    } catch (err) {
      if (err instanceof Conflict) throw err;
      failures.push((err as Error).message);
      return undefined;
    }
  }

  /**
   * Active-node introspection (§9): the MACs belong to exactly one node that is active or rescued; it gets a
   * run straight in `waiting`, without managed boot, so the pipeline goes on and the node keeps running.
   */
  private async activeNode(macs: string[]): Promise<string | undefined> {
    const owners = [...new Set((await this.gateway.portsByMac(macs)).map((p) => p.node_uuid))];
    if (owners.length !== 1) return undefined;
    const node = await this.gateway.findNode(owners[0]);
    if (!node || !ACTIVE_STATES.includes(node.provision_state)) return undefined;
    try {
      await this.repos.introspections.start(node.uuid, { manageBoot: false, attributes: { mac: macs }, state: 'waiting' });
    } catch (err) {
      // Its previous run is still being processed (a duplicated callback): retry later.
      if (err instanceof InvalidIntrospectionEvent) throw new Conflict({ message: `Node ${node.uuid} is being processed, please retry later` });
      throw err;
    }
    this.logger.info({ node: node.uuid }, 'introspecting an active node');
    return node.uuid;
  }

  /** @param inspectorPreHooks run ironic-inspector's pre-lookup hooks here (the Ironic door looked the node up without them) */
  private async run(uuid: string, data: IntrospectionData, unprocessed: IntrospectionData, inspectorPreHooks = false): Promise<void> {
    const row = await this.repos.introspections.get(uuid);
    if (!row || row.finished_at) throw new AlreadyProcessed({ message: `Node ${uuid} was already processed` });
    if (inspectorPreHooks && row.dialect === 'inspector') {
      try {
        if (this.options.inspectorProcessingHooks.includes('ramdisk_error') && data.error) throw new Invalid({ message: `Ramdisk reported error: ${data.error}` });
        validateInterfaces(data, this.options.inspectorAddPorts);
      } catch (err) {
        await this.introspection.finish(uuid, 'error', (err as Error).message);
        throw err;
      }
    }
    // Ferrum: a second callback of the same run (a retrying or duplicated ramdisk) is told to retry instead of
    // failing the run that is being processed, as ironic-inspector's strict `process` would.
    if (row.state === 'processing') throw new Conflict({ message: `Node ${uuid} is being processed, please retry later` });
    try {
      await this.repos.introspections.transition(uuid, 'process', { expectVersion: row.version_id });
    } catch (err) {
      // Another callback of the same run moved it first (a ramdisk that retried a slow request while the first
      // was still being read): that one processes the data; this one is told to retry, as when it finds the
      // run in `processing`. Failing the run here failed inspections that were going well (seen in the lab).
      if (!(err instanceof InvalidIntrospectionEvent)) throw new Conflict({ message: `Node ${uuid} is being processed, please retry later` });
      // `process` is strict (§4): a refused one also ends the run in error.
      await this.introspection.finish(uuid, 'error', err.message);
      throw new Invalid({ message: err.message });
    }
    try {
      if (this.store) await this.repos.introspections.storeData(uuid, false, unprocessed);
      if (row.dialect === 'agent') await this.agent.process(uuid, data);
      else await this.postProcess(uuid, data);
    } catch (err) {
      const message = row.dialect === 'agent' ? agentFailure(err) : (err as Error).message;
      // Ironic tears a managed inspection boot down on failure too (ironic-inspector leaves the machine on to
      // be looked at); before the report, as a power request clears last_error.
      if (row.dialect === 'agent' && row.manage_boot && this.options.inspectorPowerOff) await this.introspection.powerOff(uuid);
      await this.introspection.finish(uuid, 'error', message);
      // Domain errors keep their status (a conductor that cannot be reached is a 503 the agent retries).
      if (err instanceof FerrumError) throw err;
      this.logger.error({ err, node: uuid }, 'processing failed');
      throw new ProcessingCrashed(message);
    }
    this.introspection.background(async () => {
      if (this.options.inspectorPowerOff && row.manage_boot) await this.introspection.powerOff(uuid);
      await this.introspection.finish(uuid, 'finish', null);
    });
  }

  private get store(): boolean {
    return this.options.inspectorStoreData === 'database';
  }

  /**
   * Post-processing (§7 steps 6–7): the hooks' properties and ports and the rules' edits are computed here
   * from one read of the node and saved by its conductor in one call, under one lock; then the data is
   * stored and the PXE filter synced. A rule that fails the run does so after the hooks' results are saved,
   * as in ironic-inspector (its hooks patch the node before the rules run).
   */
  private async postProcess(uuid: string, data: IntrospectionData): Promise<void> {
    const node = await this.gateway.node(uuid);
    const patch = new PropertyPatch(node.properties, this.options.inspectorOverwriteExisting);
    const hooks = this.options.inspectorProcessingHooks;
    if (hooks.includes('root_disk_selection')) rootDiskSelection(data, node, patch);
    if (hooks.includes('scheduler')) scheduler(data, patch);
    if (hooks.includes('capabilities')) capabilities(data, patch, this.options.inspectorBootModeCapability);
    const result: InspectionChanges = {};
    if (patch.hasChanges) result.properties = patch.properties;
    // Ports of an active or rescued node are never touched (its network is in use).
    if (hooks.includes('validate_interfaces') && this.options.inspectorAddPorts !== 'disabled' && !ACTIVE_STATES.includes(node.provision_state)) {
      const options = { keepPorts: this.options.inspectorKeepPorts, overwrite: this.options.inspectorOverwriteExisting };
      result.ports = planPorts(await this.gateway.ports(node), node.provision_state, data, options);
    }
    let failed: Error | undefined;
    try {
      // The rules see the node as the hooks left it.
      const edits = await this.rules.apply({ ...node, properties: { ...node.properties, ...result.properties } }, data);
      if (!edits.empty) result.changes = edits.changes as NodeChanges;
    } catch (err) {
      failed = err as Error;
    }
    if (hasWork(result)) await this.gateway.applyInspection(node, result);
    if (this.store) await this.repos.introspections.storeData(uuid, true, data);
    await this.introspection.syncFilter();
    if (failed) throw failed;
  }

  /**
   * Reapply (§5): re-runs the pipeline on the stored data (or on `body`, stored first) without rebooting
   * the node; answers at once, the work runs in the background and ends in `finished` or `error`.
   * @throws NotFound (404) for a node never introspected, Conflict (409) while it is locked, Invalid (400)
   *   for a body that is not an object, or when there is nothing stored (or no store) to reapply
   */
  async reapply(ident: string, body: unknown): Promise<void> {
    const row = await this.introspection.status(ident);
    if (body !== undefined && (body === null || typeof body !== 'object' || Array.isArray(body))) {
      throw new Invalid({ message: 'Invalid data: expected a JSON object' });
    }
    if (!this.store) throw new Invalid({ message: 'Inspector is not configured to store data. Set FERRUM_INSPECTOR_STORE_DATA=database to enable it.' });
    const release = this.introspection.locks.tryAcquire(row.uuid);
    try {
      if (body !== undefined) await this.repos.introspections.storeData(row.uuid, false, body);
      const stored = (await this.repos.introspections.getData(row.uuid, false)) as IntrospectionData | undefined;
      if (!stored) throw new Invalid({ message: `No unprocessed data stored for node ${row.uuid}` });
      await this.repos.introspections.transition(row.uuid, 'reapply').catch((err: unknown) => {
        throw new Invalid({ message: (err as Error).message });
      });
      this.introspection.background(async () => {
        try {
          const data = structuredClone(stored);
          if (this.options.inspectorProcessingHooks.includes('ramdisk_error') && data.error) throw new Invalid({ message: `Ramdisk reported error: ${data.error}` });
          validateInterfaces(data, this.options.inspectorAddPorts);
          await this.postProcess(row.uuid, data);
          await this.introspection.finish(row.uuid, 'finish', null);
        } catch (err) {
          await this.introspection.finish(row.uuid, 'error', (err as Error).message);
        } finally {
          release();
        }
      });
    } catch (err) {
      release();
      throw err;
    }
  }
}
