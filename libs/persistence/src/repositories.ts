import { DataSource } from 'typeorm';
import { ChassisRepository } from './repositories/chassis.repository';
import { ConductorRepository } from './repositories/conductor.repository';
import { JobRepository } from './repositories/job.repository';
import { IntrospectionRepository } from './repositories/introspection.repository';
import { IntrospectionRuleRepository } from './repositories/introspection-rule.repository';
import { InspectionRuleRepository } from './repositories/inspection-rule.repository';
import { PayloadRepository } from './repositories/payload.repository';
import { AllocationRepository } from './repositories/allocation.repository';
import { BiosSettingRepository } from './repositories/bios-setting.repository';
import { FirmwareComponentRepository } from './repositories/firmware-component.repository';
import { EventRepository } from './repositories/event.repository';
import { DeployTemplateRepository } from './repositories/deploy-template.repository';
import { RunbookRepository } from './repositories/runbook.repository';
import { NodeHistoryRepository } from './repositories/node-history.repository';
import { NetbootRepository } from './repositories/netboot.repository';
import { NodeRepository } from './repositories/node.repository';
import { PortRepository } from './repositories/port.repository';
import { PortgroupRepository } from './repositories/portgroup.repository';
import { ReservationRepository } from './repositories/reservation.repository';
import { VolumeConnectorRepository } from './repositories/volume-connector.repository';
import { VolumeTargetRepository } from './repositories/volume-target.repository';

/** Every repository over one data source: what an app receives instead of TypeORM itself. */
export class Repositories {
  readonly nodes: NodeRepository;
  readonly history: NodeHistoryRepository;
  readonly deployTemplates: DeployTemplateRepository;
  readonly runbooks: RunbookRepository;
  readonly allocations: AllocationRepository;
  readonly bios: BiosSettingRepository;
  readonly firmware: FirmwareComponentRepository;
  readonly ports: PortRepository;
  readonly portgroups: PortgroupRepository;
  readonly volumeConnectors: VolumeConnectorRepository;
  readonly volumeTargets: VolumeTargetRepository;
  readonly chassis: ChassisRepository;
  readonly conductors: ConductorRepository;
  readonly reservations: ReservationRepository;
  readonly jobs: JobRepository;
  readonly introspections: IntrospectionRepository;
  readonly introspectionRules: IntrospectionRuleRepository;
  /** Ironic's inspection rules (1.96); `introspectionRules` are ironic-inspector's. */
  readonly inspectionRules: InspectionRuleRepository;
  readonly payloads: PayloadRepository;
  /** The event stream's outbox. */
  readonly events: EventRepository;
  /** iPXE configurations of nodes booting from the network. */
  readonly netboot: NetbootRepository;

  constructor(readonly dataSource: DataSource) {
    this.history = new NodeHistoryRepository(dataSource);
    this.nodes = new NodeRepository(dataSource, this.history);
    this.deployTemplates = new DeployTemplateRepository(dataSource);
    this.runbooks = new RunbookRepository(dataSource);
    this.allocations = new AllocationRepository(dataSource);
    this.bios = new BiosSettingRepository(dataSource);
    this.firmware = new FirmwareComponentRepository(dataSource);
    this.ports = new PortRepository(dataSource);
    this.portgroups = new PortgroupRepository(dataSource);
    this.volumeConnectors = new VolumeConnectorRepository(dataSource);
    this.volumeTargets = new VolumeTargetRepository(dataSource);
    this.chassis = new ChassisRepository(dataSource);
    this.conductors = new ConductorRepository(dataSource);
    this.reservations = new ReservationRepository(dataSource);
    this.jobs = new JobRepository(dataSource);
    this.introspections = new IntrospectionRepository(dataSource);
    this.introspectionRules = new IntrospectionRuleRepository(dataSource);
    this.inspectionRules = new InspectionRuleRepository(dataSource);
    this.payloads = new PayloadRepository(dataSource);
    this.events = new EventRepository(dataSource);
    this.netboot = new NetbootRepository(dataSource);
  }
}
