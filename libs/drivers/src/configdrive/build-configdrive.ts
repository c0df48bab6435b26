import { gzipSync } from 'node:zlib';
import { InvalidParameterValue } from '@ferrum/errors';
import { buildIso9660, type IsoFile } from './iso9660';

/** What of a node a config drive needs: meta_data defaults to its uuid and name. */
export interface ConfigDriveNode {
  uuid: string;
  name?: string | null;
}

/** The JSON form of a config drive in a node's instance_info (Ironic API 1.56). */
export interface ConfigDriveContents {
  meta_data?: Record<string, unknown> | null;
  /** An object or array is written as JSON, a string as UTF-8. */
  user_data?: unknown;
  network_data?: Record<string, unknown> | null;
  vendor_data?: Record<string, unknown> | null;
}

/** The metadata versions openstacksdk writes when given none; cloud-init reads `latest`. */
const VERSIONS = ['2012-08-10', 'latest'];

/**
 * Ironic's build_configdrive: the drive's files in an ISO 9660 image labelled config-2 (the label cloud-init
 * looks for), gzipped and base64-encoded, as openstacksdk's configdrive.build returns it.
 */
export function buildConfigDrive(node: ConfigDriveNode, drive: ConfigDriveContents): string {
  const iso = buildIso9660('config-2', configDriveFiles(node, drive), { publisher: 'metalsmith' });
  return gzipSync(iso).toString('base64');
}

/**
 * Ironic's get_configdrive_image: a JSON config drive is built; a string (a URL, or an image already gzipped
 * and base64-encoded) is passed on unchanged; no config drive gives undefined.
 */
export function configDriveImage(node: ConfigDriveNode, configdrive: unknown): string | undefined {
  if (configdrive === undefined || configdrive === null || configdrive === '') return undefined;
  if (typeof configdrive === 'string') return configdrive;
  if (isPlainObject(configdrive)) return buildConfigDrive(node, configdrive);
  throw new InvalidParameterValue({ message: `Invalid configdrive: expected a string or an object, got ${JSON.stringify(configdrive)}.` });
}

/** The files openstacksdk's populate_directory writes, with the bytes Python's json.dump gives them. */
export function configDriveFiles(node: ConfigDriveNode, drive: ConfigDriveContents): IsoFile[] {
  // Ironic fills these with setdefault: keys the caller gave, even null, win; new keys go last.
  const metaData: Record<string, unknown> = { ...drive.meta_data };
  if (!Object.hasOwn(metaData, 'uuid')) metaData.uuid = node.uuid;
  if (node.name && !Object.hasOwn(metaData, 'name')) metaData.name = node.name;

  const contents: [string, Buffer | undefined][] = [
    ['meta_data.json', Buffer.from(pythonJsonDumps(metaData))],
    ['network_data.json', isPythonTruthy(drive.network_data) ? Buffer.from(pythonJsonDumps(drive.network_data)) : undefined],
    ['vendor_data2.json', isPythonTruthy(drive.vendor_data) ? Buffer.from(pythonJsonDumps(drive.vendor_data)) : undefined],
    ['user_data', userDataBytes(drive.user_data)],
  ];
  return VERSIONS.flatMap((version) =>
    contents.flatMap(([name, data]) => (data ? [{ path: `openstack/${version}/${name}`, data }] : [])),
  );
}

/** An object or array becomes JSON even when empty (b'{}' is truthy in Python); other empty values leave no file. */
function userDataBytes(userData: unknown): Buffer | undefined {
  if (Array.isArray(userData) || isPlainObject(userData)) return Buffer.from(pythonJsonDumps(userData));
  if (!userData) return undefined;
  if (typeof userData === 'string') return Buffer.from(userData, 'utf8');
  throw new InvalidParameterValue({ message: `Invalid configdrive user_data: expected an object, an array or a string, got ${JSON.stringify(userData)}.` });
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && !Buffer.isBuffer(value);

/** Python's truth value of a JSON value: empty strings, arrays and objects are false. */
function isPythonTruthy(value: unknown): boolean {
  if (Array.isArray(value)) return value.length > 0;
  if (isPlainObject(value)) return Object.keys(value).length > 0;
  return Boolean(value);
}

/**
 * Python's json.dumps with its defaults, so the files match Ironic's byte for byte: ', ' and ': ' separators,
 * non-ASCII escaped as \uXXXX (ensure_ascii), keys in insertion order, floats as Python's repr writes them.
 */
export function pythonJsonDumps(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') return pythonNumber(value);
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'string') return pythonString(value);
  if (Array.isArray(value)) return `[${value.map(pythonJsonDumps).join(', ')}]`;
  if (typeof value === 'object') {
    const toJSON = (value as { toJSON?: () => unknown }).toJSON;
    if (typeof toJSON === 'function') return pythonJsonDumps(toJSON.call(value)); // a Date, as JSON.stringify would
    const members = Object.entries(value).filter(([, member]) => member !== undefined); // JSON.stringify drops them too
    return `{${members.map(([key, member]) => `${pythonString(key)}: ${pythonJsonDumps(member)}`).join(', ')}}`;
  }
  throw new InvalidParameterValue({ message: `Cannot write a ${typeof value} as JSON in a config drive.` });
}

const SHORT_ESCAPES: Record<string, string> = { '"': '\\"', '\\': '\\\\', '\b': '\\b', '\f': '\\f', '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** Everything outside printable ASCII becomes \uXXXX in lowercase hex, a non-BMP character as its surrogate pair. */
function pythonString(text: string): string {
  const escaped = text.replace(/[^ -~]|["\\]/g, (c) => SHORT_ESCAPES[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return `"${escaped}"`;
}

/**
 * JSON integers stay integers in Python, written in full. Other numbers are floats, written by repr: the
 * same shortest digits as JavaScript, but in exponent form below 1e-4 with at least two exponent digits.
 */
function pythonNumber(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? 'Infinity' : '-Infinity';
  if (Number.isInteger(value)) return BigInt(value).toString();
  if (Math.abs(value) >= 1e-4) return String(value); // fixed notation in both: a non-integer double is below 2**53
  return value.toExponential().replace(/e([+-])(\d+)$/, (_, sign: string, digits: string) => `e${sign}${digits.padStart(2, '0')}`);
}
