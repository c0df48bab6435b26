/** Kubernetes probes carry no credentials; they say only up or not (the Prometheus scrape is not public). */
const PROBES = ['/healthz', '/readyz'];

/**
 * Paths served without credentials (Ironic's `acl_public_routes`): the version documents and the
 * ramdisk's lookup and heartbeat (the agent token protects them instead) and its inspection callback. Matched as Ironic matches
 * them: on the path as sent (before `/nodes` is read as `/v1/nodes`), trailing slashes removed, an
 * optional `.json` or `.xml` suffix.
 */
/** What the machines being provisioned call: open to a whole network, so rate-limited on their own. */
const API_RAMDISK_ROUTES = ['/v1/lookup', '/v1/heartbeat/[a-z0-9\\-]+', '/v1/continue_inspection'];
/** The API reference (the OpenAPI document and its rendering) describes routes, not data: public like the version documents. */
const API_REFERENCE_ROUTES = ['/v1/ferrum/openapi', '/docs', '/docs/reference\\.css'];
/** The web dashboard's static files: the page, its scripts and styles hold no data; it calls /v1 with the user's credentials. */
const DASHBOARD_ROUTES = ['/dashboard', '/dashboard/[a-z0-9\\-]+\\.(html|js|css|svg)'];
const API_ROUTES = ['/', '/v1', ...API_RAMDISK_ROUTES, ...API_REFERENCE_ROUTES, ...DASHBOARD_ROUTES, ...PROBES];

/**
 * The inspector's (ironic-inspector's `is_public_api` routes: the version documents and the ramdisk
 * callback), and the iPXE scripts, which firmware fetches without credentials: boot.ipxe, the inspection script
 * and a network-booting node's own configuration (by MAC).
 */
const INSPECTOR_RAMDISK_ROUTES = ['/v1/continue', '/boot\\.ipxe', '/inspector\\.ipxe', '/pxelinux\\.cfg/[0-9a-fA-F:\\-]+'];
const INSPECTOR_ROUTES = ['/', '/v[0-9]+', ...INSPECTOR_RAMDISK_ROUTES, ...PROBES];

function compile(routes: string[]): RegExp[] {
  return routes.map((r) => new RegExp(`^${r}(\\.json|\\.xml)?$`));
}

const API = compile(API_ROUTES);
const INSPECTOR = compile(INSPECTOR_ROUTES);
const API_RAMDISK = compile(API_RAMDISK_ROUTES);
const INSPECTOR_RAMDISK = compile(INSPECTOR_RAMDISK_ROUTES);

function matches(patterns: RegExp[], url: string): boolean {
  const q = url.indexOf('?');
  const raw = q === -1 ? url : url.slice(0, q);
  // Ironic's safe_rstrip: '/' stays '/'.
  const path = raw.replace(/\/+$/, '') || raw;
  return patterns.some((p) => p.test(path));
}

export const isPublicApiPath = (url: string): boolean => matches(API, url);
export const isPublicInspectorPath = (url: string): boolean => matches(INSPECTOR, url);
export const isApiRamdiskPath = (url: string): boolean => matches(API_RAMDISK, url);
export const isInspectorRamdiskPath = (url: string): boolean => matches(INSPECTOR_RAMDISK, url);
