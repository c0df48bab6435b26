import { Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { NodeEntity } from './node.entity';

/** Ironic's bios_settings: one row per node and setting name, deleted with the node. */
@Entity('bios_settings')
export class BiosSettingEntity {
  @PrimaryColumn({ type: 'int' }) node_id!: number;
  @PrimaryColumn({ type: 'varchar', length: 255 }) name!: string;
  @ManyToOne(() => NodeEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'node_id' })
  node!: NodeEntity | null;
  @Column({ type: 'text', nullable: true }) value!: string | null;
  @Column({ type: 'varchar', length: 255, nullable: true }) attribute_type!: string | null;
  @Column({ type: 'jsonb', nullable: true }) allowable_values!: string[] | null;
  @Column({ type: 'int', nullable: true }) lower_bound!: number | null;
  @Column({ type: 'int', nullable: true }) max_length!: number | null;
  @Column({ type: 'int', nullable: true }) min_length!: number | null;
  @Column({ type: 'boolean', nullable: true }) read_only!: boolean | null;
  @Column({ type: 'boolean', nullable: true }) reset_required!: boolean | null;
  @Column({ type: 'boolean', nullable: true }) unique!: boolean | null;
  @Column({ type: 'int', nullable: true }) upper_bound!: number | null;
  @CreateDateColumn({ type: 'timestamptz' }) created_at!: Date;
  @Column({ type: 'timestamptz', nullable: true }) updated_at!: Date | null;
}
