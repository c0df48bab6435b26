import { execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { AgentClient } from '@ferrum/drivers';
// eslint-disable-next-line @nx/enforce-module-boundaries -- the agent's own command API and certificate maker, driven from the conductor's side
import { CommandRunner } from '../../apps/agent/src/commands/command-runner';
// eslint-disable-next-line @nx/enforce-module-boundaries -- as above
import { startCommandApi } from '../../apps/agent/src/server/command-api';
// eslint-disable-next-line @nx/enforce-module-boundaries -- as above
import { selfSignedCertificate } from '../../apps/agent/src/server/auto-tls';
import { inCI } from '@ferrum/testing';
import { TestCa } from '../support/test-ca';

const TOKEN = 'x'.repeat(43);

function hasOpenssl(): boolean {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/**
 * IPA's automatic TLS between the conductor and the agent: the agent serves its command API over HTTPS
 * with a self-signed certificate for its address and sends that certificate in its heartbeat
 * (`agent_verify_ca`); the conductor's client trusts exactly it, and no other.
 */
describe('automatic TLS between the conductor and the agent', () => {
  const available = hasOpenssl();

  it('lets the conductor call an agent on HTTPS with the certificate the agent sent, and refuses one it did not', async () => {
    if (!available) {
      if (inCI()) throw new Error('openssl is required under CI=true');
      return;
    }
    const tls = await selfSignedCertificate('127.0.0.1');
    expect(tls?.cert).toMatch(/^-----BEGIN CERTIFICATE-----/);
    const ctx = {
      inventory: async () => ({ disks: [], interfaces: [] }) as never,
      node: () => undefined,
      targetDevice: '/nonexistent/target',
      writeOptions: { retries: 0, retryIntervalS: 0, stallTimeoutS: 5 },
      powerAction: () => undefined,
      logs: () => '',
    };
    const api = await startCommandApi({ tls, host: '127.0.0.1', port: 0, version: '1.0-test', startedAt: 1, runner: new CommandRunner(ctx), token: () => TOKEN });
    const url = `https://127.0.0.1:${api.port}`;
    try {
      expect(await new AgentClient(url, TOKEN, tls!.cert).list()).toEqual([]);
      // Another certificate (a CA the agent never used), or none: the connection is refused.
      const other = new TestCa('someone-else');
      try {
        const { readFileSync } = await import('node:fs');
        await expect(new AgentClient(url, TOKEN, readFileSync(other.caFile, 'utf8')).list()).rejects.toThrow(/Failed to connect|certificate|self.signed|connect/i);
      } finally {
        other.remove();
      }
      await expect(new AgentClient(url, TOKEN).list()).rejects.toThrow();
    } finally {
      await api.close();
    }
  }, 60_000);

  it('lets the agent reach an API on HTTPS signed by a private CA with ipa-cafile, and not without it', async () => {
    if (!available) return;
    const ca = new TestCa('ferrum-api-ca');
    const cert = ca.issue('ferrum-api', 'server');
    const heartbeats: { callback_url: string; agent_verify_ca?: string }[] = [];
    // The API's two ramdisk routes, enough for an agent to look up and heartbeat.
    const api = createServer({ cert: readFileSync(cert.certFile), key: readFileSync(cert.keyFile) }, (req, res) => {
      let body = '';
      req.on('data', (d: Buffer) => (body += d.toString()));
      req.on('end', () => {
        if (req.url?.startsWith('/v1/lookup')) {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ node: { uuid: '1be26c0b-03f2-4d2e-ae87-c02d7f33c123', properties: {}, instance_info: {}, driver_internal_info: {} }, config: { heartbeat_timeout: 30, agent_token: 'y'.repeat(43) } }));
        } else if (req.url?.startsWith('/v1/heartbeat/')) {
          heartbeats.push(JSON.parse(body) as { callback_url: string });
          res.writeHead(202);
          res.end();
        } else {
          res.writeHead(404);
          res.end();
        }
      });
    });
    await new Promise<void>((r) => api.listen(0, '127.0.0.1', r));
    const url = `https://127.0.0.1:${(api.address() as AddressInfo).port}`;
    const runAgent = async (extra: string, ms: number) => {
      const agent = spawn(process.execPath, [join(__dirname, '..', '..', 'dist', 'agent.js')], {
        env: { PATH: process.env.PATH ?? '', FERRUM_AGENT_CMDLINE: `ipa-api-url=${url} ipa-listen-host=127.0.0.1 ipa-listen-port=0 ipa-lookup-timeout=3 ipa-lookup-interval=0.2 ferrum-sim-interfaces=eth0=52:54:00:aa:bb:cc ${extra}` },
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      let log = '';
      agent.stderr.on('data', (d: Buffer) => (log += d.toString()));
      const exited = new Promise((r) => agent.once('exit', r));
      const end = Date.now() + ms;
      while (Date.now() < end && agent.exitCode === null && heartbeats.length === 0) await new Promise((r) => setTimeout(r, 100));
      if (agent.exitCode === null) agent.kill('SIGTERM');
      await exited;
      return log;
    };
    try {
      const refused = await runAgent('', 10_000);
      expect(heartbeats).toEqual([]);
      expect(refused).toMatch(/lookup failed|certificate/i);
      await runAgent(`ipa-cafile=${ca.caFile}`, 20_000);
      expect(heartbeats).toEqual([expect.objectContaining({ callback_url: expect.stringMatching(/^https:\/\/127\.0\.0\.1:\d+$/), agent_verify_ca: expect.stringMatching(/^-----BEGIN CERTIFICATE-----/) })]);
    } finally {
      api.close();
      ca.remove();
    }
  }, 60_000);
});
