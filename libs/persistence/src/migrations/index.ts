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

/** In order; a new migration is appended, never edited after it shipped. */
export const MIGRATIONS = [Initial1763890000000, Jobs1763900000000, Introspection1763910000000, RpcPayloads1764950000000, ConductorEpoch1764960000000, Portgroups1765000000000, NodeHistory1765010000000, DeployTemplates1765020000000, Allocations1765030000000, BiosSettings1765040000000, Volume1765050000000, InspectionDialect1765060000000, InspectionRules1765070000000, ChildNodes1765080000000, Firmware1765090000000, Servicing1765100000000];
