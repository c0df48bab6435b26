import { ChassisEntity } from './chassis.entity';
import { ConductorHardwareInterfaceEntity } from './conductor-hardware-interface.entity';
import { ConductorEntity } from './conductor.entity';
import { JobEntity } from './job.entity';
import { NodeEntity } from './node.entity';
import { PortEntity } from './port.entity';

export { ChassisEntity, ConductorEntity, ConductorHardwareInterfaceEntity, JobEntity, NodeEntity, PortEntity };
export type { JobState } from './job.entity';
export const ENTITIES = [ChassisEntity, NodeEntity, PortEntity, ConductorEntity, ConductorHardwareInterfaceEntity, JobEntity];
