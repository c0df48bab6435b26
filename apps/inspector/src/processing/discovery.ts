import { randomUUID } from 'node:crypto';
import { Conflict, Invalid } from '@ferrum/errors';
import type { InspectionDialect } from '@ferrum/contracts';
import type { Repositories } from '@ferrum/persistence';
import type { ConductorGateway } from '../conductor/conductor.gateway';

const STALE_CLAIM_S = 60;

/**
 * Discovery (§9, the `enroll` not-found hook): a callback from a machine nobody is inspecting enrolls a
 * node for it. Its MACs are claimed first (a primary key), so concurrent callbacks from one machine
 * create exactly one node; the losers get 409 and the agent retries into the normal "already known" path.
 * @returns the new node's uuid, its cache row in `enrolling`
 * @throws Invalid when a MAC or the BMC address already belongs to a node, Conflict while another callback enrolls it
 */
export async function enrollUnknownMachine(
  repos: Repositories,
  gateway: ConductorGateway,
  enroll: { driver: string; inspectInterface?: string; dialect: InspectionDialect },
  macs: string[],
  bmc: string[],
): Promise<string> {
  if (!macs.length) throw new Invalid({ message: 'Discovery needs at least one MAC address' });
  const taken = await gateway.portsByMac(macs);
  if (taken.length) throw new Invalid({ message: `Port ${taken[0].address} already exists, uuid: ${taken[0].node_uuid}` });
  if (bmc[0]) {
    const owners = await gateway.nodesByBmc(bmc[0]);
    if (owners.length) throw new Invalid({ message: `Node ${owners[0]} already has BMC address ${bmc[0]}` });
  }
  const uuid = randomUUID();
  let holder = await repos.introspectionRules.claimMacs(macs, uuid);
  if (holder !== uuid && !(await gateway.findNode(holder))) {
    // The claim of a node deleted since (or whose enrolment died half-way): take it over, but only once it
    // is old enough that no enrolment can still be creating that node.
    await repos.introspectionRules.releaseClaims(holder, STALE_CLAIM_S);
    holder = await repos.introspectionRules.claimMacs(macs, uuid);
  }
  if (holder !== uuid) throw new Conflict({ message: `The machine with MACs ${macs.join(', ')} is being enrolled as node ${holder}` });
  try {
    await gateway.createNode({
      uuid,
      driver: enroll.driver,
      ...(enroll.inspectInterface ? { inspect_interface: enroll.inspectInterface } : {}),
      driver_info: bmc[0] ? { ipmi_address: bmc[0] } : {},
      provision_state: 'enroll',
    });
    await repos.introspections.start(uuid, { manageBoot: false, attributes: { mac: macs }, state: 'enrolling', dialect: enroll.dialect });
  } catch (err) {
    await repos.introspectionRules.releaseClaims(uuid);
    throw err;
  }
  return uuid;
}
