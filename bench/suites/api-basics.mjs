import pg from 'pg';
import { latencies, pairedRounds, throughput } from '../lib/load.mjs';
import { bareHttpServer, bareNatsEcho, bareNest, composedFloor } from '../lib/floors.mjs';
import { note, row, summarize } from '../lib/stats.mjs';

const HEADERS = { 'X-OpenStack-Ironic-API-Version': '1.78' };

async function getJson(url) {
  const r = await fetch(url, { headers: HEADERS });
  await r.arrayBuffer();
  if (r.status !== 200) throw new Error(`${url}: ${r.status}`);
}

/** PUT …/states/power with `target`; the status. */
async function putPower(url, target) {
  const r = await fetch(url, { method: 'PUT', headers: { ...HEADERS, 'content-type': 'application/json' }, body: JSON.stringify({ target }) });
  await r.arrayBuffer();
  return r.status;
}

/**
 * Power PUTs at `concurrency` connections for `seconds` over `urls` (…/states/power, one per node), round-robin,
 * each node's target alternating once accepted. A node whose lock is still held answers 409: counted apart, as
 * is anything else; the rate is of 202s only.
 */
async function powerThroughput(urls, { concurrency, seconds }) {
  const next = new Map();
  const counts = { accepted: 0, locked: 0, other: 0 };
  let k = 0;
  const one = async () => {
    const url = urls[k++ % urls.length];
    const target = next.get(url) ?? 'power on';
    const status = await putPower(url, target);
    if (status === 202) {
      next.set(url, target === 'power on' ? 'power off' : 'power on');
      counts.accepted++;
    } else if (status === 409) counts.locked++;
    else counts.other++;
  };
  for (let i = 0; i < 64; i++) await one();
  Object.assign(counts, { accepted: 0, locked: 0, other: 0 });
  const run = await throughput(one, { concurrency, seconds, warmup: 0 });
  return { ...counts, rps: counts.accepted / run.elapsed, lat: summarize(run.samples) };
}

