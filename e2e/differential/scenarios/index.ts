import type { Scenario } from '../step';
import { errors } from './errors.scenario';
import { gates } from './gates.scenario';
import { locks } from './locks.scenario';
import { nodeActions } from './node-actions.scenario';
import { nodes } from './nodes.scenario';
import { nodeFieldsScenario } from './node-fields.scenario';
import { ramdisk } from './ramdisk.scenario';
import { chassisScenario, driversAndConductors, ports } from './resources.scenario';
import { allocationsScenario } from './allocations.scenario';
import { biosScenario } from './bios.scenario';
import { raidScenario } from './raid.scenario';
import { deployTemplatesScenario } from './deploy-templates.scenario';
import { managementScenario } from './management.scenario';
import { consoleScenario } from './console.scenario';
import { eventsScenario } from './events.scenario';
import { historyScenario } from './history.scenario';
import { inventoryScenario } from './inventory.scenario';
import { portgroupsScenario } from './portgroups.scenario';
import { vifsScenario } from './vifs.scenario';
import { volumeScenario } from './volume.scenario';
import { shardsScenario } from './shards.scenario';
import { traitsScenario } from './traits.scenario';
import { versions } from './versions.scenario';

/** In the order they run; each creates what it needs under fresh names. */
export const SCENARIOS: Scenario[] = [versions, nodes, nodeFieldsScenario, nodeActions, ports, chassisScenario, portgroupsScenario, vifsScenario, volumeScenario, driversAndConductors, traitsScenario, shardsScenario, inventoryScenario, historyScenario, eventsScenario, deployTemplatesScenario, managementScenario, consoleScenario, allocationsScenario, biosScenario, raidScenario, ramdisk, locks, gates, errors];
