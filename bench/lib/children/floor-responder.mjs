// The composed floor's back end: its own NATS connection answering BENCH_SUBJECT; each request takes and
// releases a lock on one of the scratch rows (nodes whose driver is BENCH_DRIVER, round-robin) with the two
// UPDATEs a conductor's lock needs, then replies. Pool size as the conductor's (20).
import { connect } from '@nats-io/transport-node';
import pg from 'pg';

const { BENCH_DATABASE_URL, BENCH_NATS_URL, BENCH_SUBJECT, BENCH_DRIVER } = process.env;
process.stdin.on('end', () => process.exit(0)).resume();

const pool = new pg.Pool({ connectionString: BENCH_DATABASE_URL, max: 20 });
const { rows } = await pool.query('SELECT uuid FROM nodes WHERE driver = $1 ORDER BY id', [BENCH_DRIVER]);
const uuids = rows.map((r) => r.uuid);
if (!uuids.length) throw new Error(`no scratch rows with driver ${BENCH_DRIVER}`);
let next = 0;
const nc = await connect({ servers: BENCH_NATS_URL });
nc.subscribe(BENCH_SUBJECT, {
  callback: async (_err, m) => {
    const uuid = uuids[next++ % uuids.length];
    try {
      const locked = await pool.query('UPDATE nodes SET reservation = $1 WHERE uuid = $2 AND reservation IS NULL RETURNING *', ['bench-floor', uuid]);
      if (locked.rowCount === 1) await pool.query('UPDATE nodes SET reservation = NULL WHERE uuid = $1 AND reservation = $2 RETURNING *', [uuid, 'bench-floor']);
      m.respond(JSON.stringify({ acquired: locked.rowCount === 1 }));
    } catch (err) {
      m.respond(JSON.stringify({ error: String(err) }));
    }
  },
});
await nc.flush();
console.log('up');
