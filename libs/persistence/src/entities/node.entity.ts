import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { Dict } from '@ferrum/contracts';
import { ChassisEntity } from './chassis.entity';

const str = (length = 255) => ({ type: 'varchar' as const, length, nullable: true });
const dict = () => ({ type: 'jsonb' as const, default: {} });

/** One row per bare-metal node, columns named as Ironic's node fields. */
@Entity('nodes')
export class NodeEntity {
  @PrimaryGeneratedColumn() id!: number;
  @Column({ type: 'uuid', unique: true }) uuid!: string;
  @Column({ ...str(), unique: true }) name!: string | null;
  @Column({ type: 'varchar', length: 255 }) driver!: string;
  @Column(dict()) driver_info!: Dict;
  @Column(dict()) driver_internal_info!: Dict;
  @Column(dict()) properties!: Dict;
  @Column(dict()) instance_info!: Dict;
  @Column({ ...str(36), unique: true }) instance_uuid!: string | null;
  @Column(dict()) extra!: Dict;
  @Column({ type: 'int', nullable: true }) chassis_id!: number | null;
  @ManyToOne(() => ChassisEntity, { nullable: true, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'chassis_id' })
  chassis!: ChassisEntity | null;
  @Column(str(15)) power_state!: string | null;
  @Column(str(15)) target_power_state!: string | null;
  @Index() @Column({ type: 'varchar', length: 15 }) provision_state!: string;
  @Column(str(15)) target_provision_state!: string | null;
  @Column({ type: 'timestamptz', nullable: true }) provision_updated_at!: Date | null;
  @Column({ type: 'text', nullable: true }) last_error!: string | null;
  @Index() @Column(str()) reservation!: string | null;
  @Column({ type: 'boolean', default: false }) maintenance!: boolean;
  @Column({ type: 'text', nullable: true }) maintenance_reason!: string | null;
  @Column(str()) fault!: string | null;
  @Column({ type: 'boolean', default: false }) console_enabled!: boolean;
  @Column({ type: 'timestamptz', nullable: true }) inspection_started_at!: Date | null;
  @Column({ type: 'timestamptz', nullable: true }) inspection_finished_at!: Date | null;
  @Column(dict()) clean_step!: Dict;
  @Column(dict()) deploy_step!: Dict;
  @Column(dict()) service_step!: Dict;
  @Column({ type: 'boolean', default: false }) disable_power_off!: boolean;
  @Column(str(15)) health!: string | null;
  @Index('IDX_nodes_instance_name') @Column(str()) instance_name!: string | null;
  @Column(dict()) raid_config!: Dict;
  @Column(dict()) target_raid_config!: Dict;
  @Column(str(80)) resource_class!: string | null;
  @Column(str()) bios_interface!: string | null;
  @Column(str()) firmware_interface!: string | null;
  @Column(str()) boot_interface!: string | null;
  @Column(str()) console_interface!: string | null;
  @Column(str()) deploy_interface!: string | null;
  @Column(str()) inspect_interface!: string | null;
  @Column(str()) management_interface!: string | null;
  @Column(str()) network_interface!: string | null;
  @Column(str()) power_interface!: string | null;
  @Column(str()) raid_interface!: string | null;
  @Column(str()) rescue_interface!: string | null;
  @Column(str()) storage_interface!: string | null;
  @Column(str()) vendor_interface!: string | null;
  @Column({ type: 'jsonb', default: [] }) traits!: string[];
  @Index() @Column({ type: 'varchar', length: 255, default: '' }) conductor_group!: string;
  @Column({ type: 'boolean', nullable: true }) automated_clean!: boolean | null;
  @Column({ type: 'boolean', default: false }) protected!: boolean;
  @Column({ type: 'text', nullable: true }) protected_reason!: string | null;
  @Column(str()) owner!: string | null;
  @Column(str()) lessee!: string | null;
  @Column({ type: 'text', nullable: true }) description!: string | null;
  @Column(str(36)) allocation_uuid!: string | null;
  @Column({ type: 'boolean', default: false }) retired!: boolean;
  @Column({ type: 'text', nullable: true }) retired_reason!: string | null;
  @Column(dict()) network_data!: Dict;
  @Column(str(64)) boot_mode!: string | null;
  @Column({ type: 'boolean', nullable: true }) secure_boot!: boolean | null;
  @Column(str()) shard!: string | null;
  /** Another node's UUID (1.83); no foreign key, as in Ironic: a deleted parent leaves it dangling. */
  @Index('IDX_nodes_parent_node') @Column(str(36)) parent_node!: string | null;
  @CreateDateColumn({ type: 'timestamptz' }) created_at!: Date;
  @Column({ type: 'timestamptz', nullable: true }) updated_at!: Date | null;
}
