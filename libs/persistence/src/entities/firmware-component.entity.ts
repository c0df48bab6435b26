import { Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { NodeEntity } from './node.entity';

/** Ironic's firmware_information: one row per node and component, deleted with the node. */
@Entity('firmware_information')
export class FirmwareComponentEntity {
  @PrimaryColumn({ type: 'int' }) node_id!: number;
  @PrimaryColumn({ type: 'varchar', length: 255 }) component!: string;
  @ManyToOne(() => NodeEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'node_id' })
  node!: NodeEntity | null;
  @Column({ type: 'varchar', length: 255 }) initial_version!: string;
  @Column({ type: 'varchar', length: 255, nullable: true }) current_version!: string | null;
  @Column({ type: 'varchar', length: 255, nullable: true }) last_version_flashed!: string | null;
  @CreateDateColumn({ type: 'timestamptz' }) created_at!: Date;
  @Column({ type: 'timestamptz', nullable: true }) updated_at!: Date | null;
}
