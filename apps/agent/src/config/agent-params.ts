import { z } from 'zod';
import { gatherParams, ParamSource } from './kernel-params';

const seconds = (def: number) => z.coerce.number().min(0).default(def);
const bool = z
  .string()
  .optional()
  .transform((v) => v !== undefined && /^(1|true|yes|on|)$/i.test(v));

/** IPA's kernel parameters the agent understands (spec §13.2), plus Ferrum's test hooks, checked at start. */
export const agentParamsSchema = z.object({
  'ipa-api-url': z
    .string()
    .optional()
    .transform((s) => (s ? s.split(',').map((u) => u.trim().replace(/\/+$/, '')).filter(Boolean) : [])),
  'ipa-inspection-callback-url': z.string().optional(),
  'ipa-inspection-collectors': z.string().default('default,logs'),
  BOOTIF: z.string().optional(),
  'ipa-agent-token': z.string().optional(),
  /** Set: look up through the legacy driver passthru (POST /v1/drivers/<name>/vendor_passthru/lookup); unset: GET /v1/lookup. */
  'ipa-driver-name': z.string().optional(),
  'ipa-listen-host': z.string().default('0.0.0.0'),
  'ipa-listen-port': z.coerce.number().int().min(0).max(65535).default(9999),
  'ipa-advertise-host': z.string().optional(),
  'ipa-advertise-port': z.coerce.number().int().min(1).max(65535).optional(),
  'ipa-advertise-protocol': z.enum(['http', 'https']).default('http'),
  /** IPA's enable_auto_tls: serve the command API over HTTPS with a self-signed certificate sent in the heartbeat. */
  'ipa-enable-auto-tls': z
    .string()
    .optional()
    .transform((v) => v === undefined || /^(1|true|yes|on|)$/i.test(v)),
  /** CA bundle the agent trusts for the API (and the inspector); unset: the system's. */
  'ipa-cafile': z.string().optional(),
  /** Do not verify the API's certificate (IPA's ipa-insecure): for tests only. */
  'ipa-insecure': bool,
  'ipa-lookup-timeout': seconds(600),
  'ipa-lookup-interval': seconds(1),
  'ipa-image-download-connection-retries': z.coerce.number().int().min(0).default(9),
  'ipa-image-download-connection-retry-interval': seconds(10),
  'ipa-image-download-connection-timeout': seconds(60),
  'ipa-debug': bool,
  /** Write images to this path instead of the chosen disk (a file or a loop device): tests and benches. */
  'ferrum-target-device': z.string().optional(),
  /** `name=mac,…`: report these NICs instead of the real ones, so several simulated machines share one host. */
  'ferrum-sim-interfaces': z.string().optional(),
  /** `name=GiB,…`: report these disks instead of the real ones; software RAID (IPA's RAID clean steps) is then simulated on them. */
  'ferrum-sim-disks': z.string().optional(),
});

export type AgentParams = z.output<typeof agentParamsSchema> & { source: ParamSource };

export class AgentParamsError extends Error {}

export function loadAgentParams(env: NodeJS.ProcessEnv = process.env, argv: string[] = process.argv.slice(2), readCmdline?: () => string): AgentParams {
  const { params, source } = gatherParams(env, argv, readCmdline);
  const parsed = agentParamsSchema.safeParse(params);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AgentParamsError(`invalid kernel parameter ${issue.path.join('.')}: ${issue.message}`);
  }
  return { ...parsed.data, source };
}
