import type { NodeRecord } from '@ferrum/contracts';
import { InvalidParameterValue, MissingParameterValue } from '@ferrum/errors';
import type { PropertyDescriptions } from '../interfaces/base.interface';
import { text } from '../bmc/text';

export const IPMI_PRIV_LEVELS = ['ADMINISTRATOR', 'CALLBACK', 'OPERATOR', 'USER'] as const;
export const IPMI_BRIDGING = ['no', 'single', 'dual'] as const;

/** Ironic's ipmitool COMMON_PROPERTIES and CONSOLE-less OPTIONAL_PROPERTIES, worded as Ironic words them. */
export const IPMI_PROPERTIES: PropertyDescriptions = {
  ipmi_address: 'IP address or hostname of the node. Required.',
  ipmi_password: 'password. Optional.',
  ipmi_hex_kg_key: 'Kg key for IPMIv2 authentication. The key is expected in hexadecimal format. Optional.',
  ipmi_port: 'remote IPMI RMCP port. Optional.',
  ipmi_priv_level: 'privilege level; default is ADMINISTRATOR. One of ADMINISTRATOR, CALLBACK, OPERATOR, USER. Optional.',
  ipmi_username: 'username; default is NULL user. Optional.',
  ipmi_bridging: 'bridging_type; default is "no". One of "single", "dual", "no". Optional.',
  ipmi_transit_channel: 'transit channel for bridged request. Required only if ipmi_bridging is set to "dual".',
  ipmi_transit_address: 'transit address for bridged request. Required only if ipmi_bridging is set to "dual".',
  ipmi_target_channel:
    'destination channel for bridged request. Required only if ipmi_bridging is set to "single" or "dual".',
  ipmi_target_address:
    'destination address for bridged request. Required only if ipmi_bridging is set to "single" or "dual".',
  ipmi_local_address:
    'local IPMB address for bridged requests. Used only if ipmi_bridging is set to "single" or "dual". Optional.',
  ipmi_protocol_version: 'the version of the IPMI protocol; default is "2.0". One of "1.5", "2.0". Optional.',
  ipmi_force_boot_device:
    'Whether Ironic should specify the boot device to the BMC each time the server is turned on, eg. because the BMC is not capable of remembering the selected boot device across power cycles; default value is False. Optional.',
  ipmi_disable_boot_timeout:
    'By default ironic will send a raw IPMI command to disable the 60 second timeout for booting. Setting this option to False will NOT send that command on this node. The [ipmi]disable_boot_timeout will be used if this option is not set. Optional.',
  ipmi_cipher_suite:
    'The number of a cipher suite to use. Only 3 (AES-128 with SHA1) or 17 (AES-128 with SHA256) should ever be used; 17 is preferred. The default value depends on the ipmitool version, some recent versions have switched from 3 to 17.',
};

/** What ipmitool needs to reach one BMC; `password` never leaves this process except through a 0600 file. */
export interface IpmiDriverInfo {
  address: string;
  port?: number;
  username?: string;
  password: string;
  privLevel: (typeof IPMI_PRIV_LEVELS)[number];
  protocolVersion: '1.5' | '2.0';
  cipherSuite?: number;
  hexKgKey?: string;
  bridging: (typeof IPMI_BRIDGING)[number];
  localAddress?: string;
  transitChannel?: string;
  transitAddress?: string;
  targetChannel?: string;
  targetAddress?: string;
  forceBootDevice: boolean;
  disableBootTimeout: boolean;
}

const str = (v: unknown): string | undefined => (v === undefined || v === null || v === '' ? undefined : text(v));

function bool(name: string, value: unknown, fallback: boolean): boolean {
  if (value === undefined || value === null || value === '') return fallback;
  if (typeof value === 'boolean') return value;
  const s = text(value).toLowerCase();
  if (['true', '1', 'yes', 'on', 'y'].includes(s)) return true;
  if (['false', '0', 'no', 'off', 'n'].includes(s)) return false;
  throw new InvalidParameterValue({ message: `Invalid boolean value "${text(value)}" for driver_info ${name}.` });
}

