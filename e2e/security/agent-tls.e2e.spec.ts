import { execFileSync } from 'node:child_process';
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
});
