import { MigrationInterface, QueryRunner } from 'typeorm';

/** The fields of a node whose change is an event: state, targets, maintenance, errors, the lock, ownership. */
const NODE_FIELDS = [
  'name', 'provision_state', 'target_provision_state', 'power_state', 'target_power_state', 'maintenance', 'maintenance_reason',
  'fault', 'last_error', 'reservation', 'conductor_group', 'owner', 'lessee', 'resource_class', 'instance_uuid', 'allocation_uuid',
  'protected', 'retired', 'console_enabled', 'inspection_started_at', 'inspection_finished_at',
];
const PORT_FIELDS = ['address', 'node_id', 'pxe_enabled', 'physical_network', 'portgroup_uuid', 'local_link_connection'];
const ALLOCATION_FIELDS = ['name', 'state', 'node_id', 'last_error', 'owner'];

/** `changed := changed || 'f'` for each field that differs between OLD and NEW. */
const changes = (fields: string[]) =>
  fields.map((f) => `IF NEW."${f}" IS DISTINCT FROM OLD."${f}" THEN changed := changed || '${f}'::text; END IF;`).join('\n        ');
const pairs = (fields: string[], row = 'r') => fields.filter((f) => f !== 'node_id').map((f) => `'${f}', ${row}."${f}"`).join(', ');

/**
 * The transactional outbox of the event stream (`GET /v1/ferrum/events`). Triggers write one row per change of a
 * node, port, allocation, inspection run or conductor in the same transaction as the change, so an event exists if
 * and only if its change committed, whichever code path made it. `seq` is given later by the relay, in one place and
 * without gaps, in the order the rows became visible: a subscriber resumes after the last seq it saw.
 */
export class ResourceEvents1765210000000 implements MigrationInterface {
  name = 'ResourceEvents1765210000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "ferrum_events" (
      "id" BIGSERIAL PRIMARY KEY,
      "seq" bigint UNIQUE,
      "type" character varying(40) NOT NULL,
      "uuid" character varying(255) NOT NULL,
      "node_uuid" uuid,
      "owner" character varying(255),
      "lessee" character varying(255),
      "data" jsonb NOT NULL DEFAULT '{}',
      "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT clock_timestamp())`);
    await q.query(`CREATE INDEX "IDX_ferrum_events_unsequenced" ON "ferrum_events" ("id") WHERE "seq" IS NULL`);
    await q.query(`CREATE INDEX "IDX_ferrum_events_created_at" ON "ferrum_events" ("created_at")`);

    await q.query(`CREATE FUNCTION ferrum_node_event() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE r record; changed text[] := '{}'; kind text;
      BEGIN
        IF TG_OP = 'DELETE' THEN r := OLD; kind := 'node.deleted';
        ELSIF TG_OP = 'INSERT' THEN r := NEW; kind := 'node.created';
        ELSE
          r := NEW; kind := 'node.updated';
          ${changes(NODE_FIELDS)}
          IF cardinality(changed) = 0 THEN RETURN NULL; END IF;
        END IF;
        INSERT INTO ferrum_events (type, uuid, node_uuid, owner, lessee, data) VALUES (kind, r.uuid, r.uuid, r.owner, r.lessee,
          jsonb_build_object('uuid', r.uuid, ${pairs(NODE_FIELDS)}, 'updated_at', r.updated_at) || jsonb_build_object('changed', to_jsonb(changed)));
        RETURN NULL;
      END $$`);
    await q.query(`CREATE TRIGGER ferrum_node_events AFTER INSERT OR UPDATE OR DELETE ON "nodes" FOR EACH ROW EXECUTE FUNCTION ferrum_node_event()`);

    await q.query(`CREATE FUNCTION ferrum_port_event() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE r record; n record; changed text[] := '{}'; kind text;
      BEGIN
        IF TG_OP = 'DELETE' THEN r := OLD; kind := 'port.deleted';
        ELSIF TG_OP = 'INSERT' THEN r := NEW; kind := 'port.created';
        ELSE
          r := NEW; kind := 'port.updated';
          ${changes(PORT_FIELDS)}
          IF cardinality(changed) = 0 THEN RETURN NULL; END IF;
        END IF;
        SELECT uuid, owner, lessee INTO n FROM nodes WHERE id = r.node_id;
        INSERT INTO ferrum_events (type, uuid, node_uuid, owner, lessee, data) VALUES (kind, r.uuid, n.uuid, n.owner, n.lessee,
          jsonb_build_object('uuid', r.uuid, 'node_uuid', n.uuid, ${pairs(PORT_FIELDS)}, 'changed', to_jsonb(changed)));
        RETURN NULL;
      END $$`);
    await q.query(`CREATE TRIGGER ferrum_port_events AFTER INSERT OR UPDATE OR DELETE ON "ports" FOR EACH ROW EXECUTE FUNCTION ferrum_port_event()`);

