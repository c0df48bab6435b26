import { AGENT_VERSION, type InspectionHook } from '../agent';
import { callbackNodeUuid, postInspectionData } from '../inspection/inspection-callback';
import { inspectionPayload } from '../inspection/inspection-payload';

/**
 * Inspection for a simulated machine: the payload of the `default` collector only (the inventory, root disk
 * and boot interface), since the other collectors would read this host's /sys, /proc and programs, not the
 * simulated machine's. Posted and answered as the real agent's (inspectMachine).
 */
export const inspectSimulatedMachine: InspectionHook = async ({ params, inventory, log }) => {
  const urls = (params['ipa-inspection-callback-url'] ?? '')
    .split(',')
    .map((u) => u.trim())
    .filter(Boolean);
  if (!urls.length) return;
  const payload = await inspectionPayload({
    inventory,
    collectors: ['default'],
    bootif: inventory.boot.pxe_interface,
    version: AGENT_VERSION,
    logFiles: {},
    context: { log: (m) => log.info(m) },
  });
  log.info(`posting inspection data to ${urls.join(', ')}`);
  const uuid = callbackNodeUuid(await postInspectionData(payload, { urls, log: (m) => log.error(m) }));
  log.info(`inspection data accepted for node ${uuid ?? '(unknown)'}`);
  return { uuid };
};
