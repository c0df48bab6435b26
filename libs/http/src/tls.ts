import { WatchedFiles } from '@ferrum/config';
import { readFileSync } from 'node:fs';
import type { Server as HttpsServer, ServerOptions } from 'node:https';
import { createSecureContext } from 'node:tls';
import type { Logger } from 'pino';

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
 * Certificates are renewed in place (cert-manager rewrites the Secret's files): when one of the files
 * changes, the server takes the new pair for new connections without a restart. A pair that does not load
 * (a half-written renewal, a key that does not match) keeps the old one and is reported.
 */
export function reloadCertificates(server: HttpsServer, files: TlsFiles, report: (error?: Error) => void, intervalMs = 5000): () => void {
  const paths = [files.certFile, files.keyFile, ...(files.clientCaFile ? [files.clientCaFile] : [])];
  const watched: WatchedFiles<ReturnType<typeof read>> = new WatchedFiles(
    paths,
    () => {
      const pair = read(files);
      createSecureContext(pair);
      return pair;
    },
    (error) => {
      if (!error) server.setSecureContext(watched.current);
      report(error);
    },
    intervalMs,
  );
  return () => watched.close();
}

/** HTTPS: the certificate files, and what to say when they are reloaded (or fail to). */
export interface TlsSettings {
  files: TlsFiles;
  onReload: (error?: Error) => void;
}

/** HTTPS settings of a listener from the options, reloads reported in the log as `who`'s certificate; undefined for plain HTTP. */
export function tlsSettingsOf(config: TlsConfig, logger: Logger, who: string): TlsSettings | undefined {
  const files = tlsFilesOf(config);
  return (
    files && {
      files,
      onReload: (error) =>
        error ? logger.error({ err: error }, `the ${who} certificate changed but cannot be loaded; the previous one stays in use`) : logger.info(`${who} certificate reloaded`),
    }
  );
}

type TlsConfig = { tlsCertFile?: string; tlsKeyFile?: string; tlsClientCaFile?: string };

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
