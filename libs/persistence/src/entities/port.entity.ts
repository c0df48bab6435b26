import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { Dict } from '@ferrum/contracts';
import { NodeEntity } from './node.entity';

@Entity('ports')
export class PortEntity {
  @PrimaryGeneratedColumn() id!: number;
  @Column({ type: 'uuid', unique: true }) uuid!: string;
  @Column({ type: 'varchar', length: 18, unique: true }) address!: string;
  @Index() @Column({ type: 'int' }) node_id!: number;
  @ManyToOne(() => NodeEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'node_id' })
  node!: NodeEntity | null;
  @Column({ type: 'jsonb', default: {} }) extra!: Dict;
  @Column({ type: 'jsonb', default: {} }) internal_info!: Dict;
  @Column({ type: 'jsonb', default: {} }) local_link_connection!: Dict;
  @Column({ type: 'boolean', default: true }) pxe_enabled!: boolean;
  @Column({ type: 'varchar', length: 64, nullable: true }) physical_network!: string | null;
  @Column({ type: 'varchar', length: 36, nullable: true }) portgroup_uuid!: string | null;
  @Column({ type: 'boolean', default: false }) is_smartnic!: boolean;
  // Unique across all ports, not per node (Ironic's uniq_ports0name); NULLs never clash.
  @Column({ type: 'varchar', length: 255, unique: true, nullable: true }) name!: string | null;
  @Column({ type: 'varchar', length: 255, nullable: true }) description!: string | null;
  @Column({ type: 'varchar', length: 32, nullable: true }) vendor!: string | null;
  @Column({ type: 'varchar', length: 80, nullable: true }) category!: string | null;
  @Column({ type: 'boolean', default: true }) available_for_dynamic_portgroup!: boolean;
  @CreateDateColumn({ type: 'timestamptz' }) created_at!: Date;
  @Column({ type: 'timestamptz', nullable: true }) updated_at!: Date | null;
}
