import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { Dict } from '@ferrum/contracts';

/**
 * Ironic's inspection_rules (API 1.96), the rules the `agent` inspect interface's runs apply besides the
 * built-in file's. Ironic's `scope` column is left out: no API field or filter reaches it.
 */
@Entity('inspection_rules')
export class InspectionRuleEntity {
  @PrimaryGeneratedColumn() id!: number;
  @Column({ type: 'uuid', unique: true }) uuid!: string;
  @Column({ type: 'varchar', length: 255, nullable: true }) description!: string | null;
  @Column({ type: 'int' }) priority!: number;
  @Column({ type: 'boolean' }) sensitive!: boolean;
  @Column({ type: 'varchar', length: 16 }) phase!: string;
  @Column({ type: 'jsonb' }) conditions!: Dict[];
  @Column({ type: 'jsonb' }) actions!: Dict[];
  @CreateDateColumn({ type: 'timestamptz' }) created_at!: Date;
  @Column({ type: 'timestamptz', nullable: true }) updated_at!: Date | null;
}
