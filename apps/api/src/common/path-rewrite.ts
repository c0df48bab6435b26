import { Microversion } from '@ferrum/contracts';

/**
 * Whether a request's `.json` suffix is stripped (Ironic's JsonExtensionMiddleware): only for a version below
 * 1.91 named in the header. A release that has no 1.91 (the served maximum below it, as when pinned) always
 * strips it, as Ironic 21.4's pecan did.
 */
export function stripsJsonSuffix(versionHeader: string | undefined, maximum: number): boolean {
  if (maximum < Microversion.DOT_JSON) return true;
  const minor = /^\s*1\.(\d+)\s*$/.exec(versionHeader ?? '')?.[1];
  return minor !== undefined && Number(minor) > 0 && Number(minor) < Microversion.DOT_JSON;
}


export interface RewrittenUrl {
  url: string;
  /** The path ended in `.json`, which was removed; name lookups then retry with it put back. */
  jsonSuffix: boolean;
}

// Probes and the Prometheus scrape sit beside /v1, where Kubernetes and Prometheus expect them; the rendered
// API reference (openapi/) where people look for it.
const UNVERSIONED = new Set(['/healthz', '/readyz', '/readyz/detail', '/metrics', '/docs', '/docs/reference.css']);

/** The web dashboard's files (dashboard/), beside /v1 like the API reference. */
const isDashboardPath = (path: string): boolean => path === '/dashboard' || path.startsWith('/dashboard/');

/**
 * Ironic's URL conventions (§1): a trailing `/` and a trailing `.json` are ignored, and a path
 * without the `v1` segment is served as if it had one (`/nodes` is `/v1/nodes`). `/` stays the root document.
 * `stripJson` false (API 1.91 on) keeps the `.json`: `/v1/nodes/test.json` is the node named test.json.
 */
export function rewriteUrl(url: string, stripJson = true): RewrittenUrl {
  const q = url.indexOf('?');
  let path = q === -1 ? url : url.slice(0, q);
  const query = q === -1 ? '' : url.slice(q);
  path = path.replace(/\/+$/, '');
  const jsonSuffix = stripJson && path.endsWith('.json');
  if (jsonSuffix) path = path.slice(0, -'.json'.length).replace(/\/+$/, '');
  if (path === '') path = '/';
  else if (path !== '/v1' && !path.startsWith('/v1/') && !UNVERSIONED.has(path) && !isDashboardPath(path)) path = `/v1${path}`;
  return { url: path + query, jsonSuffix };
}
