import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from 'typeorm';
import type { Dict } from '@ferrum/contracts';
import { NodeEntity } from './node.entity';

/** A volume a node uses (Ironic's volume_targets table): one per boot index on a node; deleted with its node. */
@Entity('volume_targets')
@Unique('UQ_volume_targets_node_id_boot_index', ['node_id', 'boot_index'])
export class VolumeTargetEntity {
  @PrimaryGeneratedColumn() id!: number;
  @Column({ type: 'uuid', unique: true }) uuid!: string;
  @Index() @Column({ type: 'int' }) node_id!: number;
  @ManyToOne(() => NodeEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'node_id' })
  node!: NodeEntity | null;
  // Unbounded, as Ironic's SQLite database stores them (its model says 64 and 36 characters).
  @Column({ type: 'varchar' }) volume_type!: string;
  @Column({ type: 'jsonb', default: {} }) properties!: Dict;
  @Column({ type: 'int' }) boot_index!: number;
  @Column({ type: 'varchar' }) volume_id!: string;
  @Column({ type: 'jsonb', default: {} }) extra!: Dict;
  @CreateDateColumn({ type: 'timestamptz' }) created_at!: Date;
  @Column({ type: 'timestamptz', nullable: true }) updated_at!: Date | null;
}
