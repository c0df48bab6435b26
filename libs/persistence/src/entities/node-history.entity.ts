import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { NodeEntity } from './node.entity';

/** Ironic's node_history table: deleted with its node. */
@Entity('node_history')
export class NodeHistoryEntity {
  @PrimaryGeneratedColumn() id!: number;
  @Column({ type: 'uuid', unique: true }) uuid!: string;
  @Index() @Column({ type: 'int' }) node_id!: number;
  @ManyToOne(() => NodeEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'node_id' })
  node!: NodeEntity | null;
  @CreateDateColumn({ type: 'timestamptz' }) created_at!: Date;
  @Column({ type: 'varchar', length: 255 }) severity!: string;
  @Column({ type: 'varchar', length: 255 }) event_type!: string;
  @Column({ type: 'text' }) event!: string;
  @Column({ type: 'varchar', length: 255, nullable: true }) conductor!: string | null;
  @Column({ type: 'varchar', length: 255, nullable: true }) user!: string | null;
}
