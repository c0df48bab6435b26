import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { ConductorEntity } from './conductor.entity';

/** What a conductor offers: one row per (hardware type, interface kind, implementation), read by /v1/drivers. */
@Entity('conductor_hardware_interfaces')
@Index(['conductor_id', 'hardware_type', 'interface_type', 'interface_name'], { unique: true })
export class ConductorHardwareInterfaceEntity {
  @PrimaryGeneratedColumn() id!: number;
  @Column({ type: 'int' }) conductor_id!: number;
  @ManyToOne(() => ConductorEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'conductor_id' })
  conductor!: ConductorEntity | null;
  @Column({ type: 'varchar', length: 255 }) hardware_type!: string;
  @Column({ type: 'varchar', length: 16 }) interface_type!: string;
  @Column({ type: 'varchar', length: 255 }) interface_name!: string;
  @Column({ type: 'boolean', default: false }) is_default!: boolean;
}
