// What authentication costs: GET /v1/nodes/{uuid} on an all-in-one Ferrum with http_basic (a bcrypt
// cost-10 htpasswd entry, as `htpasswd -B -C 10` writes) against the same with noauth, in the same run.
// With the verification cache a client that keeps its credentials pays one bcrypt, not one per request.
import bcrypt from 'bcryptjs';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, startFerrum } from '../lib/services.mjs';
import { summarize, row } from '../lib/stats.mjs';
import { latencies, throughput } from '../lib/load.mjs';

const VERSION = { 'X-OpenStack-Ironic-API-Version': '1.82' };

async function measure(env, headers, seconds) {
  const port = await freePort();
  const api = `http://127.0.0.1:${port}`;
  const dir = mkdtempSync(join(tmpdir(), 'ferrum-bench-auth-'));
  const ferrum = startFerrum('all', { ...env, FERRUM_API_PORT: String(port), FERRUM_INSPECTOR_PORT: String(await freePort()), FERRUM_DB_DIR: dir }, async () =>
    (await fetch(`${api}/v1/drivers`, { headers: { ...VERSION, ...headers } }).catch(() => undefined))?.status === 200,
  );
  try {
    await ferrum.ready;
    const created = await fetch(`${api}/v1/nodes`, { method: 'POST', headers: { ...VERSION, ...headers, 'Content-Type': 'application/json' }, body: JSON.stringify({ driver: 'fake-hardware' }) });
    const { uuid } = await created.json();
    const get = async () => {
      const r = await fetch(`${api}/v1/nodes/${uuid}`, { headers: { ...VERSION, ...headers } });
      await r.arrayBuffer();
      if (r.status !== 200) throw new Error(`GET node answered ${r.status}`);
    };
    const single = summarize(await latencies(get, 500));
    const loaded = await throughput(get, { concurrency: 16, seconds });
    return { p50: single.p50, rps: loaded.rps };
  } finally {
    await ferrum.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function authOverhead({ seconds = 5 } = {}) {
  console.log(`\n# authentication overhead: GET /v1/nodes/{uuid}, all-in-one, http_basic (bcrypt cost 10) vs noauth, ${seconds}s`);
  const dir = mkdtempSync(join(tmpdir(), 'ferrum-bench-htpasswd-'));
  try {
    writeFileSync(join(dir, 'htpasswd'), `bench:${bcrypt.hashSync('bench-pw', 10)}\n`);
    const basic = { Authorization: `Basic ${Buffer.from('bench:bench-pw').toString('base64')}` };
    const withAuth = { FERRUM_AUTH_STRATEGY: 'http_basic', FERRUM_HTTP_BASIC_AUTH_USER_FILE: join(dir, 'htpasswd') };
    // Interleaved, twice each, best of two: a process started second must not look slower for it.
    const runs = [];
    for (const round of [0, 1]) {
      for (const [name, env, headers] of round === 0 ? [['open', {}, {}], ['auth', withAuth, basic]] : [['auth', withAuth, basic], ['open', {}, {}]]) {
        runs.push({ name, ...(await measure(env, headers, seconds)) });
      }
    }
    const best = (name) => ({
      p50: Math.min(...runs.filter((r) => r.name === name).map((r) => r.p50)),
      rps: Math.max(...runs.filter((r) => r.name === name).map((r) => r.rps)),
    });
    const open = best('open');
    const auth = best('auth');
    row('http_basic GET node p50, 1 connection', auth.p50, 'ms', 'noauth GET node p50, 1 connection', open.p50);
    row('http_basic GET node req/s, 16 connections', auth.rps, 'req/s', 'noauth GET node req/s, 16 connections', open.rps);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
