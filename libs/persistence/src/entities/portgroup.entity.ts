import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { Dict } from '@ferrum/contracts';
import { NodeEntity } from './node.entity';

/** A port group (Ironic's portgroups table): deleted with its node. */
@Entity('portgroups')
export class PortgroupEntity {
  @PrimaryGeneratedColumn() id!: number;
  @Column({ type: 'uuid', unique: true }) uuid!: string;
  @Column({ type: 'varchar', length: 255, unique: true, nullable: true }) name!: string | null;
  @Column({ type: 'varchar', length: 18, unique: true, nullable: true }) address!: string | null;
  @Index() @Column({ type: 'int' }) node_id!: number;
  @ManyToOne(() => NodeEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'node_id' })
  node!: NodeEntity | null;
  @Column({ type: 'jsonb', default: {} }) extra!: Dict;
  @Column({ type: 'jsonb', default: {} }) internal_info!: Dict;
  @Column({ type: 'varchar', length: 255, nullable: true }) mode!: string | null;
  @Column({ type: 'jsonb', default: {} }) properties!: Dict;
  @Column({ type: 'boolean', default: true }) standalone_ports_supported!: boolean;
  @Column({ type: 'varchar', length: 64, nullable: true }) physical_network!: string | null;
  @Column({ type: 'varchar', length: 80, nullable: true }) category!: string | null;
  @Column({ type: 'boolean', nullable: true, default: false }) dynamic_portgroup!: boolean | null;
  @CreateDateColumn({ type: 'timestamptz' }) created_at!: Date;
  @Column({ type: 'timestamptz', nullable: true }) updated_at!: Date | null;
}
