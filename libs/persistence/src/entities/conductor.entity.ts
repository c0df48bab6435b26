import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A conductor process; `updated_at` is its heartbeat, written with the database clock. */
@Entity('conductors')
export class ConductorEntity {
  @PrimaryGeneratedColumn() id!: number;
  @Column({ type: 'varchar', length: 255, unique: true }) hostname!: string;
  @Column({ type: 'varchar', length: 255, default: '' }) conductor_group!: string;
  @Column({ type: 'boolean', default: true }) online!: boolean;
  /** Bumped at each registration: the fencing token of the conductor's locked writes. */
  @Column({ type: 'integer', default: 0 }) epoch!: number;
  @CreateDateColumn({ type: 'timestamptz' }) created_at!: Date;
  @Column({ type: 'timestamptz', nullable: true }) updated_at!: Date | null;
}
