import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { Agent, request } from 'undici';
import { FerrumProcess } from '../support/ferrum-process';
import { freePort } from '../support/free-port';
import { IronicHttp } from '../support/http';

/** Resident memory of a process, in MiB (Linux). */
function rssMb(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmRSS:'))!;
  return Number(line.split(/\s+/)[1]) / 1024;
}

/**
 * Denial of service without credentials: one address flooding the ramdisk endpoints is throttled while
 * another's lookups go through, memory stays bounded; oversized, deep, cross-site and stalled requests are
 * refused or cut off. Rate limits apply to loopback here (FERRUM_RATE_LIMIT_EXEMPT=none), and the second
 * address is 127.0.0.2, which Linux routes over loopback too.
 */
describe('limits on what one client can make Ferrum do', () => {
  let ferrum: FerrumProcess;
  let url: string;
  let port: number;
  const flooder = new Agent({ localAddress: '127.0.0.1', connections: 32 });
  const neighbour = new Agent({ localAddress: '127.0.0.2' });

  beforeAll(async () => {
    port = await freePort();
    ferrum = new FerrumProcess('all', {
      FERRUM_API_PORT: String(port),
      FERRUM_INSPECTOR_PORT: String(await freePort()),
      FERRUM_DB_DIR: 'memory://',
      FERRUM_RATE_LIMIT_EXEMPT: 'none',
      FERRUM_RATE_LIMIT_RAMDISK_PER_S: '20',
      FERRUM_RATE_LIMIT_API_PER_S: '1000',
      FERRUM_HTTP_REQUEST_TIMEOUT_S: '2',
      FERRUM_HTTP_HEADERS_TIMEOUT_S: '2',
      FERRUM_LOG_LEVEL: 'warn',
    });
    url = `http://127.0.0.1:${port}`;
    await new IronicHttp(url).waitUntilUp(30_000);
  });
  afterAll(async () => {
    await flooder.close();
    await neighbour.close();
    await ferrum?.kill();
  });

  const lookup = async (dispatcher: Agent, mac: string) => {
    const r = await request(`${url}/v1/lookup?addresses=${mac}`, { dispatcher, headers: { 'X-OpenStack-Ironic-API-Version': '1.82' } });
    await r.body.dump();
    return r.statusCode;
  };

  it('throttles a flood of 10,000 lookups and heartbeats from one address while another address still gets answers, in bounded memory', async () => {
    const rssBefore = rssMb(ferrum.pid);
    const statuses = new Map<number, number>();
    let sent = 0;
    const flood = async () => {
      while (sent < 10_000) {
        const i = sent++;
        const status =
          i % 2 === 0
            ? await lookup(flooder, '52:54:00:00:00:01')
            : await request(`${url}/v1/heartbeat/1be26c0b-03f2-4d2e-ae87-c02d7f33c123`, {
                dispatcher: flooder,
                method: 'POST',
                headers: { 'Content-Type': 'application/json', 'X-OpenStack-Ironic-API-Version': '1.82' },
                body: JSON.stringify({ callback_url: 'http://127.0.0.1:9999', agent_token: 'x' }),
              }).then(async (r) => {
                await r.body.dump();
                return r.statusCode;
              });
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
      }
    };
    const neighbourStatuses: number[] = [];
    let flooding = true;
    const steady = (async () => {
      while (flooding) {
        neighbourStatuses.push(await lookup(neighbour, '52:54:00:00:00:02'));
        await new Promise((r) => setTimeout(r, 100));
      }
    })();
    await Promise.all(Array.from({ length: 32 }, flood));
    flooding = false;
    await steady;
    const rssAfter = rssMb(ferrum.pid);
    console.log(`flood: ${JSON.stringify(Object.fromEntries(statuses))}; neighbour: ${neighbourStatuses.length} lookups, statuses ${[...new Set(neighbourStatuses)].join(',')}; RSS ${rssBefore.toFixed(0)} → ${rssAfter.toFixed(0)} MiB`);
    // At 20/s with bursts of 60, all but a few hundred of the flood are refused…
    expect(statuses.get(429) ?? 0).toBeGreaterThan(9_000);
    // …and the neighbour, well under its own limit, is never refused (its lookups find no node: 404).
    expect(neighbourStatuses.length).toBeGreaterThan(3);
    expect(neighbourStatuses.filter((s) => s === 429)).toEqual([]);
    expect(rssAfter - rssBefore).toBeLessThan(150);
  }, 180_000);

  it('answers 429 in Ironic’s format with Retry-After', async () => {
    let reply;
    do {
      reply = await request(`${url}/v1/lookup?addresses=52:54:00:00:00:03`, { dispatcher: flooder });
      if (reply.statusCode !== 429) await reply.body.dump();
    } while (reply.statusCode !== 429);
    expect(Number(reply.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    const body = (await reply.body.json()) as { error_message: string };
    expect(JSON.parse(body.error_message)).toEqual({ faultcode: 'Client', faultstring: 'Too many requests from this address; retry later.', debuginfo: null });
  });

  it('refuses a 50 MB body at once (413) and a deeply nested one (400), without reading on', async () => {
    // Only the headers and a first chunk are sent: the answer must come without the rest being read.
    const socket = connect({ port, host: '127.0.0.1', localAddress: '127.0.0.2' });
    socket.write(`POST /v1/chassis HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${50 * 1024 * 1024}\r\n\r\n{"description": "`);
    const head = await new Promise<string>((resolve) => socket.once('data', (d: Buffer) => resolve(d.toString())));
    socket.destroy();
    expect(head).toMatch(/^HTTP\/1\.1 413 /);
    const deep = await request(`${url}/v1/chassis`, { dispatcher: neighbour, method: 'POST', headers: { 'Content-Type': 'application/json' }, body: `${'['.repeat(5000)}${']'.repeat(5000)}` });
    expect(deep.statusCode).toBe(400);
    expect(JSON.parse(((await deep.body.json()) as { error_message: string }).error_message).faultstring).toBe('The request body nests deeper than 64 levels.');
  });

  it('closes a connection that promises a body and never sends it', async () => {
    const socket = connect({ port, host: '127.0.0.1', localAddress: '127.0.0.2' });
    await new Promise((r) => socket.once('connect', r));
    const started = Date.now();
    socket.write('POST /v1/chassis HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"desc');
    const closed = await new Promise<number>((resolve) => {
      socket.on('data', () => undefined);
      socket.once('close', () => resolve(Date.now() - started));
    });
    // Cut off after the 2 s request timeout (Node checks it every few seconds), not five minutes.
    expect(closed).toBeLessThan(15_000);
  }, 30_000);
});
