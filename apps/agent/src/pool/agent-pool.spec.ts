import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { AgentPool } from './agent-pool';
import type { PoolBootCommand, LabHardware, PoolEvent } from '@ferrum/contracts';

const TOKEN = 't'.repeat(43);
const image = randomBytes(256 * 1024);
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** A fake Ironic API (lookup, heartbeat, the inspection callback) and image server, as the agents see them. */
class FakeIronic {
  /** Node uuid by MAC, for lookup. */
  readonly nodes = new Map<string, string>();
  readonly lookups: URLSearchParams[] = [];
  readonly heartbeats: { node: string; body: Record<string, unknown> }[] = [];
  readonly inspections: Record<string, unknown>[] = [];
  url = '';
  private server!: Server;
  private waiters: (() => void)[] = [];

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      void this.answer(req).then(({ status, body }) => {
        res.writeHead(status, { 'content-type': Buffer.isBuffer(body) ? 'application/octet-stream' : 'application/json' });
        res.end(Buffer.isBuffer(body) ? body : JSON.stringify(body));
        for (const wake of this.waiters.splice(0)) wake();
      });
    });
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.server.address() as { port: number }).port}`;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((r) => this.server.close(r));
  }

  /** Resolves once `check` holds, checked after every request answered. */
  async until<T>(check: () => T | undefined): Promise<T> {
    for (;;) {
      const found = check();
      if (found !== undefined) return found;
      await new Promise<void>((r) => this.waiters.push(r));
    }
  }

  private async answer(req: IncomingMessage): Promise<{ status: number; body: unknown }> {
    const url = new URL(req.url ?? '/', this.url);
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = chunks.length ? (JSON.parse(Buffer.concat(chunks).toString()) as Record<string, unknown>) : {};
    if (req.method === 'GET' && url.pathname === '/v1/lookup') {
      this.lookups.push(url.searchParams);
      const node = (url.searchParams.get('addresses') ?? '').split(',').map((mac) => this.nodes.get(mac)).find(Boolean);
      return node ? { status: 200, body: { node: { uuid: node }, config: { heartbeat_timeout: 300, agent_token: TOKEN } } } : { status: 404, body: { error_message: '{"faultstring": "Node not found"}' } };
    }
    const beat = /^\/v1\/heartbeat\/(.+)$/.exec(url.pathname);
    if (req.method === 'POST' && beat) {
      this.heartbeats.push({ node: beat[1], body });
      return { status: 202, body: {} };
    }
    if (req.method === 'POST' && url.pathname === '/v1/continue_inspection') {
      this.inspections.push(body);
      return { status: 202, body: { uuid: 'inspected-node' } };
    }
    if (req.method === 'GET' && url.pathname === '/image.raw') return { status: 200, body: image };
    return { status: 404, body: {} };
  }
}

const hardware = (mac: string): LabHardware => ({ cpus: 2, memoryMiB: 2048, nics: [{ name: 'eth0', mac }], disks: [{ name: 'sda', sizeGiB: 10 }] });

describe('AgentPool: many simulated machines’ agents in one process', () => {
  const ironic = new FakeIronic();
  const events: PoolEvent[] = [];
  const wakeEvents: (() => void)[] = [];
  const pool = new AgentPool({
    emit: (e) => {
      events.push(e);
      for (const wake of wakeEvents.splice(0)) wake();
    },
    log: (m, l, msg) => process.env.POOL_DEBUG && process.stderr.write(`${m} ${l} ${msg}\n`),
  });

  /** The first event (of those emitted so far or later) that matches. */
  async function event<E extends PoolEvent['event']>(kind: E, machine: string): Promise<Extract<PoolEvent, { event: E }>> {
    for (;;) {
      const found = events.find((e) => e.event === kind && 'machine' in e && e.machine === machine);
      if (found) return found as Extract<PoolEvent, { event: E }>;
      await new Promise<void>((r) => wakeEvents.push(r));
    }
  }

  const boot = (machine: string, mac: string, extra: Partial<PoolBootCommand> = {}, cmdline = '') =>
    pool.boot({
      op: 'boot',
      machine,
      cmdline: `ipa-api-url=${ironic.url} ipa-listen-host=127.0.0.1 ipa-listen-port=0 ipa-lookup-interval=0.05 ipa-enable-auto-tls=0 ${cmdline}`,
      hardware: hardware(mac),
      disk: 'discard',
      ...extra,
    });
  const commands = (url: string, init?: RequestInit) => fetch(`${url}/v1/commands/?agent_token=${TOKEN}&wait=true`, init);
  const run = (url: string, name: string, params: Record<string, unknown>) =>
    commands(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name, params }) });

  beforeAll(() => ironic.start());
  afterAll(async () => {
    await pool.stopAll();
    await ironic.stop();
  });

  it('boots agents that look up by the hardware’s MAC, heartbeat their command API’s URL and answer there until stopped, each on its own', async () => {
    ironic.nodes.set('52:54:00:00:01:01', 'node-1');
    ironic.nodes.set('52:54:00:00:01:02', 'node-2');
    await boot('m1', '52:54:00:00:01:01', { boot: 7 });
    await boot('m2', '52-54-00-00-01-02');
    const [booted1, booted2] = [await event('booted', 'm1'), await event('booted', 'm2')];
    expect(booted1.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(booted2.url).not.toBe(booted1.url);
    // The lab's number for a boot comes back in its events (m2's boot has none).
    expect(booted1.boot).toBe(7);
    expect(await event('looked-up', 'm1')).toEqual({ event: 'looked-up', machine: 'm1', boot: 7, node: 'node-1' });
    expect(await event('looked-up', 'm2')).toEqual({ event: 'looked-up', machine: 'm2', node: 'node-2' });
    expect(ironic.lookups.map((q) => q.get('addresses'))).toEqual(expect.arrayContaining(['52:54:00:00:01:01', '52:54:00:00:01:02']));
    const beat1 = await ironic.until(() => ironic.heartbeats.find((h) => h.node === 'node-1'));
    const beat2 = await ironic.until(() => ironic.heartbeats.find((h) => h.node === 'node-2'));
    expect(beat1.body).toMatchObject({ callback_url: booted1.url, agent_token: TOKEN, agent_version: expect.any(String) });
    expect(beat2.body).toMatchObject({ callback_url: booted2.url });

    const listed = await commands(booted1.url);
    expect(listed.status).toBe(200);
    expect(await listed.json()).toEqual({ commands: [] });

    await pool.stop('m1');
    await expect(commands(booted1.url)).rejects.toThrow();
    expect(pool.machines()).toEqual(['m2']);
    // The other machine goes on: it still runs commands.
    const synced = await run(booted2.url, 'standby.sync', {});
    expect(await synced.json()).toMatchObject({ command_name: 'sync', command_status: 'SUCCEEDED' });
    await pool.stop('m1'); // again: nothing to stop, no error
    await pool.stop('m2');
    await expect(commands(booted2.url)).rejects.toThrow();
    expect(events.filter((e) => e.event === 'exited')).toEqual([]);
  });

  it('posts the inspection data of the simulated inventory, then looks up with the node the inspector named', async () => {
    ironic.nodes.set('52:54:00:00:02:01', 'inspected-node');
    await boot('inspect-me', '52:54:00:00:02:01', {}, `ipa-inspection-callback-url=${ironic.url}/v1/continue_inspection`);
    await event('looked-up', 'inspect-me');
    const payload = ironic.inspections[0] as { inventory: { interfaces: { mac_address: string; ipv4_address: string }[]; memory: { physical_mb: number } }; boot_interface: string };
    expect(payload.inventory.interfaces).toEqual([expect.objectContaining({ mac_address: '52:54:00:00:02:01', ipv4_address: expect.stringMatching(/^198\.51\.100\./) })]);
    expect(payload.inventory.memory.physical_mb).toBe(2048);
    expect(payload.boot_interface).toBe('01-52-54-00-00-02-01');
    expect(ironic.lookups.at(-1)?.get('node_uuid')).toBe('inspected-node');
    await pool.stop('inspect-me');
  });

  it('writes an image to "discard" (downloaded and checked only), and fails its checksum when the corruptImage fault is set', async () => {
    ironic.nodes.set('52:54:00:00:03:01', 'node-3');
    ironic.nodes.set('52:54:00:00:03:02', 'node-4');
    await boot('good-disk', '52:54:00:00:03:01');
    await boot('bad-download', '52:54:00:00:03:02', { faults: { corruptImage: true } });
    const imageInfo = { image_info: { id: 'img', urls: [`${ironic.url}/image.raw`], disk_format: 'raw', os_hash_algo: 'sha256', os_hash_value: sha256(image) } };
    const good = await run((await event('booted', 'good-disk')).url, 'standby.prepare_image', imageInfo);
    expect(await good.json()).toMatchObject({
      command_status: 'SUCCEEDED',
      command_result: { result: `prepare_image: image (img) written to device discard (${image.length} bytes, sha256 ${sha256(image)})` },
    });
    await event('looked-up', 'bad-download');
    const bad = await run((await event('booted', 'bad-download')).url, 'standby.prepare_image', imageInfo);
    expect(await bad.json()).toMatchObject({
      command_status: 'FAILED',
      command_error: { message: expect.stringMatching(new RegExp(`^Command execution failed: Image img failed verification: sha256 of the downloaded data is [0-9a-f]{64}, expected ${sha256(image)}$`)) },
    });
    await pool.stopAll();
  });

  it('crashes on the command named by crashOn: no answer, the command API gone, an exited event', async () => {
    ironic.nodes.set('52:54:00:00:04:01', 'node-5');
    await boot('crashy', '52:54:00:00:04:01', { faults: { crashOn: 'standby.prepare_image' } });
    await event('looked-up', 'crashy');
    const { url } = await event('booted', 'crashy');
    expect((await run(url, 'standby.sync', {})).status).toBe(200);
    await expect(run(url, 'standby.prepare_image', { image_info: { id: 'img', urls: [`${ironic.url}/image.raw`], checksum: sha256(image) } })).rejects.toThrow();
    expect(await event('exited', 'crashy')).toEqual({ event: 'exited', machine: 'crashy', reason: 'injected crash on standby.prepare_image' });
    await expect(commands(url)).rejects.toThrow();
    expect(pool.machines()).not.toContain('crashy');
  });

  it('turns the agent’s power off and reboot into power events, stopping the agent', async () => {
    ironic.nodes.set('52:54:00:00:05:01', 'node-6');
    await boot('power-me', '52:54:00:00:05:01');
    await event('looked-up', 'power-me');
    const { url } = await event('booted', 'power-me');
    expect((await commands(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"name":"standby.power_off","params":{}}' })).status).toBe(200);
    expect(await event('power', 'power-me')).toEqual({ event: 'power', machine: 'power-me', action: 'poweroff' });
    await expect(commands(url)).rejects.toThrow();
    expect(pool.machines()).not.toContain('power-me');
  });

  it('reports an agent whose lookup gives up, and stops one still looking up without a word', async () => {
    await boot('unknown', '52:54:00:00:06:01', {}, 'ipa-lookup-timeout=0');
    expect(await event('exited', 'unknown')).toEqual({ event: 'exited', machine: 'unknown', reason: expect.stringMatching(/^lookup failed: lookup did not find this machine within 0 s/) });

    await boot('searching', '52:54:00:00:06:02');
    const { url } = await event('booted', 'searching');
    await ironic.until(() => (ironic.lookups.some((q) => q.get('addresses') === '52:54:00:00:06:02') ? true : undefined));
    await pool.stop('searching');
    await expect(commands(url)).rejects.toThrow();
    // Booted again: a new agent, whose events are its own.
    ironic.nodes.set('52:54:00:00:06:02', 'node-7');
    events.length = 0;
    await boot('searching', '52:54:00:00:06:02');
    expect(await event('looked-up', 'searching')).toMatchObject({ node: 'node-7' });
    expect(events.filter((e) => e.event === 'exited')).toEqual([]);
    await pool.stop('searching');
  });
});
