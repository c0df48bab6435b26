import { readFile } from 'node:fs/promises';
import { AGENT_VERSION, InspectionHook } from '../agent';
import { callbackNodeUuid, postInspectionData } from './inspection-callback';
import { inspectionPayload, type PayloadInputs } from './inspection-payload';

/**
 * Inspection mode (spec §13.1 step 4): with `ipa-inspection-callback-url`, collect and POST the payload;
 * the uuid the inspector answers (`{uuid}` or `{node: {uuid}}`) is handed to lookup. Failures are logged by the
 * caller, never fatal. `context` lets specs point the collectors at a fake sysfs tree.
 */
export const inspectMachine = async ({ params, inventory, log, context }: Parameters<InspectionHook>[0] & { context?: PayloadInputs['context'] }): Promise<{ uuid?: string } | void> => {
  const urls = (params['ipa-inspection-callback-url'] ?? '')
    .split(',')
    .map((u) => u.trim())
    .filter(Boolean);
  if (!urls.length) return;
  const collectors = params['ipa-inspection-collectors'].split(',').map((c) => c.trim()).filter(Boolean);
  const cmdline = await readFile('/proc/cmdline', 'utf8').catch(() => '');
  const payload = await inspectionPayload({
    inventory,
    collectors,
    bootif: params.BOOTIF ?? null,
    version: AGENT_VERSION,
    logFiles: { 'cmdline.txt': cmdline, 'agent.txt': `ferrum-agent ${AGENT_VERSION}, parameters from ${params.source}\n` },
    context: { log: (m) => log.info(m), ...context },
  });
  log.info(`posting inspection data to ${urls.join(', ')}`);
  const reply = await postInspectionData(payload, { urls, log: (m) => log.error(m) });
  const uuid = callbackNodeUuid(reply);
  log.info(`inspection data accepted for node ${uuid ?? '(unknown)'}`);
  return { uuid };
};