function int(name: string, value: unknown, min: number, max: number): number | undefined {
  const s = str(value);
  if (s === undefined) return undefined;
  const n = Number(s);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new InvalidParameterValue({ message: `Invalid ${name} "${s}": expected an integer from ${min} to ${max}.` });
  }
  return n;
}

/**
 * Ironic's ipmitool _parse_driver_info: checks driver_info without talking to the BMC.
 * @throws MissingParameterValue (ipmi_address, bridging addresses), InvalidParameterValue
 */
export function parseIpmiDriverInfo(node: Pick<NodeRecord, 'uuid' | 'driver_info'>): IpmiDriverInfo {
  const info = node.driver_info ?? {};
  const address = str(info.ipmi_address);
  if (!address) {
    throw new MissingParameterValue({ message: `Missing the following IPMI credentials in node's driver_info: ['ipmi_address'].` });
  }
  const privLevel = (str(info.ipmi_priv_level) ?? 'ADMINISTRATOR') as IpmiDriverInfo['privLevel'];
  if (!IPMI_PRIV_LEVELS.includes(privLevel)) {
    throw new InvalidParameterValue({ message: `Invalid privilege level value:${privLevel}, the valid value can be one of ${IPMI_PRIV_LEVELS.join(', ')}` });
  }
  const protocolVersion = str(info.ipmi_protocol_version) ?? '2.0';
  if (protocolVersion !== '1.5' && protocolVersion !== '2.0') {
    throw new InvalidParameterValue({ message: `Invalid IPMI protocol version value ${protocolVersion}, the valid value can be one of 1.5, 2.0` });
  }
  const bridging = (str(info.ipmi_bridging) ?? 'no') as IpmiDriverInfo['bridging'];
  if (!IPMI_BRIDGING.includes(bridging)) {
    throw new InvalidParameterValue({ message: `Parameter ipmi_bridging=${bridging} is not a valid option; one of ${IPMI_BRIDGING.join(', ')}.` });
  }
  const needed = bridging === 'dual' ? ['ipmi_transit_channel', 'ipmi_transit_address', 'ipmi_target_channel', 'ipmi_target_address'] : bridging === 'single' ? ['ipmi_target_channel', 'ipmi_target_address'] : [];
  const missing = needed.filter((k) => !str(info[k]));
  if (missing.length) {
    throw new MissingParameterValue({ message: `${missing.join(', ')} not provided for ipmi_bridging=${bridging}.` });
  }
  const hexKgKey = str(info.ipmi_hex_kg_key);
  if (hexKgKey && (hexKgKey.length % 2 !== 0 || !/^[0-9a-fA-F]+$/.test(hexKgKey))) {
    throw new InvalidParameterValue({ message: 'ipmi_hex_kg_key must be hexadecimal with an even number of digits.' });
  }
  const cipherSuite = int('ipmi_cipher_suite', info.ipmi_cipher_suite, 0, 17);
  if (cipherSuite !== undefined && protocolVersion === '1.5') {
    throw new InvalidParameterValue({ message: 'ipmi_cipher_suite requires ipmi_protocol_version 2.0.' });
  }
  return {
    address,
    port: int('ipmi_port', info.ipmi_port, 1, 65535),
    username: str(info.ipmi_username),
    password: str(info.ipmi_password) ?? '',
    privLevel,
    protocolVersion,
    cipherSuite,
    hexKgKey,
    bridging,
    localAddress: str(info.ipmi_local_address),
    transitChannel: str(info.ipmi_transit_channel),
    transitAddress: str(info.ipmi_transit_address),
    targetChannel: str(info.ipmi_target_channel),
    targetAddress: str(info.ipmi_target_address),
    forceBootDevice: bool('ipmi_force_boot_device', info.ipmi_force_boot_device, false),
    disableBootTimeout: bool('ipmi_disable_boot_timeout', info.ipmi_disable_boot_timeout, true),
  };
}

/** The key calls to one BMC are serialized on. */
export const bmcKey = (info: IpmiDriverInfo) => `${info.address}:${info.port ?? 623}`;
