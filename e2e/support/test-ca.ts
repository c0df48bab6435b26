import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A throwaway certificate authority (openssl), issuing server certificates for 127.0.0.1 and client certificates. */
export class TestCa {
  readonly dir = mkdtempSync(join(tmpdir(), 'ferrum-test-ca-'));
  readonly caFile = join(this.dir, 'ca.pem');
  private readonly caKey = join(this.dir, 'ca.key');
  private serial = 1;

  constructor(name = 'ferrum-test-ca') {
    this.openssl('req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', this.caKey, '-out', this.caFile, '-days', '2', '-subj', `/CN=${name}`);
  }

  private openssl(...args: string[]): void {
    execFileSync('openssl', args, { stdio: 'pipe' });
  }

  /** A key and certificate signed by this CA: for a server (127.0.0.1, localhost) or a client. */
  issue(name: string, kind: 'server' | 'client'): { certFile: string; keyFile: string; pem: string } {
    const keyFile = join(this.dir, `${name}.key`);
    const certFile = join(this.dir, `${name}.pem`);
    const csr = join(this.dir, `${name}.csr`);
    const ext = join(this.dir, `${name}.ext`);
    writeFileSync(ext, kind === 'server' ? 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n' : 'extendedKeyUsage=clientAuth\n');
    this.openssl('req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', keyFile, '-out', csr, '-subj', `/CN=${name}`);
    this.openssl('x509', '-req', '-in', csr, '-CA', this.caFile, '-CAkey', this.caKey, '-set_serial', String(this.serial++), '-out', certFile, '-days', '2', '-extfile', ext);
    return { certFile, keyFile, pem: readFileSync(certFile, 'utf8') };
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
