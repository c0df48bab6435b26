import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

export type JobState = 'queued' | 'running' | 'succeeded' | 'failed';

/**
 * A durable record of an async vendor passthru call (a Ferrum extension: Ironic keeps async results
 * nowhere). Written by the conductor running it; failed by the takeover sweep if that conductor dies.
 */
@Entity('jobs')
export class JobEntity {
  @PrimaryColumn({ type: 'uuid' }) uuid!: string;
  @Index() @Column({ type: 'varchar', length: 16 }) state!: JobState;
  @Column({ type: 'varchar', length: 64 }) kind!: string;
  @Column({ type: 'uuid', nullable: true }) node_uuid!: string | null;
  @Column({ type: 'varchar', length: 255 }) driver!: string;
  @Column({ type: 'varchar', length: 255 }) method!: string;
  @Index() @Column({ type: 'varchar', length: 255 }) conductor!: string;
  @Column({ type: 'jsonb', nullable: true }) result!: unknown;
  @Column({ type: 'text', nullable: true }) error!: string | null;
  @CreateDateColumn({ type: 'timestamptz' }) created_at!: Date;
  @Column({ type: 'timestamptz', nullable: true }) started_at!: Date | null;
  @Column({ type: 'timestamptz', nullable: true }) finished_at!: Date | null;
}
