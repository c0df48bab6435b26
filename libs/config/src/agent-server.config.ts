import { z } from 'zod';
import { option } from './option';

const flag = (def: boolean) => z.enum(['true', 'false']).default(def ? 'true' : 'false').transform((v) => v === 'true');

/** The conductor's side of the deploy agent: lookup, tokens, heartbeats and enrollment of unknown machines. */
export const agentServerOptions = {
  agentHeartbeatTimeoutS: option(
    'FERRUM_AGENT_HEARTBEAT_TIMEOUT_S',
    z.coerce.number().int().min(1).max(86_400).default(300),
    'heartbeat_timeout given to agents at lookup (Ironic [api]ramdisk_heartbeat_timeout): they beat every 30–60 % of it.',
  ),
  agentLookupStrategies: option(
    'FERRUM_AGENT_LOOKUP_STRATEGIES',
    z.string().default('mac,bmc,serial').transform((s) => s.split(',').map((x) => x.trim()).filter(Boolean)),
    'Comma-separated lookup strategies, tried in order until one matches exactly one node: mac (ports), bmc (driver_info *_address), serial (system serial in properties/extra), or a name a driver plugin added.',
  ),
  agentRestrictLookup: option(
    'FERRUM_AGENT_RESTRICT_LOOKUP',
    flag(true),
    'Allow lookup only of nodes in deploying, wait call-back, cleaning, clean wait, inspecting, inspect wait, rescuing or rescue wait (Ironic [api]restrict_lookup).',
  ),
  agentFastTrack: option(
    'FERRUM_AGENT_FAST_TRACK',
    flag(false),
    'Fast track (Ironic [deploy]fast_track): lookup also allowed in enroll, manageable and available, and heartbeats there are recorded; an agent that called back recently is used as it is (no reboot into a new one) for cleaning and deploy, and stays up after inspection and cleaning. driver_info.fast_track overrides it per node.',
  ),
  agentFastTrackTimeoutS: option(
    'FERRUM_AGENT_FAST_TRACK_TIMEOUT_S',
    z.coerce.number().int().min(0).max(300).default(300),
    'How recent an agent heartbeat must be for fast track to use that agent (Ironic [deploy]fast_track_timeout).',
  ),
  ramdiskApiUrl: option(
    'FERRUM_RAMDISK_API_URL',
    z.url().optional(),
    "The API's URL as agent ramdisks reach it: ipa-api-url in the iPXE configurations the ipxe boot interface writes (Ironic's [conductor]api_url). Unset: FERRUM_PUBLIC_URL, else http://FERRUM_API_HOST:FERRUM_API_PORT.",
  ),
  pxeKernelAppendParams: option(
    'FERRUM_PXE_KERNEL_APPEND_PARAMS',
    z.string().default('nofb nomodeset vga=normal'),
    "Kernel parameters of every agent ramdisk booted with iPXE (Ironic's [pxe]kernel_append_params); a node's driver_info (or instance_info) kernel_append_params replaces them, with %default% standing for these.",
  ),
  agentEnrollUnknown: option(
    'FERRUM_AGENT_ENROLL_UNKNOWN',
    flag(false),
    'An agent whose inventory matches no node enrolls one (enroll state, properties from the inventory, a port per NIC), then is looked up as it.',
  ),
  agentEnrollDriver: option(
    'FERRUM_AGENT_ENROLL_DRIVER',
    z.string().min(1).optional(),
    'Hardware type of enrolled machines. Unset: the first enabled hardware type.',
  ),
};
