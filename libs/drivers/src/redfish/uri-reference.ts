/**
 * RFC 3986 checks as the Python `rfc3986` package makes them for Ironic's create_subscription, which asks
 * for a scheme and a host and checks the scheme, userinfo, host, path, query and fragment. Built from the
 * RFC's ABNF the way that package builds its patterns, so the same strings pass and fail: e.g. a `mailto:`
 * URI fails (no host) while `syslog://123.45.10:514` passes (a dotted reg-name is a valid host).
 */

const UNRESERVED = "A-Za-z0-9._~\\-";
const SUB_DELIMS = "!$&'()\\*+,;=";
const PCT = '%[A-Fa-f0-9]{2}';
/** Python's `$` without MULTILINE also matches before a final newline; JS's does not. */
const END = '(?=\\n?$)';

const IPV4 = '([0-9]{1,3}\\.){3}[0-9]{1,3}';
const H16 = '[0-9A-Fa-f]{1,4}';
const LS32 = `(${H16}:${H16}|${IPV4})`;
const IPV6 = [
  `(${H16}:){6}${LS32}`,
  `::(${H16}:){5}${LS32}`,
  `(${H16})?::(${H16}:){4}${LS32}`,
  `((${H16}:)?${H16})?::(${H16}:){3}${LS32}`,
  `((${H16}:){0,2}${H16})?::(${H16}:){2}${LS32}`,
  `((${H16}:){0,3}${H16})?::${H16}:${LS32}`,
  `((${H16}:){0,4}${H16})?::${LS32}`,
  `((${H16}:){0,5}${H16})?::${H16}`,
  `((${H16}:){0,6}${H16})?::`,
].map((v) => `(${v})`).join('|');
const ZONE_ID = `(?:[${UNRESERVED}]|${PCT})+`;
// RFC 6874 writes the zone separator as %25; the package's host pattern also takes a bare % (RFC 4007)...
const IPV6_ANY_ZONE = `(${IPV6})(?:(?:%25|%)${ZONE_ID})?`;
// ...but then refuses such a host when it validates it.
const IPV6_RFC6874_ZONE = `(${IPV6})(?:%25${ZONE_ID})?`;
const IPV_FUTURE = `v[0-9A-Fa-f]+\\.[${UNRESERVED}${SUB_DELIMS}:]+`;
const REG_NAME = `(?:${PCT}|[${SUB_DELIMS}${UNRESERVED}])*`;
const HOST = `(${REG_NAME}|${IPV4}|\\[(${IPV6_ANY_ZONE}|${IPV_FUTURE})\\])`;
const USERINFO = `([${UNRESERVED}${SUB_DELIMS}:]|${PCT})+`;

const PCHAR = `([${UNRESERVED}${SUB_DELIMS}:@]|${PCT})`;
const SEGMENT_NZ_NC = `([${UNRESERVED}${SUB_DELIMS}@]|${PCT})+`;
const PATH = [`(/${PCHAR}*)*`, `/(${PCHAR}+(/${PCHAR}*)*)?`, `${SEGMENT_NZ_NC}(/${PCHAR}*)*`, `${PCHAR}+(/${PCHAR}*)*`, `^${END}`].join('|');

const URI_PARTS = /^(?:(?<scheme>[a-zA-Z][a-zA-Z0-9+.-]*):)?(?:\/\/(?<authority>[^\\/?#]*))?(?<path>[^?#]*)(?:\?(?<query>[^#]*))?(?:#(?<fragment>.*))?/;
const SUBAUTHORITY = new RegExp(`^(?:(?<userinfo>${USERINFO})@)?(?<host>${HOST}):?(?<port>[0-9]{1,5})?${END}`);
const HOST_ONLY = new RegExp(`^${HOST}${END}`);
const IPV4_ONLY = new RegExp(`^${IPV4}${END}`);
const IPV6_LITERAL = new RegExp(`^\\[${IPV6_ANY_ZONE}\\]${END}`);
const IPV6_LITERAL_RFC6874 = new RegExp(`^\\[${IPV6_RFC6874_ZONE}\\]${END}`);
const PATH_ONLY = new RegExp(`^(${PATH})${END}`);
const QUERY_ONLY = new RegExp(`^([/?:@${UNRESERVED}${SUB_DELIMS}]|${PCT})*${END}`);
const SCHEME_ONLY = new RegExp(`^[a-zA-Z][a-zA-Z0-9+.-]*${END}`);

/** Characters the package leaves as they are when it percent-encodes a path, query or fragment. */
const NOT_ENCODED = new Set(`!#$&'()*+,-./0123456789:;=?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[]_abcdefghijklmnopqrstuvwxyz~`);

const octetsFit = (ipv4: string) => ipv4.split('.').every((o) => Number(o) <= 255);

/** The package encodes path, query and fragment before checking them: what is left to fail is mostly `[`, `]` and `#`. */
function encodeComponent(component: string): string {
  const percents = component.split('%').length - 1;
  const alreadyEncoded = (component.match(/%[A-Fa-f0-9]{2}/g) ?? []).length === percents;
  let out = '';
  for (const byte of Buffer.from(component, 'utf8')) {
    const char = String.fromCharCode(byte);
    if ((alreadyEncoded && char === '%') || (byte < 128 && NOT_ENCODED.has(char))) out += char;
    else out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

function hostOf(authority: string | undefined): string | undefined {
  if (!authority) return undefined;
  const host = SUBAUTHORITY.exec(authority)?.groups?.host;
  if (host === undefined || (host && IPV4_ONLY.test(host) && !octetsFit(host))) return undefined;
  return host;
}

function hostIsValid(host: string): boolean {
  if (!HOST_ONLY.test(host)) return false;
  if (IPV4_ONLY.test(host)) return octetsFit(host);
  if (IPV6_LITERAL.test(host)) return IPV6_LITERAL_RFC6874.test(host);
  return true;
}

/** Whether `rfc3986` takes the value as a URI with a scheme and a host, every checked part valid (a non-string never is). */
export function isUriWithHost(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  const parts = URI_PARTS.exec(value)?.groups ?? {};
  const host = hostOf(parts.authority);
  if (parts.scheme === undefined || host === undefined) return false;
  if (!SCHEME_ONLY.test(parts.scheme) || !hostIsValid(host)) return false;
  const checked: [string | undefined, RegExp][] = [
    [parts.path, PATH_ONLY],
    [parts.query, QUERY_ONLY],
    [parts.fragment, QUERY_ONLY],
  ];
  return checked.every(([component, pattern]) => component === undefined || pattern.test(encodeComponent(component)));
}
