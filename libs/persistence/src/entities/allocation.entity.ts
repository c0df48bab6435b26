import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { Dict } from '@ferrum/contracts';
import { NodeEntity } from './node.entity';

/** Ironic's allocations table: deleted with the node it holds. */
@Entity('allocations')
export class AllocationEntity {
  @PrimaryGeneratedColumn() id!: number;
  @Column({ type: 'uuid', unique: true }) uuid!: string;
  @Column({ type: 'varchar', length: 255, unique: true, nullable: true }) name!: string | null;
  @Index() @Column({ type: 'int', nullable: true }) node_id!: number | null;
  @ManyToOne(() => NodeEntity, { onDelete: 'CASCADE', nullable: true })
  @JoinColumn({ name: 'node_id' })
  node!: NodeEntity | null;
  @Column({ type: 'varchar', length: 15, default: 'allocating' }) state!: string;
  @Column({ type: 'text', nullable: true }) last_error!: string | null;
  @Column({ type: 'varchar', length: 80, nullable: true }) resource_class!: string | null;
  @Column({ type: 'jsonb', default: [] }) traits!: string[];
  @Column({ type: 'jsonb', default: [] }) candidate_nodes!: string[];
  @Column({ type: 'jsonb', default: {} }) extra!: Dict;
  @Column({ type: 'varchar', length: 255, nullable: true }) owner!: string | null;
  @Column({ type: 'varchar', length: 255, nullable: true }) conductor_affinity!: string | null;
  @CreateDateColumn({ type: 'timestamptz' }) created_at!: Date;
  @Column({ type: 'timestamptz', nullable: true }) updated_at!: Date | null;
}
