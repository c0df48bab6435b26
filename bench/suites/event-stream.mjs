// The event stream (issue 20): 100 SSE subscribers on GET /v1/ferrum/events while 1,000 nodes change state.
// Checks that every subscriber gets every event once and in order, and reports the delay from a change's commit
// to its delivery (from the writing statement's start: the commit is part of it), against PostgreSQL's own
// LISTEN/NOTIFY delivery (statement start to a listener) in the same run.
// Needs PostgreSQL and NATS (split api + conductor).
import pg from 'pg';
import { NATS_URL, freePort, scratchDatabase, startFerrum } from '../lib/services.mjs';
import { note, row, summarize } from '../lib/stats.mjs';

const HEADERS = { 'X-OpenStack-Ironic-API-Version': '1.78' };

/** An SSE reader: calls `onEvent({ id, event, data })` for each numbered frame. */
async function subscribe(url, onEvent, signal) {
  const response = await fetch(url, { headers: { Accept: 'text/event-stream' }, signal });
  if (response.status !== 200) throw new Error(`subscribe: ${response.status} ${await response.text()}`);
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  void (async () => {
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read().catch(() => ({ done: true }));
      if (done) return;
      buffer += value;
      let end;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const frame = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const id = /^id: (.*)$/m.exec(frame)?.[1];
        const data = /^data: (.*)$/m.exec(frame)?.[1];
        if (id && data) onEvent({ id: Number(id), data: JSON.parse(data) });
      }
    }
  })();
}

async function pool(items, n, fn) {
  let next = 0;
  await Promise.all(Array.from({ length: n }, async () => {
    while (next < items.length) await fn(items[next++]);
  }));
}

export async function eventStream({ nodes = Number(process.env.BENCH_EVENTS_NODES ?? 1000), subscribers = Number(process.env.BENCH_EVENTS_SUBSCRIBERS ?? 100), writers = 8 } = {}) {
  console.log(`\n# event stream: ${subscribers} SSE subscribers while ${nodes} nodes change provision state (${writers} writers, one commit each); split api + conductor on PostgreSQL and NATS`);
  const db = await scratchDatabase();
  const port = await freePort();
  const api = `http://127.0.0.1:${port}`;
  const env = { DATABASE_URL: db.url, NATS_URL, FERRUM_NATS_NAMESPACE: `benchevents${process.pid}`, FERRUM_SYNC_POWER_STATE_INTERVAL_S: '0', FERRUM_EVENTS_MAX_SUBSCRIBERS: String(subscribers + 10) };
  const procs = [];
  const abort = new AbortController();
  const client = new pg.Client({ connectionString: db.url });
  const listener = new pg.Client({ connectionString: db.url });
  const writersPool = new pg.Pool({ connectionString: db.url, max: writers });
  try {
    const apiProc = startFerrum('api', { ...env, FERRUM_API_PORT: String(port) }, async () => (await fetch(`${api}/v1`).catch(() => undefined))?.status === 200);
    procs.push(apiProc);
    await apiProc.ready;
    const conductor = startFerrum('conductor', { ...env, FERRUM_CONDUCTOR_HOSTNAME: 'bench-events' }, async () => {
      const r = await fetch(`${api}/v1/conductors`, { headers: HEADERS }).catch(() => undefined);
      return !!r && (await r.json()).conductors?.some((c) => c.alive);
    });
    procs.push(conductor);
    await conductor.ready;
    await client.connect();
    await listener.connect();
    const seeded = await client.query(
      `INSERT INTO nodes (uuid, name, driver, provision_state) SELECT gen_random_uuid(), 'ev-' || i, 'fake-hardware', 'enroll' FROM generate_series(1, $1) AS i RETURNING uuid`,
      [nodes],
    );
    const uuids = seeded.rows.map((r) => r.uuid);

    // Baseline: PostgreSQL's own delivery of a notification, commit to listener, for the same number of commits.
    const notifiedAt = new Map();
    await listener.query('LISTEN bench_events');
    listener.on('notification', (n) => notifiedAt.set(n.payload, performance.now()));
    const notifyCommit = new Map();
    await pool(uuids, writers, async (u) => {
      notifyCommit.set(u, performance.now());
      await writersPool.query(`SELECT pg_notify('bench_events', $1)`, [u]);
    });
    await waitFor(() => notifiedAt.size === uuids.length, 30_000);
    const notifyDelays = uuids.map((u) => Math.max(0, notifiedAt.get(u) - notifyCommit.get(u)));

    // Subscribers: each keeps the seq and arrival time of every node.updated event.
    const streams = Array.from({ length: subscribers }, () => ({ seqs: [], arrived: new Map() }));
    await Promise.all(
      streams.map((s) =>
        subscribe(
          `${api}/v1/ferrum/events?type=node.updated`,
          ({ id, data }) => {
            s.seqs.push(id);
            if (data.data.provision_state === 'manageable') s.arrived.set(data.uuid, performance.now());
          },
          abort.signal,
        ),
      ),
    );
    // Let the subscriptions settle (the creation events of the seeded nodes are older than them).
    await new Promise((r) => setTimeout(r, 500));
    const committed = new Map();
    const started = performance.now();
    await pool(uuids, writers, async (u) => {
      committed.set(u, performance.now());
      await writersPool.query(`UPDATE nodes SET provision_state = 'manageable' WHERE uuid = $1`, [u]);
    });
    const writeS = (performance.now() - started) / 1000;
    await waitFor(() => streams.every((s) => s.arrived.size === uuids.length), 120_000).catch(() => undefined);
    const deliveredS = (performance.now() - started) / 1000;

    const complete = streams.filter((s) => s.arrived.size === uuids.length).length;
    const inOrder = streams.filter((s) => s.seqs.every((x, i) => i === 0 || x > s.seqs[i - 1])).length;
    const delays = streams.flatMap((s) => uuids.filter((u) => s.arrived.has(u)).map((u) => Math.max(0, s.arrived.get(u) - committed.get(u))));
    const d = summarize(delays);
    const b = summarize(notifyDelays);
    row('event delay write→SSE p50', d.p50, 'ms', 'pg NOTIFY write→listener p50', b.p50);
    row('event delay write→SSE p99', d.p99, 'ms', 'pg NOTIFY write→listener p99', b.p99);
    note(`${nodes} commits in ${writeS.toFixed(1)} s (${(nodes / writeS).toFixed(0)}/s); all delivered to all ${subscribers} subscribers ${deliveredS.toFixed(1)} s after the first commit`);
    note(`${complete} of ${subscribers} subscribers got every event; ${inOrder} of ${subscribers} got them in seq order, none twice (${delays.length} deliveries measured)`);
    note('the relay polls every FERRUM_EVENTS_RELAY_INTERVAL_MS (100 ms by default): most of the delay is that wait');
  } finally {
    abort.abort();
    await writersPool.end().catch(() => undefined);
    await client.end().catch(() => undefined);
    await listener.end().catch(() => undefined);
    for (const p of procs.reverse()) await p.stop();
    await db.drop();
  }
}

async function waitFor(done, timeoutMs) {
  const end = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}
