import { probeImage } from './image-probe';
import { redfishError } from './redfish-errors';

type Reply = { status: number; body?: unknown; headers?: Record<string, string> };

/** What a SimpleUpdate image says about itself: the version it carries and whether it names the BMC. */
export interface FirmwareImage {
  version: string;
  /** The file name starts with `bmc` (any case): a BMC image; anything else is taken for a BIOS image. */
  bmc: boolean;
}

/**
 * The version an image carries, chosen so that a test can name it: a `version` query parameter, else the
 * file name without its extension (`P79%20v1.46.bin` → `P79 v1.46`). An all-digit "extension" is part of the
 * version (`bmc-1.46` stays whole). Real BMCs read it from the package header; mockups have none.
 */
export function describeImage(uri: URL): FirmwareImage {
  const name = decodeURIComponent(uri.pathname.split('/').pop() ?? '');
  const dot = name.lastIndexOf('.');
  const stem = dot > 0 && !/^\d+$/.test(name.slice(dot + 1)) ? name.slice(0, dot) : name;
  return { version: uri.searchParams.get('version') ?? stem, bmc: /^bmc/i.test(name) };
}

/** The ImageURI as a URL: one without a scheme takes it from TransferProtocol (DSP2046 SimpleUpdate); sushy sends both. */
export function imageUrl(uri: string, protocol?: string): URL | undefined {
  const full = /^[a-z][a-z0-9+.-]*:\/\//i.test(uri) ? uri : protocol ? `${protocol.toLowerCase()}://${uri}` : undefined;
  return full !== undefined && URL.canParse(full) ? new URL(full) : undefined;
}

/**
 * The Redfish error a BMC refuses a SimpleUpdate with when it cannot fetch the image: it fetches over
 * HTTP(S) only (as the emulator's virtual media), and the URL must answer (see image-probe.ts).
 */
export async function imageRefusal(uri: URL, timeoutMs: number): Promise<Reply | undefined> {
  const protocol = uri.protocol.replace(/:$/, '').toUpperCase();
  if (protocol !== 'HTTP' && protocol !== 'HTTPS') {
    return redfishError(400, 'SourceDoesNotSupportProtocol', `The other end of the connection at ${uri.href} does not support the specified protocol ${protocol}.`);
  }
  const probe = await probeImage(uri.href, undefined, timeoutMs);
  if (probe.ok) return undefined;
  if (probe.status === undefined) return redfishError(400, 'CouldNotEstablishConnection', `The service failed to establish a connection with the URI ${uri.href}.`);
  if (probe.status === 401 || probe.status === 403) {
    return redfishError(400, 'ResourceAtUriUnauthorized', `While accessing the resource at ${uri.href}, the service received an authorization error ${probe.status}.`);
  }
  return redfishError(400, 'ResourceMissingAtURI', `The resource at the URI ${uri.href} was not found.`);
}
