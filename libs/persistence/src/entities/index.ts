import { ChassisEntity } from './chassis.entity';
import { ConductorHardwareInterfaceEntity } from './conductor-hardware-interface.entity';
import { ConductorEntity } from './conductor.entity';
import { NodeEntity } from './node.entity';
import { PortEntity } from './port.entity';

export { ChassisEntity, ConductorEntity, ConductorHardwareInterfaceEntity, NodeEntity, PortEntity };
export const ENTITIES = [ChassisEntity, NodeEntity, PortEntity, ConductorEntity, ConductorHardwareInterfaceEntity];
