import { existsSync } from 'node:fs';
import type { NodeRecord } from '@ferrum/contracts';
import { InvalidParameterValue, MissingParameterValue } from '@ferrum/errors';
import type { PropertyDescriptions } from '../interfaces/base.interface';
import { text } from '../bmc/text';

export const REDFISH_AUTH_TYPES = ['basic', 'session', 'auto'] as const;
export type RedfishAuthType = (typeof REDFISH_AUTH_TYPES)[number];

/** Ironic's redfish REQUIRED_PROPERTIES + OPTIONAL_PROPERTIES, worded as Ironic words them. */
export const REDFISH_PROPERTIES: PropertyDescriptions = {
  redfish_address:
    'The URL address to the Redfish controller. It must include the authority portion of the URL. If the scheme is missing, https is assumed. For example: https://mgmt.vendor.com. If a path is added, it will be used as the API endpoint root_prefix. Required',
  redfish_system_id:
    'The canonical path to the ComputerSystem resource that the driver will interact with. It should include the root service, version and the unique resource path to a ComputerSystem within the same authority as the redfish_address property. For example: /redfish/v1/Systems/1. This property is only required if target BMC manages more than one ComputerSystem. Otherwise ironic will pick the only available ComputerSystem automatically.',
  redfish_username:
    "User account with admin/server-profile access privilege. Although this property is not mandatory it's highly recommended to set a username. Optional",
  redfish_password:
    "User account password. Although this property is not mandatory, it's highly recommended to set a password. Optional",
  redfish_verify_ca:
    "Either a Boolean value, a path to a CA_BUNDLE file or directory with certificates of trusted CAs. If set to True the driver will verify the host certificates; if False the driver will ignore verifying the SSL certificate. If it's a path the driver will use the specified certificate or one of the certificates in the directory. Defaults to True. Optional",
  redfish_auth_type:
    'Redfish HTTP client authentication method. Can be "basic", "session" or "auto". If not set, the default value is taken from Ironic configuration as ``[redfish]auth_type`` option.',
};

export interface RedfishDriverInfo {
  /** scheme://host[:port], no path. */
  origin: string;
  /** Path of the ComputerSystem, or undefined: the only member of /redfish/v1/Systems. */
  systemPath?: string;
  username?: string;
  password?: string;
  /** true, false, or a CA bundle path. */
  verifyCa: boolean | string;
  authType: RedfishAuthType;
}

const str = (v: unknown): string | undefined => (v === undefined || v === null || v === '' ? undefined : text(v));

/**
 * Ironic's redfish parse_driver_info: checks driver_info without talking to the BMC.
 * @throws MissingParameterValue (redfish_address), InvalidParameterValue
 */
export function parseRedfishDriverInfo(node: Pick<NodeRecord, 'driver_info'>, defaultAuthType: RedfishAuthType): RedfishDriverInfo {
  const info = node.driver_info ?? {};
  const address = str(info.redfish_address);
  if (!address) throw new MissingParameterValue({ message: "Missing the following Redfish properties in node's driver_info: redfish_address" });
  let url: URL;
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(address) ? address : `https://${address}`);
  } catch {
    throw new InvalidParameterValue({ message: `Invalid Redfish address ${address} set in driver_info/redfish_address on node` });
  }
  if (!['http:', 'https:'].includes(url.protocol) || !url.hostname) {
    throw new InvalidParameterValue({ message: `Invalid Redfish address ${address} set in driver_info/redfish_address on node` });
  }
  const system = str(info.redfish_system_id);
  const systemPath = system === undefined ? undefined : system.startsWith('/') ? system.replace(/\/+$/, '') : `/redfish/v1/Systems/${encodeURIComponent(system)}`;
  const authType = (str(info.redfish_auth_type) ?? defaultAuthType) as RedfishAuthType;
  if (!REDFISH_AUTH_TYPES.includes(authType)) {
    throw new InvalidParameterValue({ message: `Invalid value "${authType}" set in driver_info/redfish_auth_type on node. Valid values are: ${REDFISH_AUTH_TYPES.join(', ')}` });
  }
  return { origin: url.origin, systemPath, username: str(info.redfish_username), password: str(info.redfish_password), verifyCa: verifyCaOf(info.redfish_verify_ca), authType };
}

function verifyCaOf(value: unknown): boolean | string {
  if (value === undefined || value === null || value === '' || value === true) return true;
  if (value === false) return false;
  const s = text(value);
  if (['true', '1', 'yes', 'on', 'y', 't'].includes(s.toLowerCase())) return true;
  if (['false', '0', 'no', 'off', 'n', 'f'].includes(s.toLowerCase())) return false;
  if (!existsSync(s)) {
    throw new InvalidParameterValue({ message: `Invalid value "${s}" set in driver_info/redfish_verify_ca on node. The value should be a Boolean or the path to a file/directory, not "${s}"` });
  }
  return s;
}
