import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

/**
 * The inspector's cache (ironic-inspector's `nodes` table, spec §3): one row per node ever introspected,
 * in the §4 introspection state machine. `version_id` changes on every write (compare-and-set).
 */
@Entity('introspection_nodes')
export class IntrospectionNodeEntity {
  @PrimaryColumn({ type: 'uuid' }) uuid!: string;
  @Column({ type: 'uuid' }) version_id!: string;
  @Index() @Column({ type: 'varchar', length: 16, default: 'finished' }) state!: string;
  @Index() @Column({ type: 'timestamptz', nullable: true }) started_at!: Date | null;
  @Index() @Column({ type: 'timestamptz', nullable: true }) finished_at!: Date | null;
  @Column({ type: 'text', nullable: true }) error!: string | null;
  @Column({ type: 'boolean', nullable: true }) manage_boot!: boolean | null;
  /** The inspect interface that started the run (`agent` or `inspector`); NULL means `inspector`. */
  @Column({ type: 'varchar', length: 16, nullable: true }) dialect!: string | null;
}

/** Lookup keys (`mac`, `bmc_address`) of a node while its introspection runs; deleted when it finishes. */
@Entity('introspection_attributes')
@Index(['name', 'value'])
export class IntrospectionAttributeEntity {
  @PrimaryGeneratedColumn() id!: number;
  @Index() @Column({ type: 'uuid' }) node_uuid!: string;
  @Column({ type: 'varchar', length: 255 }) name!: string;
  @Column({ type: 'varchar', length: 255 }) value!: string;
}

/** Introspection data as received (`processed=false`) and after the hooks ran (`processed=true`). */
@Entity('introspection_data')
export class IntrospectionDataEntity {
  @PrimaryColumn({ type: 'uuid' }) uuid!: string;
  @PrimaryColumn({ type: 'boolean' }) processed!: boolean;
  @Column({ type: 'jsonb' }) data!: unknown;
}

/** Introspection rules (§10); conditions and actions kept as JSON documents, in creation order. */
@Entity('introspection_rules')
export class IntrospectionRuleEntity {
  @PrimaryColumn({ type: 'uuid' }) uuid!: string;
  @CreateDateColumn({ type: 'timestamptz' }) created_at!: Date;
  @Column({ type: 'text', nullable: true }) description!: string | null;
  @Column({ type: 'varchar', length: 255, nullable: true }) scope!: string | null;
  @Column({ type: 'jsonb' }) conditions!: unknown[];
  @Column({ type: 'jsonb' }) actions!: unknown[];
}

/**
 * Discovery claims: the MACs of a machine being enrolled, so that concurrent callbacks from one unknown
 * machine create exactly one node (the primary key decides the winner).
 */
@Entity('introspection_discovery_claims')
export class DiscoveryClaimEntity {
  @PrimaryColumn({ type: 'varchar', length: 18 }) mac!: string;
  @Column({ type: 'uuid' }) node_uuid!: string;
  @CreateDateColumn({ type: 'timestamptz' }) created_at!: Date;
}
