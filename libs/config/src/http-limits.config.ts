import { z } from 'zod';
import { csv, option } from './option';

const perSecond = (env: string, def: number, what: string) =>
  option(env, z.coerce.number().min(0).max(1_000_000).default(def), `${what} per second per source address (bursts of three times as many); 0 turns the limit off. Above it: 429 with Retry-After.`);

/** Bounds on what one client can make the API and the inspector do (denial of service without credentials). */
export const httpLimitOptions = {
  rateLimitRamdiskPerS: perSecond('FERRUM_RATE_LIMIT_RAMDISK_PER_S', 20, 'Requests to the unauthenticated ramdisk endpoints (lookup, heartbeat, the inspection callback, the iPXE script)'),
  rateLimitApiPerS: perSecond('FERRUM_RATE_LIMIT_API_PER_S', 200, 'Requests to every other route'),
  rateLimitExempt: option(
    'FERRUM_RATE_LIMIT_EXEMPT',
    csv()
      .transform((list) => (list.length === 1 && list[0] === 'none' ? [] : list))
      .default(['127.0.0.0/8', '::1']),
    'Addresses and CIDR ranges the rate limits never apply to (comma-separated), or none. Default: loopback (local tools, the all-in-one).',
  ),
  maxBodyBytes: option(
    'FERRUM_MAX_BODY_BYTES',
    z.coerce.number().int().min(1024).max(1024 * 1024 * 1024).default(1024 * 1024),
    'Largest request body on most routes (413 above it). Deploys (config drives, up to 64 MiB as in Ironic) and inspection reports (16 MiB) have their own.',
  ),
  maxJsonDepth: option('FERRUM_MAX_JSON_DEPTH', z.coerce.number().int().min(4).max(10_000).default(64), 'Deepest nesting a JSON body may have (400 above it).'),
  httpRequestTimeoutS: option(
    'FERRUM_HTTP_REQUEST_TIMEOUT_S',
    z.coerce.number().min(1).max(3600).default(120),
    'Time a client has to send a whole request, body included; a connection that stalls longer is closed.',
  ),
  httpHeadersTimeoutS: option('FERRUM_HTTP_HEADERS_TIMEOUT_S', z.coerce.number().min(1).max(600).default(15), 'Time a client has to send the request headers.'),
};

/** HTTPS on the API and the inspector (both listeners use the same certificate). */
export const tlsOptions = {
  tlsCertFile: option(
    'FERRUM_TLS_CERT_FILE',
    z.string().min(1).optional(),
    'PEM certificate (chain) for HTTPS on the API and the inspector; re-read when it changes (cert-manager renewals). Unset: plain HTTP.',
  ),
  tlsKeyFile: option('FERRUM_TLS_KEY_FILE', z.string().min(1).optional(), "PEM private key of FERRUM_TLS_CERT_FILE."),
  tlsClientCaFile: option(
    'FERRUM_TLS_CLIENT_CA_FILE',
    z.string().min(1).optional(),
    'PEM CA bundle: clients must present a certificate it signed (mutual TLS, as Metal3 can use); others cannot connect. Unset: no client certificates asked.',
  ),
};
