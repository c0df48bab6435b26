import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { IronicHttp } from '../support/http';
import { machineFacts } from './machine-facts';

const ROOT = join(__dirname, '..', '..');
export const SIM_PLUGIN = join(ROOT, 'dist', 'libs', 'driver-sim-machine', 'src', 'index.js');

/** Settings both deployments share: the sim-machine driver starts the real agent on power on. */
export function inspectionEnv(inspectorPort: number): Record<string, string> {
  return {
    FERRUM_DRIVER_PLUGINS: SIM_PLUGIN,
    FERRUM_ENABLED_HARDWARE_TYPES: 'fake-hardware,sim-machine',
    FERRUM_INSPECTOR_PORT: String(inspectorPort),
    FERRUM_INSPECTOR_INTROSPECTION_DELAY_S: '0',
    FERRUM_INSPECTOR_ADD_PORTS: 'all',
    FERRUM_INSPECTOR_KEEP_PORTS: 'present',
    FERRUM_INSPECTOR_CLEAN_UP_PERIOD_S: '1',
    FERRUM_INSPECTOR_STATUS_CHECK_PERIOD_S: '5',
  };
}

/** A sim-machine node in manageable whose agent posts to `callbackUrl`, with the ports and properties given. */
export async function simNode(
  http: IronicHttp,
  o: { callbackUrl: string; kernelArgs?: string; properties?: Record<string, unknown>; macs: string[]; inspectInterface?: 'inspector' | 'agent' },
) {
  const bootif = machineFacts().nics[0]?.mac;
  const created = await http.post('/v1/nodes', {
    name: `sim-${randomBytes(3).toString('hex')}`,
    driver: 'sim-machine',
    inspect_interface: o.inspectInterface ?? 'inspector',
    properties: o.properties ?? {},
    driver_info: { sim_kernel_params: `ipa-inspection-callback-url=${o.callbackUrl} BOOTIF=${bootif} ipa-listen-port=0 ${o.kernelArgs ?? ''}`.trim() },
  });
  if (created.status !== 201) throw new Error(`node create: ${created.status} ${created.text}`);
  const uuid = created.json.uuid as string;
  for (const mac of o.macs) {
    const port = await http.post('/v1/ports', { address: mac, node_uuid: uuid });
    if (port.status !== 201) throw new Error(`port create: ${port.status} ${port.text}`);
  }
  await http.put(`/v1/nodes/${uuid}/states/provision`, { target: 'manage' });
  await http.until(`/v1/nodes/${uuid}`, (n) => n.provision_state === 'manageable' && n.reservation === null, 30_000);
  return uuid;
}

export async function inspect(http: IronicHttp, uuid: string, until: (n: any) => boolean, timeoutMs = 60_000) {
  const res = await http.put(`/v1/nodes/${uuid}/states/provision`, { target: 'inspect' });
  if (res.status !== 202) throw new Error(`inspect: ${res.status} ${res.text}`);
  return http.until(`/v1/nodes/${uuid}`, until, timeoutMs);
}

export const portsOf = async (http: IronicHttp, uuid: string) =>
  ((await http.get(`/v1/nodes/${uuid}/ports?fields=address,pxe_enabled`)).json.ports as { address: string; pxe_enabled: boolean }[])
    .map((p) => [p.address, p.pxe_enabled])
    .sort();

/** No lock held and no power action under way (the provision target stays `manageable` in the failure and wait states). */
export const settled = (n: any) => n.reservation === null && n.target_power_state === null;
export const finishedInspecting = (n: any) => settled(n) && !['inspecting', 'inspect wait'].includes(n.provision_state);
