import { ChassisEntity } from './chassis.entity';
import { ConductorHardwareInterfaceEntity } from './conductor-hardware-interface.entity';
import { ConductorEntity } from './conductor.entity';
import { JobEntity } from './job.entity';
import {
  DiscoveryClaimEntity,
  IntrospectionAttributeEntity,
  IntrospectionDataEntity,
  IntrospectionNodeEntity,
  IntrospectionRuleEntity,
} from './introspection.entities';
import { NodeEntity } from './node.entity';
import { PortEntity } from './port.entity';
import { PortgroupEntity } from './portgroup.entity';
import { NodeHistoryEntity } from './node-history.entity';
import { DeployTemplateEntity } from './deploy-template.entity';
import { RunbookEntity } from './runbook.entity';
import { AllocationEntity } from './allocation.entity';
import { BiosSettingEntity } from './bios-setting.entity';
import { FirmwareComponentEntity } from './firmware-component.entity';
import { VolumeConnectorEntity } from './volume-connector.entity';
import { VolumeTargetEntity } from './volume-target.entity';
import { InspectionRuleEntity } from './inspection-rule.entity';

export { AllocationEntity, BiosSettingEntity, ChassisEntity, DeployTemplateEntity, ConductorEntity, ConductorHardwareInterfaceEntity, JobEntity, NodeEntity, NodeHistoryEntity, PortEntity, PortgroupEntity };
export { VolumeConnectorEntity, VolumeTargetEntity, InspectionRuleEntity, FirmwareComponentEntity, RunbookEntity };
export { DiscoveryClaimEntity, IntrospectionAttributeEntity, IntrospectionDataEntity, IntrospectionNodeEntity, IntrospectionRuleEntity };
export type { JobState } from './job.entity';
export const ENTITIES = [
  ChassisEntity,
  NodeEntity,
  PortEntity,
  PortgroupEntity,
  NodeHistoryEntity,
  DeployTemplateEntity,
  RunbookEntity,
  InspectionRuleEntity,
  AllocationEntity,
  BiosSettingEntity,
  FirmwareComponentEntity,
  VolumeConnectorEntity,
  VolumeTargetEntity,
  ConductorEntity,
  ConductorHardwareInterfaceEntity,
  JobEntity,
  IntrospectionNodeEntity,
  IntrospectionAttributeEntity,
  IntrospectionDataEntity,
  IntrospectionRuleEntity,
  DiscoveryClaimEntity,
];