export async function apiBasics({ api, databaseUrl, natsUrl, seconds }) {
  const results = [];
  const baselines = {};
  const stops = [];
  const bare = await bareHttpServer();
  stops.push(bare.stop);
  try {
    // Nodes to read and to power, created through the API.
    const nodes = [];
    for (let i = 0; i < 64; i++) {
      const r = await fetch(`${api}/v1/nodes`, { method: 'POST', headers: { ...HEADERS, 'content-type': 'application/json' }, body: JSON.stringify({ driver: 'fake-hardware', name: `bench-${i}` }) });
      nodes.push((await r.json()).uuid);
    }
    const nodeUrl = (i) => `${api}/v1/nodes/${nodes[i % nodes.length]}`;
    // Bare Nest on Fastify serving a real node body, as big as the API's.
    const nodeBody = await (await fetch(nodeUrl(0), { headers: HEADERS })).json();
    const nest = await bareNest(nodeBody);
    stops.push(nest.stop);
    const nestUrl = (i) => nest.url(nodes[i % nodes.length]);

    console.log('\n# GET /v1/nodes/{id}');
    const bare1 = summarize(await latencies(() => getJson(bare.url), 2000));
    const get1 = summarize(await latencies((i) => getJson(nodeUrl(i)), 2000));
    results.push(row('GET node p50 latency, 1 connection', get1.p50, 'ms', 'bare HTTP p50', bare1.p50));
    results.push(row('GET node p99 latency, 1 connection', get1.p99, 'ms', 'bare HTTP p99', bare1.p99));
    const nest1 = summarize(await latencies((i) => getJson(nestUrl(i)), 2000));
    results.push(row('GET node p50 latency, 1 connection', get1.p50, 'ms', 'bare Nest-on-Fastify p50', nest1.p50));
    const bareOne = await throughput(() => getJson(bare.url), { concurrency: 1, seconds });
    const bare16 = await throughput(() => getJson(bare.url), { concurrency: 16, seconds });
    const gets = await pairedRounds(
      () => throughput((i) => getJson(nestUrl(i)), { concurrency: 16, seconds }),
      () => throughput((i) => getJson(nodeUrl(i)), { concurrency: 16, seconds }),
      (run) => run.rps,
    );
    const { baseline: nest16, subject: get16 } = gets;
    results.push(row('GET node req/s, 16 connections', get16.rps, 'req/s', 'bare HTTP req/s', bare16.rps));
    results.push(
      row('GET node req/s, 16 connections', get16.rps, 'req/s', 'bare Nest-on-Fastify req/s, same body', nest16.rps, {
        op: '≥',
        limit: 0.5,
        label: 'GET /v1/nodes/{id} req/s / bare Nest-on-Fastify req/s, 16 conn',
      }),
    );
    note(`node body ${JSON.stringify(nodeBody).length} bytes, served by both; ratios of the ${gets.ratios.length} side-by-side pairs ${gets.ratios.map((r) => r.toFixed(2)).join(', ')} (the median pair is shown)`);
    Object.assign(baselines, { httpP50: bare1.p50, httpP99: bare1.p99, httpRps1: bareOne.rps, httpRps16: bare16.rps });

    console.log('\n# PUT /v1/nodes/{id}/states/power (202 accepted round trip)');
    let baseline = { name: 'bare NATS request/reply p50', value: NaN };
    if (natsUrl) {
      const echo = await bareNatsEcho(natsUrl);
      const nats = await echo.latencies(2000);
      baseline = { name: 'bare NATS request/reply p50', value: nats.p50 };
      baselines.natsP50 = nats.p50;
      await echo.stop();
    }
    let sql = { p50: NaN };
    if (databaseUrl) {
      const db = new pg.Client({ connectionString: databaseUrl });
      await db.connect();
      const { rows } = await db.query(`INSERT INTO nodes (uuid, driver, provision_state) VALUES (gen_random_uuid(), 'bench', 'enroll') RETURNING uuid`);
      const uuid = rows[0].uuid;
      sql = summarize(
        await latencies(
          (i) =>
            i % 2 === 0
              ? db.query(`UPDATE nodes SET reservation = $1 WHERE uuid = $2 AND reservation IS NULL`, ['bench', uuid])
              : db.query(`UPDATE nodes SET reservation = NULL WHERE uuid = $1 AND reservation = $2`, [uuid, 'bench']),
          2000,
        ),
      );
      await db.query(`DELETE FROM nodes WHERE uuid = $1`, [uuid]);
      await db.end();
    }
    // The composed floor: HTTP → NATS → responder with the lock's two UPDATEs → 202.
    let floor1 = { p50: NaN };
    let floor16 = { rps: NaN };
    // The composed floor stays up while Ferrum is measured, so the two can be measured side by side.
    const floor = databaseUrl && natsUrl ? await composedFloor({ databaseUrl, natsUrl }) : undefined;
    if (floor) stops.push(floor.stop);
    const floorLatencies = async () =>
      summarize(
        await latencies(async () => {
          const status = await putPower(floor.url, 'power on');
          if (status !== 202) throw new Error(`composed floor: ${status}`);
        }, 640, 64),
      );
    let target = 'power on';
    // Ten rounds over the 64 nodes, each with the other target; between rounds (untimed) the previous round's
    // background actions release their locks.
    const putLatencies = async () => {
      const samples = [];
      for (let round = 0; round < 11; round++) {
        target = target === 'power on' ? 'power off' : 'power on';
        await new Promise((r) => setTimeout(r, 100));
        const timed = await latencies(async (i) => {
          const r = await fetch(`${nodeUrl(i)}/states/power`, { method: 'PUT', headers: { ...HEADERS, 'content-type': 'application/json' }, body: JSON.stringify({ target }) });
          await r.arrayBuffer();
          if (r.status !== 202) throw new Error(`PUT power: ${r.status}`);
        }, nodes.length, 0);
        // The first round warms up.
        if (round > 0) samples.push(...timed);
      }
      return summarize(samples);
    };
    let put;
    if (floor) {
      const puts = await pairedRounds(floorLatencies, putLatencies, (s) => s.p50);
      ({ baseline: floor1, subject: put } = puts);
      note(`power PUT p50 ÷ composed floor p50 in ${puts.ratios.length} side-by-side pairs: ${puts.ratios.map((r) => r.toFixed(2)).join(', ')} (the median pair is shown)`);
    } else put = await putLatencies();
    results.push(row('PUT power p50 (202)', put.p50, 'ms', baseline.name, baseline.value));
    results.push(row('PUT power p50 (202)', put.p50, 'ms', 'bare SQL lock UPDATE p50', sql.p50));
    results.push(
      row('PUT power p50 (202)', put.p50, 'ms', 'composed floor p50 (HTTP→NATS→2 SQL)', floor1.p50, {
        op: '≤',
        limit: 2,
        label: 'power PUT p50 / composed floor p50, 1 conn',
      }),
    );
    results.push(row('PUT power p99 (202)', put.p99, 'ms', 'bare HTTP p99', bare1.p99));

    // Throughput at 16 connections, spread over enough nodes that a node's lock is rarely still held.
    const many = [];
    for (let i = 0; i < 256; i++) {
      const r = await fetch(`${api}/v1/nodes`, { method: 'POST', headers: { ...HEADERS, 'content-type': 'application/json' }, body: JSON.stringify({ driver: 'fake-hardware', name: `bench-put-${i}` }) });
      many.push(`${api}/v1/nodes/${(await r.json()).uuid}/states/power`);
    }
    let put16;
    if (floor) {
      const runs = await pairedRounds(
        () => powerThroughput([floor.url], { concurrency: 16, seconds }),
        () => powerThroughput(many, { concurrency: 16, seconds }),
        (run) => run.rps,
      );
      ({ baseline: floor16, subject: put16 } = runs);
      note(`power PUT 202/s ÷ composed floor 202/s in ${runs.ratios.length} side-by-side pairs: ${runs.ratios.map((r) => r.toFixed(2)).join(', ')} (the median pair is shown)`);
    } else put16 = await powerThroughput(many, { concurrency: 16, seconds });
    results.push(
      row('PUT power 202/s, 16 connections', put16.rps, 'req/s', 'composed floor 202/s, 16 conn', floor16.rps, {
        op: '≥',
        limit: 0.5,
        label: 'power PUT 202/s / composed floor 202/s, 16 conn',
      }),
    );
    results.push(row('PUT power p50 (202), 16 connections', put16.lat.p50, 'ms', 'composed floor p50, 16 conn', floor16.lat?.p50 ?? NaN));
    note(`power PUT at 16 conn over ${many.length} nodes: ${put16.accepted} × 202, ${put16.locked} × 409 (lock held), ${put16.other} other`);
    if (floor16.accepted !== undefined) note(`composed floor at 16 conn over 256 rows: ${floor16.accepted} × 202, ${floor16.locked} × 409, ${floor16.other} other`);

    // Until the new power state is visible: includes the background action and lock release.
    const complete = [];
    for (let i = 0; i < 30; i++) {
      const url = nodeUrl(i);
      const want = i % 2 ? 'power on' : 'power off';
      const t = performance.now();
      await fetch(`${url}/states/power`, { method: 'PUT', headers: { ...HEADERS, 'content-type': 'application/json' }, body: JSON.stringify({ target: want }) }).then((r) => r.arrayBuffer());
      for (;;) {
        const n = await (await fetch(url, { headers: HEADERS })).json();
        if (n.power_state === want && n.reservation === null) break;
      }
      complete.push(performance.now() - t);
    }
    const done = summarize(complete);
    results.push(row('PUT power until applied p50', done.p50, 'ms', 'bare HTTP p50', bare1.p50));
  } finally {
    for (const stop of stops.reverse()) await stop();
  }
  return { results, baselines };
}
