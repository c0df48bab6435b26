import { bareHttpServer, bareNatsEcho } from '../lib/floors.mjs';
import { latencies, pairedRounds, throughput } from '../lib/load.mjs';
import { row, summarize } from '../lib/stats.mjs';

const HEADERS = { 'X-OpenStack-Ironic-API-Version': '1.78', 'content-type': 'application/json' };

async function call(url, method, body) {
  const r = await fetch(url, { method, headers: HEADERS, body: body === undefined ? undefined : JSON.stringify(body) });
  await r.arrayBuffer();
  return r.status;
}

/**
 * Issue 4's benchmark: a sync driver-level passthru (API → NATS queue group → a conductor → back) against
 * the bare HTTP and bare NATS round trips measured by the api-basics suite in the same run, and how many
 * async node passthru calls per second the API accepts.
 */
export async function passthru({ api, baselines, seconds, natsUrl }) {
  const results = [];
  // ferrum-demo's echo (fake-hardware has no driver methods, as in Ironic).
  const echo = `${api}/v1/drivers/ferrum-demo/vendor_passthru/echo`;
  console.log('\n# driver vendor passthru (sync echo) and node vendor passthru (async)');
  const echoLatencies = async () =>
    summarize(
      await latencies(async () => {
        if ((await call(echo, 'POST', { x: 1 })) !== 200) throw new Error('echo failed');
      }, 1000),
    );
  let one;
  let floor = { p50: baselines.httpP50 + baselines.natsP50 };
  let http = { p50: baselines.httpP50 };
  let nats = { p50: baselines.natsP50 };
  if (natsUrl) {
    // The floor (bare HTTP and bare NATS round trips) measured beside each passthru run, not minutes before it.
    const bare = await bareHttpServer();
    const bus = await bareNatsEcho(natsUrl);
    try {
      const bareGet = async () => {
        const r = await fetch(bare.url);
        await r.arrayBuffer();
      };
      const pairs = await pairedRounds(
        async () => {
          http = summarize(await latencies(bareGet, 1000));
          nats = await bus.latencies(1000);
          return { p50: http.p50 + nats.p50, http, nats };
        },
        echoLatencies,
        (s) => s.p50,
      );
      ({ baseline: floor, subject: one } = pairs);
      ({ http, nats } = floor);
      console.log(`  passthru p50 ÷ (bare HTTP p50 + bare NATS p50) in ${pairs.ratios.length} side-by-side pairs: ${pairs.ratios.map((r) => r.toFixed(2)).join(', ')} (the median pair is shown)`);
    } finally {
      await bus.stop();
      bare.stop();
    }
  } else one = await echoLatencies();
  results.push(row('driver passthru p50, 1 connection', one.p50, 'ms', 'bare HTTP p50', http.p50));
  results.push(row('driver passthru p50, 1 connection', one.p50, 'ms', 'bare NATS request/reply p50', nats.p50));
  results.push(
    row('driver passthru p50, 1 connection', one.p50, 'ms', 'bare HTTP p50 + bare NATS p50', floor.p50, {
      op: '≤',
      limit: 1.5,
      label: 'sync driver passthru p50 / (bare HTTP p50 + bare NATS p50)',
    }),
  );
  results.push(row('driver passthru p99, 1 connection', one.p99, 'ms', 'bare HTTP p99', baselines.httpP99));
  const single = await throughput(() => call(echo, 'POST', { x: 1 }), { concurrency: 1, seconds });
  results.push(row('driver passthru req/s, 1 connection', single.rps, 'req/s', 'bare HTTP req/s, 1 conn', baselines.httpRps1));
  const many = await throughput(() => call(echo, 'POST', { x: 1 }), { concurrency: 16, seconds });
  const manyLat = summarize(many.samples);
  results.push(row('driver passthru req/s, 16 connections', many.rps, 'req/s', 'bare HTTP req/s, 16 conn', baselines.httpRps16));
  results.push(row('driver passthru p99, 16 connections', manyLat.p99, 'ms', 'bare HTTP p99', baselines.httpP99));

  // Async node passthru: the shared-lock method, so concurrent calls on one node are all accepted.
  const created = await fetch(`${api}/v1/nodes`, { method: 'POST', headers: HEADERS, body: JSON.stringify({ driver: 'fake-hardware', name: 'bench-passthru' }) });
  const { uuid } = await created.json();
  const shared = `${api}/v1/nodes/${uuid}/vendor_passthru/fourth_method_shared_lock`;
  let refused = 0;
  const accepted = await throughput(async () => {
    const status = await call(shared, 'POST', { bar: 'woof' });
    if (status !== 202) refused++;
  }, { concurrency: 16, seconds });
  results.push(row('async node passthru accepted/s, 16 conn', accepted.rps, 'req/s', 'bare HTTP req/s, 16 conn', baselines.httpRps16));
  if (refused) console.log(`  (${refused} async calls were refused, e.g. 503 with a full worker pool)`);
  return results;
}
