import { z } from 'zod';
import { option, port } from './option';

const share = (env: string, what: string) =>
  option(env, z.coerce.number().min(0).max(1).default(0), `Share of the lab's machines (0–1) ${what}; which ones is printed at start.`);

/**
 * Options of `--role lab` (`npm run lab`): a virtual datacenter of simulated machines beside a Ferrum.
 * `--machines N` and `--enroll` on the command line win over FERRUM_LAB_MACHINES and FERRUM_LAB_ENROLL.
 */
export const labOptions = {
  ferrumUrl: option(
    'FERRUM_URL',
    z.url({ protocol: /^https?$/ }).default('http://127.0.0.1:6385'),
    "The Ferrum API the lab enrolls its machines in and its agents call (lookup, heartbeats, inspection).",
  ),
  labMachines: option('FERRUM_LAB_MACHINES', z.coerce.number().int().min(1).max(20_000).default(10), 'How many simulated machines the lab runs (--machines).'),
  labEnroll: option(
    'FERRUM_LAB_ENROLL',
    z.enum(['true', 'false']).default('false').transform((v) => v === 'true'),
    'Enroll every machine in Ferrum at start (--enroll): a redfish node with virtual media boot and agent inspection, and a port per NIC; machines already enrolled (by name) are left alone.',
  ),
  labHost: option('FERRUM_LAB_HOST', z.string().min(1).default('127.0.0.1'), "Address the lab's BMC emulator, file server and agents listen on (Ferrum must reach it)."),
  labBmcPort: option('FERRUM_LAB_BMC_PORT', port(8000), "Port of the lab's Redfish BMC emulator (every machine is a ComputerSystem behind it)."),
  labHttpPort: option('FERRUM_LAB_HTTP_PORT', port(8090), "Port of the lab's file server: the agent's virtual CD and an instance image to deploy."),
  labBootDelayMs: option(
    'FERRUM_LAB_BOOT_DELAY_MS',
    z.coerce.number().int().min(0).max(600_000).default(2000),
    'How long a machine takes from power-on (booting the virtual CD) until its agent starts.',
  ),
  labDisks: option(
    'FERRUM_LAB_DISKS',
    z.enum(['discard', 'files']).default('discard'),
    'Where agents write deployed images: discard (downloaded and checksummed, not kept) or files (a sparse file per machine in FERRUM_LAB_DIR).',
  ),
  labDir: option('FERRUM_LAB_DIR', z.string().min(1).default('./.ferrum/lab'), "The lab's working directory (machine disks with FERRUM_LAB_DISKS=files, the instance image)."),
  labBmcPassword: option('FERRUM_LAB_BMC_PASSWORD', z.string().min(1).default('password'), "Password of the BMC emulator's admin user (enrolled in each node's driver_info)."),
  labUsername: option('FERRUM_LAB_USERNAME', z.string().min(1).optional(), "User for Ferrum's API when it asks for HTTP basic authentication (with FERRUM_LAB_PASSWORD)."),
  labPassword: option('FERRUM_LAB_PASSWORD', z.string().min(1).optional(), 'Password of FERRUM_LAB_USERNAME.'),
  labToken: option('FERRUM_LAB_TOKEN', z.string().min(1).optional(), "A Keystone token for Ferrum's API (X-Auth-Token), when it runs with keystone authentication."),
  labBmcTimeoutShare: share('FERRUM_LAB_BMC_TIMEOUT_SHARE', 'whose BMC takes requests and never answers'),
  labAgentCrashShare: share('FERRUM_LAB_AGENT_CRASH_SHARE', 'whose agent crashes when told to write the image'),
  labBadChecksumShare: share('FERRUM_LAB_BAD_CHECKSUM_SHARE', 'whose image download arrives corrupted (the checksum does not match)'),
};
