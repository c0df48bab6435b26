import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Inventory } from '@ferrum/contracts';
import type { AgentParams } from '../config/agent-params';
import { inspectMachine } from './inspect';
import { CallbackRefused, callbackNodeUuid, postInspectionData } from './inspection-callback';
import { inspectionPayload, tarGz } from './inspection-payload';

const GiB = 1024 ** 3;
const inventory = {
  interfaces: [{ name: 'eth0', mac_address: '52:54:00:00:00:01', ipv4_address: '192.0.2.5', has_carrier: true }],
  cpu: { model_name: 'x', frequency: '1000', count: 4, architecture: 'x86_64', flags: [] },
  memory: { total: 8 * GiB, physical_mb: 8192 },
  disks: [
    { name: '/dev/sdb', size: 2 * GiB, rotational: false },
    { name: '/dev/sda', size: 40 * GiB, rotational: true },
  ],
  system_vendor: {},
  boot: { current_boot_mode: 'bios', pxe_interface: '52:54:00:00:00:01' },
} as Inventory;

describe('agent inspection payload', () => {
  it('carries the inventory, the root disk (smallest ≥ 4 GiB), the boot NIC and no error with the default collectors', async () => {
    const p = await inspectionPayload({ inventory, collectors: ['default', 'logs'], bootif: '01-52-54-00-00-00-01', version: '1', logFiles: { 'a.txt': 'hello' } });
    expect(p).toMatchObject({ inventory, root_disk: { name: '/dev/sda' }, boot_interface: '01-52-54-00-00-00-01', error: null });
    expect(Object.keys(p).at(-1)).toBe('logs');
  });

  it('reports an unknown collector as the ramdisk error but still sends the inventory, so the node can be failed', async () => {
    const p = await inspectionPayload({ inventory, collectors: ['default', 'pci-devices-x'], bootif: null, version: '1', logFiles: {} });
    expect(p.error).toBe('Unknown inspection collector(s): pci-devices-x');
    expect(p.inventory).toBe(inventory);
    expect(p.logs).toBeUndefined();
  });

  it('packs the logs as a tar.gz that tar can read', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ferrum-tar-'));
    try {
      writeFileSync(join(dir, 'logs.tgz'), tarGz({ 'cmdline.txt': 'BOOTIF=x\n', 'agent.txt': 'ok\n' }));
      execFileSync('tar', ['-xzf', 'logs.tgz'], { cwd: dir });
      expect(readFileSync(join(dir, 'cmdline.txt'), 'utf8')).toBe('BOOTIF=x\n');
      expect(readFileSync(join(dir, 'agent.txt'), 'utf8')).toBe('ok\n');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('agent inspection callback', () => {
  let server: Server;
  let url: string;
  let replies: number[];
  let seen = 0;
  beforeAll(async () => {
    server = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        const status = replies[Math.min(seen++, replies.length - 1)];
        res.writeHead(status, { 'content-type': 'application/json' }).end(status === 200 ? '{"uuid":"u-1"}' : '{"error":{"message":"no"}}');
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/continue`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));
  beforeEach(() => (seen = 0));
  const opts = { minDelayMs: 5, maxDelayMs: 20, log: () => undefined };

  it('retries on 5xx and 409, then returns the uuid the inspector answered', async () => {
    replies = [503, 409, 200];
    expect(await postInspectionData({}, { urls: [url], ...opts })).toEqual({ uuid: 'u-1' });
    expect(seen).toBe(3);
  });

  it('gives up at once on another 4xx', async () => {
    replies = [400];
    await expect(postInspectionData({}, { urls: [url], ...opts })).rejects.toThrow(CallbackRefused);
    expect(seen).toBe(1);
  });

  it('stops after five attempts', async () => {
    replies = [500];
    await expect(postInspectionData({}, { urls: [url], ...opts })).rejects.toThrow('after 5 attempts');
    expect(seen).toBe(5);
  });

  it('tries the next URL when one cannot be reached', async () => {
    replies = [200];
    expect(await postInspectionData({}, { urls: ['http://127.0.0.1:1/v1/continue', url], ...opts })).toEqual({ uuid: 'u-1' });
  });
});

describe('agent inspection: the node uuid handed to lookup', () => {
  let server: Server;
  let url: string;
  let reply: { status: number; body: string };
  let posted: Record<string, unknown> | undefined;
  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        posted = JSON.parse(body) as Record<string, unknown>;
        res.writeHead(reply.status, { 'content-type': 'application/json' }).end(reply.body);
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/continue`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  const params = () => ({ 'ipa-inspection-callback-url': url, 'ipa-inspection-collectors': 'default', source: 'env' }) as unknown as AgentParams;
  const log = { info: () => undefined, error: () => undefined };

  it.each([
    ['ironic-inspector /v1/continue: 200 {uuid}', 200, { uuid: 'node-1' }],
    ['Ironic /v1/continue_inspection: 202 {uuid}', 202, { uuid: 'node-1' }],
    ['Ironic /v1/continue_inspection, API >= 1.84: lookup reply {node, config}', 200, { node: { uuid: 'node-1', provision_state: 'inspect wait' }, config: { heartbeat_timeout: 300 } }],
  ])('%s', async (_label, status, body) => {
    reply = { status, body: JSON.stringify(body) };
    posted = undefined;
    expect(await inspectMachine({ params: params(), inventory, log })).toEqual({ uuid: 'node-1' });
    expect(posted).toMatchObject({ inventory, error: null });
  });

  it('hands no uuid to lookup when the reply has none', async () => {
    reply = { status: 202, body: '' };
    expect(await inspectMachine({ params: params(), inventory, log })).toEqual({ uuid: undefined });
    expect(callbackNodeUuid({ node: {} })).toBeUndefined();
    expect(callbackNodeUuid({ uuid: '' })).toBeUndefined();
  });
});
