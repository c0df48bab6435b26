import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { DeployTemplateStep, Dict } from '@ferrum/contracts';

/** Ironic's deploy_templates, with its steps in the row (Ironic keeps them in deploy_template_steps). */
@Entity('deploy_templates')
export class DeployTemplateEntity {
  @PrimaryGeneratedColumn() id!: number;
  @Column({ type: 'uuid', unique: true }) uuid!: string;
  @Column({ type: 'varchar', length: 255, unique: true }) name!: string;
  @Column({ type: 'jsonb', default: {} }) extra!: Dict;
  @Column({ type: 'jsonb', default: [] }) steps!: DeployTemplateStep[];
  @CreateDateColumn({ type: 'timestamptz' }) created_at!: Date;
  @Column({ type: 'timestamptz', nullable: true }) updated_at!: Date | null;
}
