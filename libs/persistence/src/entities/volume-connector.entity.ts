import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from 'typeorm';
import type { Dict } from '@ferrum/contracts';
import { NodeEntity } from './node.entity';

/** How a node reaches its volumes (Ironic's volume_connectors table): (type, connector_id) is unique across nodes; deleted with its node. */
@Entity('volume_connectors')
@Unique('UQ_volume_connectors_type_connector_id', ['type', 'connector_id'])
export class VolumeConnectorEntity {
  @PrimaryGeneratedColumn() id!: number;
  @Column({ type: 'uuid', unique: true }) uuid!: string;
  @Index() @Column({ type: 'int' }) node_id!: number;
  @ManyToOne(() => NodeEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'node_id' })
  node!: NodeEntity | null;
  // Unbounded, as Ironic's SQLite database stores them (its model says 32 and 255 characters).
  @Column({ type: 'varchar' }) type!: string;
  @Column({ type: 'varchar' }) connector_id!: string;
  @Column({ type: 'jsonb', default: {} }) extra!: Dict;
  @CreateDateColumn({ type: 'timestamptz' }) created_at!: Date;
  @Column({ type: 'timestamptz', nullable: true }) updated_at!: Date | null;
}
