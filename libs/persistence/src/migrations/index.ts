import { Initial1763890000000 } from './1763890000000-initial.migration';
import { Jobs1763900000000 } from './1763900000000-jobs.migration';
import { Introspection1763910000000 } from './1763910000000-introspection.migration';
import { RpcPayloads1764950000000 } from './1764950000000-rpc-payloads.migration';
import { ConductorEpoch1764960000000 } from './1764960000000-conductor-epoch.migration';
import { Portgroups1765000000000 } from './1765000000000-portgroups.migration';
import { NodeHistory1765010000000 } from './1765010000000-node-history.migration';
import { DeployTemplates1765020000000 } from './1765020000000-deploy-templates.migration';
import { Allocations1765030000000 } from './1765030000000-allocations.migration';
import { BiosSettings1765040000000 } from './1765040000000-bios-settings.migration';
import { Volume1765050000000 } from './1765050000000-volume.migration';
import { InspectionDialect1765060000000 } from './1765060000000-inspection-dialect.migration';
import { InspectionRules1765070000000 } from './1765070000000-inspection-rules.migration';
import { ChildNodes1765080000000 } from './1765080000000-child-nodes.migration';
import { Firmware1765090000000 } from './1765090000000-firmware.migration';
import { Servicing1765100000000 } from './1765100000000-servicing.migration';
import { PortName1765110000000 } from './1765110000000-port-name.migration';
import { Runbooks1765130000000 } from './1765130000000-runbooks.migration';
import { DisablePowerOff1765140000000 } from './1765140000000-disable-power-off.migration';
import { PortDescription1765150000000 } from './1765150000000-port-description.migration';
import { PortVendorCategory1765160000000 } from './1765160000000-port-vendor-category.migration';
import { NodeHealth1765170000000 } from './1765170000000-node-health.migration';
import { InstanceName1765180000000 } from './1765180000000-instance-name.migration';
import { PortgroupFields1765190000000 } from './1765190000000-portgroup-fields.migration';
import { DynamicPortgroup1765200000000 } from './1765200000000-dynamic-portgroup.migration';
import { ResourceEvents1765210000000 } from './1765210000000-resource-events.migration';

/** In order; a new migration is appended, never edited after it shipped. */
export const MIGRATIONS = [Initial1763890000000, Jobs1763900000000, Introspection1763910000000, RpcPayloads1764950000000, ConductorEpoch1764960000000, Portgroups1765000000000, NodeHistory1765010000000, DeployTemplates1765020000000, Allocations1765030000000, BiosSettings1765040000000, Volume1765050000000, InspectionDialect1765060000000, InspectionRules1765070000000, ChildNodes1765080000000, Firmware1765090000000, Servicing1765100000000, PortName1765110000000, Runbooks1765130000000, DisablePowerOff1765140000000, PortDescription1765150000000, PortVendorCategory1765160000000, NodeHealth1765170000000, InstanceName1765180000000, PortgroupFields1765190000000, DynamicPortgroup1765200000000, ResourceEvents1765210000000];
