import { readFileSync, stat, type Stats } from 'node:fs';
import type { Server as HttpsServer, ServerOptions } from 'node:https';
import { createSecureContext } from 'node:tls';

export interface TlsFiles {
  certFile: string;
  keyFile: string;
  /** Clients must present a certificate signed by this CA (mutual TLS). */
  clientCaFile?: string;
}

function read(files: TlsFiles): Pick<ServerOptions, 'cert' | 'key' | 'ca'> {
  return {
    cert: readFileSync(files.certFile),
    key: readFileSync(files.keyFile),
    ...(files.clientCaFile ? { ca: readFileSync(files.clientCaFile) } : {}),
  };
}

/** Options for https.createServer: the certificate and key, and with a client CA, certificates required of clients. */
export function httpsOptions(files: TlsFiles): ServerOptions {
  return {
    ...read(files),
    ...(files.clientCaFile ? { requestCert: true, rejectUnauthorized: true } : {}),
    minVersion: 'TLSv1.2',
  };
}

/**
 * Certificates are renewed in place (cert-manager rewrites the Secret's files): the files are polled and,
 * when one changes, the server takes the new ones for new connections without a restart. A pair that
 * does not load (a half-written renewal) keeps the old one and is reported.
 */
export function reloadCertificates(server: HttpsServer, files: TlsFiles, report: (error?: Error) => void, intervalMs = 5000): () => void {
  const paths = [files.certFile, files.keyFile, ...(files.clientCaFile ? [files.clientCaFile] : [])];
  const seen = new Map<string, number>();
  const check = () => {
    let pending = paths.length;
    let changed = false;
    for (const path of paths) {
      stat(path, (error: NodeJS.ErrnoException | null, s?: Stats) => {
        if (!error && s) {
          if (seen.has(path) && seen.get(path) !== s.mtimeMs) changed = true;
          seen.set(path, s.mtimeMs);
        }
        if (--pending === 0 && changed) {
          try {
            server.setSecureContext(read(files));
            report();
          } catch (err) {
            report(err as Error);
          }
        }
      });
    }
  };
  check();
  const timer = setInterval(check, intervalMs).unref();
  return () => clearInterval(timer);
}

/** The TLS files the options name, or undefined for plain HTTP. */
export function tlsFilesOf(config: { tlsCertFile?: string; tlsKeyFile?: string; tlsClientCaFile?: string }): TlsFiles | undefined {
  if (!config.tlsCertFile || !config.tlsKeyFile) return undefined;
  return { certFile: config.tlsCertFile, keyFile: config.tlsKeyFile, clientCaFile: config.tlsClientCaFile };
}

/** What is wrong with the TLS options, each naming its option (checked once at start-up). */
export function tlsProblems(config: { tlsCertFile?: string; tlsKeyFile?: string; tlsClientCaFile?: string }): string[] {
  const problems: string[] = [];
  if (!!config.tlsCertFile !== !!config.tlsKeyFile) problems.push('FERRUM_TLS_CERT_FILE and FERRUM_TLS_KEY_FILE: give both or neither');
  if (config.tlsClientCaFile && !config.tlsCertFile) problems.push('FERRUM_TLS_CLIENT_CA_FILE: client certificates need HTTPS (FERRUM_TLS_CERT_FILE and FERRUM_TLS_KEY_FILE)');
  const files = tlsFilesOf(config);
  if (problems.length === 0 && files) {
    try {
      // Loads and pairs them as the server will: a key that does not match the certificate fails here.
      createSecureContext(httpsOptions(files));
    } catch (error) {
      problems.push(`FERRUM_TLS_*: ${(error as Error).message}`);
    }
  }
  return problems;
}
