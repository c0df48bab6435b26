import { readFile } from 'node:fs/promises';
import { AGENT_VERSION, InspectionHook } from '../agent';
import { postInspectionData } from './inspection-callback';
import { inspectionPayload } from './inspection-payload';

/**
 * Inspection mode (spec §13.1 step 4): with `ipa-inspection-callback-url`, collect and POST the payload;
 * the uuid the inspector answers is handed to lookup. Failures are logged by the caller, never fatal.
 */
export const inspectMachine: InspectionHook = async ({ params, inventory, log }) => {
  const urls = (params['ipa-inspection-callback-url'] ?? '')
    .split(',')
    .map((u) => u.trim())
    .filter(Boolean);
  if (!urls.length) return;
  const collectors = params['ipa-inspection-collectors'].split(',').map((c) => c.trim()).filter(Boolean);
  const cmdline = await readFile('/proc/cmdline', 'utf8').catch(() => '');
  const payload = inspectionPayload({
    inventory,
    collectors,
    bootif: params.BOOTIF ?? null,
    version: AGENT_VERSION,
    logFiles: { 'cmdline.txt': cmdline, 'agent.txt': `ferrum-agent ${AGENT_VERSION}, parameters from ${params.source}\n` },
  });
  log.info(`posting inspection data to ${urls.join(', ')}`);
  const reply = await postInspectionData(payload, { urls, log: (m) => log.error(m) });
  log.info(`inspection data accepted for node ${reply.uuid ?? '(unknown)'}`);
  return reply;
};
