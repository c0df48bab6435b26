import { MIN_VERSION, formatVersion } from '@ferrum/contracts';

export const VERSION_HEADER = 'X-OpenStack-Ironic-API-Version';
export const MIN_VERSION_HEADER = 'X-OpenStack-Ironic-API-Minimum-Version';
export const MAX_VERSION_HEADER = 'X-OpenStack-Ironic-API-Maximum-Version';

export type Negotiated = { ok: true; minor: number } | { ok: false; description: string; unparsable?: boolean };

const INTEGER = /^\s*[+-]?\d+\s*$/;

/**
 * The microversion a request asked for (Ironic's Version.parse_headers). No header means the
 * minimum (1.1), not the maximum: old clients that never heard of microversions keep working.
 * `maximum` is the served one (Ferrum's, or a pinned release's).
 */
export function negotiateVersion(header: string | undefined, maximum: number): Negotiated {
  if (header === undefined) return { ok: true, minor: MIN_VERSION };
  const text = header.trim().toLowerCase() === 'latest' ? formatVersion(maximum) : header;
  const parts = text.split('.');
  if (parts.length !== 2 || !parts.every((p) => INTEGER.test(p))) {
    return { ok: false, description: `Invalid value for ${VERSION_HEADER} header`, unparsable: true };
  }
  const [major, minor] = parts.map((p) => parseInt(p, 10));
  const range = `The supported version range is: [${formatVersion(MIN_VERSION)}, ${formatVersion(maximum)}].`;
  if (major !== 1) {
    return {
      ok: false,
      description: `Mutually exclusive versions requested. Version ${major}.${minor} requested but not supported by this service. ${range}`,
    };
  }
  if (minor < MIN_VERSION || minor > maximum) {
    return {
      ok: false,
      description: `Version ${major}.${minor} was requested but the minor version is not supported by this service. ${range}`,
    };
  }
  return { ok: true, minor };
}
