import type { NodeRecord } from '@ferrum/contracts';
import { pyStr } from '@ferrum/contracts';
import { InvalidParameterValue } from '@ferrum/errors';
import { pyTruthy, remoteError } from './python-exceptions';
import { at, memberLinks } from './redfish-client';
import { SushyResources } from './redfish-event-service';
import type { RedfishSystems } from './redfish-system';
import { SushyError, missingAttribute } from './sushy-errors';

/**
 * Ironic 21.4's check of eject_vmedia's boot_device: it walks the virtual media of the system's managers and
 * refuses the device at the first drive whose media types do not list it. sushy gives those types as enum
 * members, which no string equals, so that is the first drive there is: a named device passes only when the
 * managers have no drives. A manager without VirtualMedia (the DMTF mockups keep it under the system) makes
 * sushy raise, which reaches the client as oslo.messaging's RemoteError.
 */
export async function checkVmediaDevice(systems: RedfishSystems, node: Pick<NodeRecord, 'driver_info'>, device: unknown): Promise<void> {
  const { info, path, system } = await systems.get(node);
  const resources = new SushyResources(systems, info);
  try {
    const managedBy = at(system, 'Links', 'ManagedBy');
    if (!Array.isArray(managedBy) || !managedBy.length) throw missingAttribute('Links/ManagedBy', path);
    const managers = [];
    for (const link of managedBy) managers.push(await resources.load(String(at(link, '@odata.id')), ['Id']));
    for (const manager of managers) {
      const collection = at(manager.json, 'VirtualMedia', '@odata.id');
      if (!pyTruthy(manager.json.VirtualMedia) || typeof collection !== 'string') throw missingAttribute('VirtualMedia', manager.path);
      const drives = memberLinks((await resources.load(collection)).json);
      for (const drive of drives) await resources.load(drive, ['Id', 'Name']);
      if (drives.length) throw new InvalidParameterValue({ message: `Boot device ${pyStr(device)} is not a valid value ` });
    }
  } catch (err) {
    if (err instanceof SushyError) throw remoteError(err.className, err.message);
    throw err;
  }
}
