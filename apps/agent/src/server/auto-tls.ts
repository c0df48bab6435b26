import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { isIP } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface AgentCertificate {
  cert: string;
  key: string;
}

/**
 * IPA's automatic TLS: a self-signed certificate for the address the conductor will call, made at start
 * (openssl, which ramdisks carry); its PEM goes to the conductor in the heartbeat (`agent_verify_ca`), which
 * then trusts exactly that certificate. Undefined when openssl is missing: the agent then serves plain HTTP.
 */
export async function selfSignedCertificate(host: string): Promise<AgentCertificate | undefined> {
  const dir = await mkdtemp(join(tmpdir(), 'ferrum-agent-tls-'));
  try {
    const [key, cert] = [join(dir, 'key.pem'), join(dir, 'cert.pem')];
    const san = isIP(host) ? `IP:${host}` : `DNS:${host}`;
    await run('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', key, '-out', cert, '-days', '30', '-subj', '/CN=ferrum-agent', '-addext', `subjectAltName=${san}`]);
    return { cert: await readFile(cert, 'utf8'), key: await readFile(key, 'utf8') };
  } catch {
    return undefined;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