    await q.query(`CREATE FUNCTION ferrum_allocation_event() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE r record; n record; changed text[] := '{}'; kind text;
      BEGIN
        IF TG_OP = 'DELETE' THEN r := OLD; kind := 'allocation.deleted';
        ELSIF TG_OP = 'INSERT' THEN r := NEW; kind := 'allocation.created';
        ELSE
          r := NEW; kind := 'allocation.updated';
          ${changes(ALLOCATION_FIELDS)}
          IF cardinality(changed) = 0 THEN RETURN NULL; END IF;
        END IF;
        SELECT uuid INTO n FROM nodes WHERE id = r.node_id;
        INSERT INTO ferrum_events (type, uuid, node_uuid, owner, data) VALUES (kind, r.uuid, n.uuid, r.owner,
          jsonb_build_object('uuid', r.uuid, 'node_uuid', n.uuid, 'resource_class', r.resource_class, ${pairs(ALLOCATION_FIELDS)}, 'changed', to_jsonb(changed)));
        RETURN NULL;
      END $$`);
    await q.query(`CREATE TRIGGER ferrum_allocation_events AFTER INSERT OR UPDATE OR DELETE ON "allocations" FOR EACH ROW EXECUTE FUNCTION ferrum_allocation_event()`);

    // Inspection progress: the inspector's run of a node (starting, waiting, processing, finished, error…).
    await q.query(`CREATE FUNCTION ferrum_inspection_event() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE n record;
      BEGIN
        IF TG_OP = 'UPDATE' AND NEW.state IS NOT DISTINCT FROM OLD.state AND NEW.error IS NOT DISTINCT FROM OLD.error THEN RETURN NULL; END IF;
        SELECT owner, lessee INTO n FROM nodes WHERE uuid = NEW.uuid;
        INSERT INTO ferrum_events (type, uuid, node_uuid, owner, lessee, data) VALUES ('inspection.updated', NEW.uuid, NEW.uuid, n.owner, n.lessee,
          jsonb_build_object('node_uuid', NEW.uuid, 'state', NEW.state, 'error', NEW.error, 'started_at', NEW.started_at, 'finished_at', NEW.finished_at));
        RETURN NULL;
      END $$`);
    await q.query(`CREATE TRIGGER ferrum_inspection_events AFTER INSERT OR UPDATE ON "introspection_nodes" FOR EACH ROW EXECUTE FUNCTION ferrum_inspection_event()`);

    // A conductor joins (registers, or comes back), leaves (stops) or is lost: a survivor found it dead and marked it
    // offline, saying so with the transaction-local setting ferrum.conductor_offline = 'lost'.
    await q.query(`CREATE FUNCTION ferrum_conductor_event() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE r record; kind text;
      BEGIN
        IF TG_OP = 'DELETE' THEN r := OLD; kind := 'conductor.left';
        ELSIF TG_OP = 'INSERT' THEN r := NEW; kind := CASE WHEN NEW.online THEN 'conductor.joined' ELSE NULL END;
        ELSE
          r := NEW;
          kind := CASE
            WHEN NEW.online AND NOT OLD.online THEN 'conductor.joined'
            WHEN OLD.online AND NOT NEW.online THEN
              CASE WHEN current_setting('ferrum.conductor_offline', true) = 'lost' THEN 'conductor.lost' ELSE 'conductor.left' END
          END;
        END IF;
        IF kind IS NULL THEN RETURN NULL; END IF;
        INSERT INTO ferrum_events (type, uuid, data) VALUES (kind, r.hostname,
          jsonb_build_object('hostname', r.hostname, 'conductor_group', r.conductor_group, 'online', r.online));
        RETURN NULL;
      END $$`);
    await q.query(`CREATE TRIGGER ferrum_conductor_events AFTER INSERT OR UPDATE OR DELETE ON "conductors" FOR EACH ROW EXECUTE FUNCTION ferrum_conductor_event()`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const [trigger, table] of [['ferrum_node_events', 'nodes'], ['ferrum_port_events', 'ports'], ['ferrum_allocation_events', 'allocations'], ['ferrum_inspection_events', 'introspection_nodes'], ['ferrum_conductor_events', 'conductors']]) {
      await q.query(`DROP TRIGGER "${trigger}" ON "${table}"`);
    }
    for (const fn of ['ferrum_node_event', 'ferrum_port_event', 'ferrum_allocation_event', 'ferrum_inspection_event', 'ferrum_conductor_event']) await q.query(`DROP FUNCTION ${fn}()`);
    await q.query(`DROP TABLE "ferrum_events"`);
  }
}
