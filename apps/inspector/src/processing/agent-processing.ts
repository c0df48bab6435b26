import type { Dict, InspectionChanges } from '@ferrum/contracts';
import type { Repositories } from '@ferrum/persistence';
import type { Logger } from 'pino';
import type { ConductorGateway } from '../conductor/conductor.gateway';
import type { IntrospectionService } from '../introspection/introspection.service';
import { applyInspectionRules, RuleFailed, type InspectionRule } from '../inspection-rules';
import { HookFailed, runAgentHooks } from './agent-hooks';
import { hasWork } from './has-work';
import { loadKnownAccelerators } from './hooks/accelerators.hook';
import type { KnownAccelerator } from './hooks/known-accelerators';
import type { IntrospectionData } from './introspection-data';
import type { ProcessingOptions } from './processing-options';

/** Where the `agent` runs' inspection rules come from: the built-in file's, then those stored through the API. */
export interface InspectionRuleSource {
  rules(): Promise<InspectionRule[]>;
}

/**
 * Processing of the `agent` inspect interface's runs, as Ironic's conductor does it (inspection.continue_inspection):
 * its hooks, then its inspection rules (phase `main`), then the inventory and plugin data stored for
 * `GET /v1/nodes/{node}/inventory`. What the hooks and rules change is saved by the node's conductor in one
 * call, under one lock; a rule that fails the inspection does so after the hooks' results are saved.
 */
export class AgentProcessing {
  /** The known accelerators file, read on the first run that needs it (a bad file fails that run). */
  private accelerators?: readonly KnownAccelerator[];

  constructor(
    private readonly repos: Repositories,
    private readonly gateway: ConductorGateway,
    private readonly introspection: IntrospectionService,
    private readonly ruleSource: InspectionRuleSource,
    private readonly options: ProcessingOptions,
    private readonly logger?: Pick<Logger, 'warn'>,
  ) {}

  /** @throws HookFailed, RuleFailed, or the conductor's error (worded by agentFailure for last_error) */
  async process(uuid: string, data: IntrospectionData): Promise<void> {
    const node = await this.gateway.node(uuid);
    const ports = await this.gateway.ports(node);
    const { inventory = {}, ...pluginData } = data as Dict & { inventory?: Dict };
    const hooks = this.options.inspectionHooks;
    const hooked = runAgentHooks(node, ports, inventory, pluginData, {
      hooks,
      addPorts: this.options.inspectorAddPorts,
      keepPorts: this.options.inspectorKeepPorts,
      pciDeviceAlias: this.options.inspectionPciDeviceAlias,
      physicalNetworkCidrMap: this.options.inspectionPhysicalNetworkCidrMap,
      knownAccelerators: hooks.includes('accelerators') ? (this.accelerators ??= loadKnownAccelerators(this.options.inspectionKnownAccelerators)) : undefined,
      extraHardwareStrict: this.options.inspectionExtraHardwareStrict,
      previousInventory: hooks.includes('raid-device') ? await this.storedInventory(uuid) : undefined,
      warn: (message) => this.logger?.warn({ node: uuid }, message),
    });
    const result: InspectionChanges = {};
    if (hooked.properties) result.properties = hooked.properties;
    if (hooked.ports) result.ports = hooked.ports;
    let pluginDataOut = hooked.plugin_data;
    let failed: Error | undefined;
    try {
      // The rules see the node as the hooks left it.
      const outcome = await applyInspectionRules(
        await this.ruleSource.rules(),
        { node: { ...node, properties: { ...node.properties, ...hooked.properties } }, ports: ports.map((p) => ({ ...p })), inventory, plugin_data: hooked.plugin_data },
        'main',
      );
      pluginDataOut = outcome.plugin_data as Dict;
      const { properties, ...other } = outcome.node as Dict;
      if (properties) result.properties = properties as Dict;
      if (Object.keys(other).length) result.changes = other;
      if (outcome.traits.add.length || outcome.traits.remove.length) {
        const traits = new Set(node.traits);
        for (const t of outcome.traits.add) traits.add(t);
        for (const t of outcome.traits.remove) traits.delete(t);
        result.traits = [...traits];
      }
      // The rules' port edits come after the hooks' (both kept; a rule's field wins).
      if (outcome.ports.length) result.ports = { ...result.ports, update: [...(result.ports?.update ?? []), ...(outcome.ports as { address: string; changes: Dict }[])] };
    } catch (err) {
      failed = err as Error;
    }
    if (hasWork(result)) await this.gateway.applyInspection(node, result);
    // Ironic stores after processing, so hooks and rules may add to the plugin data; logs are kept apart.
    if (this.options.inspectorStoreData === 'database') await this.repos.introspections.storeData(uuid, true, { inventory, ...pluginDataOut });
    await this.introspection.syncFilter();
    if (failed) throw failed;
  }

  /** The inventory the node's last inspection stored (Ironic's NodeInventory), before this run replaces it. */
  private async storedInventory(uuid: string): Promise<Dict | undefined> {
    const stored = (await this.repos.introspections.getData(uuid, true)) as Dict | undefined;
    const inventory = stored?.inventory;
    return inventory && typeof inventory === 'object' && !Array.isArray(inventory) ? inventory : undefined;
  }
}

/** An `agent` run's failure as Ironic's conductor words it in last_error. */
export function agentFailure(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  if (err instanceof HookFailed) return `Failed to finish inspection: Failed to inspect hardware. Reason: failed to run inspection hooks: ${message}`;
  if (err instanceof RuleFailed) return `Failed to finish inspection: ${err.ironicMessage}`;
  return `Failed to finish inspection: ${message}`;
}
