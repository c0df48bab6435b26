import { tlsFilesOf } from '@ferrum/http';
import type { AddressInfo } from 'node:net';
import { createApiApp } from './api.app';
import type { ApiDeps } from './api.module';
import { Links } from './common/links';

export interface ApiHandle {
  /** Where the API listens, e.g. http://127.0.0.1:6385. */
  url: string;
  close(): Promise<void>;
}

/** Starts the Ironic-compatible REST API and listens on apiHost:apiPort (0 picks a free port). */
export async function startApi(deps: ApiDeps): Promise<ApiHandle> {
  const { config } = deps;
  const scheme = tlsFilesOf(config) ? 'https' : 'http';
  const links = new Links(config.publicUrl ?? `${scheme}://${config.apiHost}:${config.apiPort}`);
  const app = await createApiApp(deps, links);
  await app.listen({ host: config.apiHost, port: config.apiPort });
  const { port } = app.getHttpServer().address() as AddressInfo;
  const host = config.apiHost.includes(':') ? `[${config.apiHost}]` : config.apiHost;
  const url = `${scheme}://${host}:${port}`;
  if (!config.publicUrl) links.setBase(url);
  deps.logger.info({ url, publicUrl: links.publicUrl }, 'API listening');
  let closed = false;
  return {
    url,
    close: async () => {
      if (closed) return;
      closed = true;
      await app.close();
    },
  };
}
