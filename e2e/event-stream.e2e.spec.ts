import bcrypt from 'bcryptjs';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TEST_DATABASE_URL, TEST_NATS_URL, createPostgresDatabase, testNamespace, useRealService } from '@ferrum/testing';
import { FerrumProcess } from './support/ferrum-process';
import { freePort } from './support/free-port';
import { IronicHttp } from './support/http';
import { SseClient, SseEvent } from './support/sse-client';

const PERSONAS = {
  admin: { roles: ['admin'], system: true },
  'p1-reader': { roles: ['reader'], project_id: 'P1' },
  'p2-reader': { roles: ['reader'], project_id: 'P2' },
};
type Persona = keyof typeof PERSONAS;
const basic = (who: Persona) => `Basic ${Buffer.from(`${who}:pw-${who}`).toString('base64')}`;

/**
 * The event stream in the production shape: a conductor (its relay) and two API processes over PostgreSQL and
 * NATS, under http_basic with Ironic's default policy. Subscribers read `GET /v1/ferrum/events` as a browser's
 * EventSource does; one API is restarted under a subscriber, which comes back with Last-Event-ID.
 */
describe('GET /v1/ferrum/events (SSE)', () => {
  let available = false;
  let db: { url: string; drop(): Promise<void> } | undefined;
  const dir = mkdtempSync(join(tmpdir(), 'ferrum-events-'));
  const procs: FerrumProcess[] = [];
  const streams: SseClient[] = [];
  let env: Record<string, string>;
  let api1: { proc: FerrumProcess; port: number };
  let api2: IronicHttp;
  const run = randomBytes(3).toString('hex');

  const startApi = async (port?: number) => {
    const p = port ?? (await freePort());
    const proc = new FerrumProcess('api', { ...env, FERRUM_API_PORT: String(p) });
    procs.push(proc);
    await new IronicHttp(`http://127.0.0.1:${p}`).waitUntilUp(30_000).catch((e: Error) => {
      throw new Error(`${e.message}\n${proc.logs}`);
    });
    return { proc, port: p };
  };
  const http = (port: number, who: Persona = 'admin') => new IronicHttp(`http://127.0.0.1:${port}`, '1.78', { Authorization: basic(who) });
  const subscribe = async (port: number, who: Persona, query = '', headers: Record<string, string> = {}) => {
    const s = await SseClient.open(`http://127.0.0.1:${port}/v1/ferrum/events${query}`, { Authorization: basic(who), ...headers });
    streams.push(s);
    return s;
  };
  const ofNode = (events: SseEvent[], uuid: string) => events.filter((e) => e.data?.node_uuid === uuid);

  beforeAll(async () => {
    available =
      (await useRealService('PostgreSQL', TEST_DATABASE_URL, 'nothing: event stream e2e skipped')) &&
      (await useRealService('NATS', TEST_NATS_URL, 'nothing: event stream e2e skipped'));
    if (!available) return;
    db = await createPostgresDatabase();
    const names = Object.keys(PERSONAS) as Persona[];
    writeFileSync(join(dir, 'htpasswd'), names.map((p) => `${p}:${bcrypt.hashSync(`pw-${p}`, 4)}`).join('\n'));
    writeFileSync(join(dir, 'roles.yaml'), names.map((p) => `${p}: ${JSON.stringify(PERSONAS[p])}`).join('\n'));
    env = {
      FERRUM_NATS_NAMESPACE: testNamespace(),
      DATABASE_URL: db.url,
      NATS_URL: TEST_NATS_URL,
      FERRUM_AUTH_STRATEGY: 'http_basic',
      FERRUM_HTTP_BASIC_AUTH_USER_FILE: join(dir, 'htpasswd'),
      FERRUM_HTTP_BASIC_ROLES_FILE: join(dir, 'roles.yaml'),
      FERRUM_EVENTS_RELAY_INTERVAL_MS: '50',
      FERRUM_HEARTBEAT_INTERVAL_S: '2',
    };
    const conductor = new FerrumProcess('conductor', { ...env, FERRUM_CONDUCTOR_HOSTNAME: `events-${run}` });
    procs.push(conductor);
    await conductor.waitForLog(/conductor registered/);
    api1 = await startApi();
    api2 = http((await startApi()).port);
  }, 90_000);

  afterAll(async () => {
    await Promise.all(streams.map((s) => s.close()));
    await Promise.all(procs.map((p) => p.kill()));
    await db?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  const maybe = (name: string, fn: () => Promise<void>, timeoutMs = 60_000) =>
    it(
      name,
      async () => {
        if (!available) return;
        await fn();
      },
      timeoutMs,
    );

  maybe('streams a node’s changes in order, each once, as they commit: created, power on, maintenance, a port, deleted', async () => {
    const admin = await subscribe(api1.port, 'admin');
    expect(admin.status).toBe(200);
    const created = await api2.request('POST', '/v1/nodes', { driver: 'fake-hardware', name: `ev-${run}` });
    expect(created.status).toBe(201);
    const uuid = created.json.uuid as string;
    expect((await api2.request('PUT', `/v1/nodes/${uuid}/states/power`, { target: 'power on' })).status).toBe(202);
    await admin.until((events) => ofNode(events, uuid).some((e) => e.data.data.power_state === 'power on' && !e.data.data.reservation));
    expect((await api2.request('PUT', `/v1/nodes/${uuid}/maintenance`, { reason: 'disk swap' })).status).toBe(202);
    const port = await api2.request('POST', '/v1/ports', { node_uuid: uuid, address: `52:54:00:${run.slice(0, 2)}:${run.slice(2, 4)}:${run.slice(4, 6)}` });
    expect(port.status).toBe(201);
    expect((await api2.request('DELETE', `/v1/ports/${port.json.uuid}`)).status).toBe(204);
    expect((await api2.request('DELETE', `/v1/nodes/${uuid}`)).status).toBe(204);
    const events = ofNode(await admin.until((all) => ofNode(all, uuid).some((e) => e.event === 'node.deleted')), uuid);

    // SSE ids are the events' numbers: strictly increasing, nothing twice.
    const ids = events.map((e) => Number(e.id));
    expect(ids).toEqual([...new Set(ids)].sort((a, b) => a - b));
    const kinds = events.map((e) => e.event);
    expect(kinds[0]).toBe('node.created');
    expect(kinds.at(-1)).toBe('node.deleted');
    const changed = (field: string) => events.filter((e) => e.event === 'node.updated' && e.data.data.changed.includes(field));
    // The power action: the target set, then the new state with the target cleared; the lock taken and given back.
    expect(changed('target_power_state').map((e) => e.data.data.target_power_state)).toEqual(['power on', null]);
    expect(changed('power_state').map((e) => e.data.data.power_state)).toEqual(['power on']);
    expect(changed('reservation').length).toBeGreaterThanOrEqual(2);
    expect(changed('maintenance').map((e) => [e.data.data.maintenance, e.data.data.maintenance_reason])).toEqual([[true, 'disk swap']]);
    expect(kinds.filter((k) => k.startsWith('port.'))).toEqual(['port.created', 'port.deleted']);
    expect(events.find((e) => e.event === 'port.created')!.data).toMatchObject({ uuid: port.json.uuid, node_uuid: uuid, data: { address: port.json.address } });
  });

  maybe('shows each subscriber only what it may read, narrowed by ?node=, ?type= and ?owner=; bad filters are 4xx in Ironic’s format', async () => {
    const p1 = await subscribe(api1.port, 'p1-reader');
    const p2 = await subscribe(api1.port, 'p2-reader');
    const portsOnly = await subscribe(api1.port, 'admin', '?type=port');
    const ownedByP1 = await subscribe(api1.port, 'admin', '?owner=P1&type=node.created');
    const mine = (await api2.request('POST', '/v1/nodes', { driver: 'fake-hardware', owner: 'P1' })).json.uuid as string;
    const theirs = (await api2.request('POST', '/v1/nodes', { driver: 'fake-hardware', owner: 'P3' })).json.uuid as string;
    const byNode = await subscribe(api1.port, 'admin', `?node=${theirs}`);
    await api2.request('PATCH', `/v1/nodes/${theirs}`, [{ op: 'add', path: '/lessee', value: 'P2' }]);
    await api2.request('PATCH', `/v1/nodes/${mine}`, [{ op: 'replace', path: '/owner', value: 'P3' }]);
    const port = await api2.request('POST', '/v1/ports', { node_uuid: theirs, address: `52:54:01:${run.slice(0, 2)}:${run.slice(2, 4)}:${run.slice(4, 6)}` });
    await p2.until((events) => events.some((e) => e.event === 'port.created'));
    await byNode.until((events) => events.some((e) => e.event === 'port.created'));
    await ownedByP1.until((events) => events.length > 0);

    const about = (e: SseEvent) => [e.data.uuid, e.data.node_uuid];
    const seenBy = (e: SseEvent, project: string) => e.data.owner === project || e.data.lessee === project;
    // P1 saw its own node until it handed it over, nothing of the other.
    expect(p1.numbered.every((e) => seenBy(e, 'P1'))).toBe(true);
    expect(p1.numbered.map((e) => [e.event, e.data.uuid])).toContainEqual(['node.created', mine]);
    expect(p1.numbered.some((e) => about(e).includes(theirs))).toBe(false);
    // P2 sees the other node from the moment it became its lessee (not its creation), then its port.
    expect(p2.numbered.every((e) => seenBy(e, 'P2') && about(e).includes(theirs))).toBe(true);
    expect(p2.numbered.map((e) => e.event)).not.toContain('node.created');
    expect(p2.numbered.map((e) => [e.event, e.data.uuid])).toContainEqual(['port.created', port.json.uuid]);
    expect(portsOnly.numbered.map((e) => e.event)).toEqual(['port.created']);
    expect(ownedByP1.numbered.map((e) => [e.event, e.data.uuid, e.data.owner])).toEqual([['node.created', mine, 'P1']]);
    expect(byNode.numbered.length).toBeGreaterThan(0);
    expect(byNode.numbered.every((e) => e.data.node_uuid === theirs)).toBe(true);

    const refused = async (query: string, who: Persona = 'admin', headers: Record<string, string> = {}) => {
      const r = await fetch(`http://127.0.0.1:${api1.port}/v1/ferrum/events${query}`, { headers: { Authorization: basic(who), ...headers } });
      return { status: r.status, fault: JSON.parse(JSON.parse(await r.text()).error_message).faultstring as string };
    };
    expect(await refused('?type=nodes')).toEqual({ status: 400, fault: expect.stringMatching(/^Unknown event type nodes; known: node, port/) });
    expect(await refused('?color=red')).toEqual({ status: 400, fault: 'Unexpected arguments: color' });
    expect(await refused('', 'admin', { 'Last-Event-ID': 'abc' })).toEqual({ status: 400, fault: 'Invalid Last-Event-ID: abc; expected the id of an event' });
    expect((await refused(`?node=${mine}`, 'p1-reader')).status).toBe(404);
    expect((await fetch(`http://127.0.0.1:${api1.port}/v1/ferrum/events`)).status).toBe(401);
  });

  maybe('loses and repeats nothing across a restart of the API a subscriber was reading: it resumes with Last-Event-ID', async () => {
    const witness = await SseClient.open(`${api2.baseUrl}/v1/ferrum/events?type=node`, { Authorization: basic('admin') });
    streams.push(witness);
    const reader = await subscribe(api1.port, 'admin', '?type=node');
    const made: string[] = [];
    const create = async (n: number) => {
      for (let i = 0; i < n; i++) made.push((await api2.request('POST', '/v1/nodes', { driver: 'fake-hardware', name: `r-${run}-${made.length}` })).json.uuid as string);
    };
    await create(5);
    await reader.until((events) => made.every((u) => events.some((e) => e.event === 'node.created' && e.data.uuid === u)));
    const resumeAfter = reader.lastId!;

    // The API dies under its subscriber; changes go on through the other API meanwhile.
    await api1.proc.kill('SIGKILL');
    await reader.close();
    await create(5);
    api1 = await startApi(api1.port);
    await create(3);
    const resumed = await subscribe(api1.port, 'admin', '?type=node', { 'Last-Event-ID': resumeAfter });
    await resumed.until((events) => made.slice(5).every((u) => events.some((e) => e.event === 'node.created' && e.data.uuid === u)));
    const last = resumed.lastId!;
    await witness.until((events) => events.some((e) => e.id === last));

    // Before the restart and after it, the reader's two connections together are exactly what a subscriber that
    // never left saw, in the same order.
    const after = resumed.numbered.map((e) => e.id);
    const both = [...reader.numbered.map((e) => e.id), ...after.slice(0, after.indexOf(last) + 1)];
    const seen = witness.numbered.map((e) => e.id);
    expect(both).toEqual(seen.slice(seen.indexOf(reader.numbered[0].id), seen.indexOf(last) + 1));
    expect(both.length).toBeGreaterThanOrEqual(13);
  });
});
