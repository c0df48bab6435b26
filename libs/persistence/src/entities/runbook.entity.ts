import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { Dict, RunbookStep } from '@ferrum/contracts';

/** Ironic's runbooks, with their steps in the row as deploy templates keep theirs (Ironic has runbook_steps). */
@Entity('runbooks')
export class RunbookEntity {
  @PrimaryGeneratedColumn() id!: number;
  @Column({ type: 'uuid', unique: true }) uuid!: string;
  @Column({ type: 'varchar', length: 255, unique: true }) name!: string;
  @Column({ type: 'jsonb', default: [] }) steps!: RunbookStep[];
  @Column({ type: 'boolean', default: false }) disable_ramdisk!: boolean;
  @Column({ type: 'jsonb', default: {} }) extra!: Dict;
  @Column({ type: 'boolean', default: false }) public!: boolean;
  @Index('IDX_runbooks_owner') @Column({ type: 'varchar', length: 255, nullable: true }) owner!: string | null;
  @CreateDateColumn({ type: 'timestamptz' }) created_at!: Date;
  @Column({ type: 'timestamptz', nullable: true }) updated_at!: Date | null;
}
