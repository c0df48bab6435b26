export interface RewrittenUrl {
  url: string;
  /** The path ended in `.json`, which was removed; name lookups then retry with it put back. */
  jsonSuffix: boolean;
}

// Probes and the Prometheus scrape sit beside /v1, where Kubernetes and Prometheus expect them.
const UNVERSIONED = new Set(['/healthz', '/readyz', '/readyz/detail', '/metrics']);

/**
 * Ironic's URL conventions (§1): a trailing `/` and a trailing `.json` are ignored, and a path
 * without the `v1` segment is served as if it had one (`/nodes` is `/v1/nodes`). `/` stays the root document.
 */
export function rewriteUrl(url: string): RewrittenUrl {
  const q = url.indexOf('?');
  let path = q === -1 ? url : url.slice(0, q);
  const query = q === -1 ? '' : url.slice(q);
  path = path.replace(/\/+$/, '');
  const jsonSuffix = path.endsWith('.json');
  if (jsonSuffix) path = path.slice(0, -'.json'.length).replace(/\/+$/, '');
  if (path === '') path = '/';
  else if (path !== '/v1' && !path.startsWith('/v1/') && !UNVERSIONED.has(path)) path = `/v1${path}`;
  return { url: path + query, jsonSuffix };
}
