import { defineError, registerError } from './ferrum-error';

type Msg = { message: string };
const msg = (p: Msg) => p.message;

// Generic families, used with a ready message where Ironic raises a bare ClientSideError or similar.
export class Invalid extends defineError('Invalid', msg) {}
export class NotFound extends defineError('NotFound', msg) {}
export class Conflict extends defineError('Conflict', msg) {}
export class NotAcceptable extends defineError('NotAcceptable', msg) {}
export class TemporaryFailure extends defineError('TemporaryFailure', msg) {}
export class InternalError extends defineError('InternalError', msg) {}
export class OperationNotPermitted extends defineError('OperationNotPermitted', msg) {}
export class NotAuthorized extends defineError('NotAuthorized', msg) {}
/** The policy refused the caller (Ironic's HTTPForbidden, naming the rule). */
export class HTTPForbidden extends defineError('HTTPForbidden', (p: { resource: string }) => `Access was denied to the following resource: ${p.resource}`) {}

export class InvalidParameterValue extends defineError('InvalidParameterValue', msg) {}
export class MissingParameterValue extends defineError('MissingParameterValue', msg) {}
export class PatchError extends defineError(
  'PatchError',
  (p: { patch: string; reason: string }) => `Couldn't apply patch '${p.patch}'. Reason: ${p.reason}`,
) {}
export class InvalidUUID extends defineError('InvalidUUID', (p: { uuid: string }) => `Expected a UUID but received ${p.uuid}.`) {}
export class InvalidUuidOrName extends defineError(
  'InvalidUuidOrName',
  (p: { name: string }) => `Expected a logical name or UUID but received ${p.name}.`,
) {}
export class InvalidName extends defineError('InvalidName', (p: { name: string }) => `Expected a logical name but received ${p.name}.`) {}
export class InvalidMAC extends defineError('InvalidMAC', (p: { mac: string }) => `Expected a MAC address but received ${p.mac}.`) {}
export class InvalidStateRequested extends defineError(
  'InvalidStateRequested',
  (p: { action: string; node: string; state: string }) =>
    `The requested action "${p.action}" can not be performed on node "${p.node}" while it is in state "${p.state}".`,
) {}
export class UnsupportedDriverExtension extends defineError(
  'UnsupportedDriverExtension',
  (p: { driver: string; extension: string }) =>
    `Driver ${p.driver} does not support ${p.extension} (disabled or not implemented).`,
) {}
export class NodeInMaintenance extends defineError(
  'NodeInMaintenance',
  (p: { op: string; node: string }) => `The ${p.op} operation can't be performed on node ${p.node} because it's in maintenance mode.`,
) {}
export class ChassisNotEmpty extends defineError(
  'ChassisNotEmpty',
  (p: { chassis: string }) => `Cannot complete the requested action because chassis ${p.chassis} contains nodes.`,
) {}
export class IncompleteLookup extends defineError(
  'IncompleteLookup',
  () => "At least one of 'addresses' and 'node_uuid' parameters is required",
) {}
export class InterfaceNotFoundInEntrypoint extends defineError(
  'InterfaceNotFoundInEntrypoint',
  (p: { iface: string; type: string; valid: string[] }) =>
    // `valid` as Ironic prints it: the sorted Python list.
    `Could not find the following interface in the 'ironic.hardware.interfaces.${p.type}' entrypoint: ${p.iface}. Valid interfaces are [${[...p.valid]
      .sort()
      .map((v) => `'${v}'`)
      .join(', ')}].`,
) {}
export class IncompatibleInterface extends defineError(
  'IncompatibleInterface',
  (p: { type: string; iface: string; hw: string }) =>
    `${p.type} interface implementation '${p.iface}' is not supported by hardware type ${p.hw}.`,
) {}
export class NoValidDefaultForInterface extends defineError(
  'NoValidDefaultForInterface',
  (p: { type: string; driver: string }) =>
    `No valid default ${p.type} interface found for hardware type ${p.driver}.`,
) {}
export class NodeProtected extends defineError(
  'NodeProtected',
  (p: { node: string }) => `Node ${p.node} is protected and cannot be undeployed, rebuilt or deleted`,
) {}
export class NodeNotFound extends defineError('NodeNotFound', (p: { node: string }) => `Node ${p.node} could not be found.`) {}
export class PortNotFound extends defineError('PortNotFound', (p: { port: string }) => `Port ${p.port} could not be found.`) {}
export class NodeInventoryNotFound extends defineError('NodeInventoryNotFound', (p: { node: string }) => `Node inventory record for node ${p.node} could not be found.`) {}
export class PortgroupNotFound extends defineError('PortgroupNotFound', (p: { portgroup: string }) => `Portgroup ${p.portgroup} could not be found.`) {}
/** Ironic's PortgroupNotEmpty takes either the whole message (update) or the portgroup (delete). */
export class PortgroupNotEmpty extends defineError(
  'PortgroupNotEmpty',
  (p: { portgroup?: string; message?: string }) => p.message ?? `Cannot complete the requested action because portgroup ${p.portgroup} contains ports.`,
) {}
export class PortgroupAlreadyExists extends defineError('PortgroupAlreadyExists', (p: { uuid: string }) => `A portgroup with UUID ${p.uuid} already exists.`) {}
export class PortgroupDuplicateName extends defineError('PortgroupDuplicateName', (p: { name: string }) => `A portgroup with name ${p.name} already exists.`) {}
export class PortgroupMACAlreadyExists extends defineError('PortgroupMACAlreadyExists', (p: { mac: string }) => `A portgroup with MAC address ${p.mac} already exists.`) {}
export class VolumeConnectorNotFound extends defineError('VolumeConnectorNotFound', (p: { connector: string }) => `Volume connector ${p.connector} could not be found.`) {}
export class VolumeConnectorAlreadyExists extends defineError('VolumeConnectorAlreadyExists', (p: { uuid: string }) => `A volume connector with UUID ${p.uuid} already exists.`) {}
export class VolumeConnectorTypeAndIdAlreadyExists extends defineError(
  'VolumeConnectorTypeAndIdAlreadyExists',
  (p: { type: string; connector_id: string }) => `A volume connector with type ${p.type} and connector ID ${p.connector_id} already exists.`,
) {}
export class VolumeTargetNotFound extends defineError('VolumeTargetNotFound', (p: { target: string }) => `Volume target ${p.target} could not be found.`) {}
export class VolumeTargetAlreadyExists extends defineError('VolumeTargetAlreadyExists', (p: { uuid: string }) => `A volume target with UUID ${p.uuid} already exists.`) {}
export class VolumeTargetBootIndexAlreadyExists extends defineError(
  'VolumeTargetBootIndexAlreadyExists',
  (p: { boot_index: string }) => `A volume target with boot index '${p.boot_index}' for the same node already exists.`,
) {}
export class VifAlreadyAttached extends defineError(
  'VifAlreadyAttached',
  (p: { vif: string; objectType: 'Port' | 'Portgroup'; uuid: string }) => `Unable to attach VIF because VIF ${p.vif} is already attached to Ironic ${p.objectType} ${p.uuid}`,
) {}
export class NoFreePhysicalPorts extends defineError('NoFreePhysicalPorts', (p: { vif: string }) => `Unable to attach VIF ${p.vif}, not enough free physical ports.`) {}
export class VifNotAttached extends defineError(
  'VifNotAttached',
  (p: { vif: string; node: string }) => `Unable to detach VIF ${p.vif} from node ${p.node} because it is not attached to it.`,
) {}
export class DeployTemplateDuplicateName extends defineError('DeployTemplateDuplicateName', (p: { name: string }) => `A deploy template with name ${p.name} already exists.`) {}
export class DeployTemplateAlreadyExists extends defineError('DeployTemplateAlreadyExists', (p: { uuid: string }) => `A deploy template with UUID ${p.uuid} already exists.`) {}
export class DeployTemplateNotFound extends defineError('DeployTemplateNotFound', (p: { template: string }) => `Deploy template ${p.template} could not be found.`) {}
export class InvalidDeployTemplate extends defineError('InvalidDeployTemplate', (p: { err: string }) => `Deploy template invalid: ${p.err}.`) {}
export class RunbookDuplicateName extends defineError('RunbookDuplicateName', (p: { name: string }) => `A runbook with name ${p.name} already exists.`) {}
export class RunbookAlreadyExists extends defineError('RunbookAlreadyExists', (p: { uuid: string }) => `A runbook with UUID ${p.uuid} already exists.`) {}
export class RunbookNotFound extends defineError('RunbookNotFound', (p: { runbook: string }) => `Runbook ${p.runbook} could not be found.`) {}
export class InspectionRuleAlreadyExists extends defineError('InspectionRuleAlreadyExists', (p: { uuid: string }) => `A rule with UUID ${p.uuid} already exists.`) {}
export class InspectionRuleNotFound extends defineError('InspectionRuleNotFound', (p: { rule: string }) => `Rule ${p.rule} could not be found.`) {}
export class AllocationNotFound extends defineError('AllocationNotFound', (p: { allocation?: string; message?: string }) => p.message ?? `Allocation ${p.allocation} could not be found.`) {}
export class AllocationDuplicateName extends defineError('AllocationDuplicateName', (p: { name: string }) => `An allocation with name ${p.name} already exists.`) {}
export class AllocationAlreadyExists extends defineError('AllocationAlreadyExists', (p: { uuid: string }) => `An allocation with UUID ${p.uuid} already exists.`) {}
export class AllocationFailed extends defineError('AllocationFailed', (p: { uuid: string; error: string }) => `Failed to process allocation ${p.uuid}: ${p.error}.`) {}
export class BIOSSettingNotFound extends defineError('BIOSSettingNotFound', (p: { node: string; name: string }) => `Node ${p.node} doesn't have a BIOS setting '${p.name}'`) {}
export class NodeTraitNotFound extends defineError('NodeTraitNotFound', (p: { node: string; trait: string }) => `Node ${p.node} doesn't have a trait '${p.trait}'`) {}
export class ChassisNotFound extends defineError(
  'ChassisNotFound',
  (p: { chassis: string }) => `Chassis ${p.chassis} could not be found.`,
) {}
export class DriverNotFound extends defineError(
  'DriverNotFound',
  (p: { driver: string }) => `Could not find the following driver(s) or hardware type(s): ${p.driver}.`,
) {}
export class ConductorNotFound extends defineError(
  'ConductorNotFound',
  (p: { conductor: string }) => `Conductor ${p.conductor} could not be found.`,
) {}
export class NoValidHost extends defineError('NoValidHost', msg) {}
export class InvalidAgentToken extends defineError('InvalidAgentToken', () => 'Invalid or missing agent token received.') {}
export class AgentConnectionFailed extends defineError('AgentConnectionFailed', (p: { reason: string }) => `Connection to agent failed: ${p.reason}`) {}
export class AgentAPIError extends defineError('AgentAPIError', msg) {}
export class InstanceDeployFailure extends defineError('InstanceDeployFailure', msg) {}
export class NodeLocked extends defineError(
  'NodeLocked',
  (p: { node: string; host: string }) =>
    `Node ${p.node} is locked by host ${p.host}, please retry after the current operation is completed.`,
) {}
/** A write refused because the conductor no longer holds the node's lock under its current registration (fencing). */
export class LockLost extends defineError(
  'LockLost',
  (p: { node: string; host: string }) =>
    `Conductor ${p.host} no longer holds the lock of node ${p.node} (it was taken over, or this conductor was restarted); the operation was abandoned.`,
) {}
export class InvalidState extends defineError('InvalidState', msg) {}
export class NodeAssociated extends defineError(
  'NodeAssociated',
  (p: { node: string; instance: string }) => `Node ${p.node} is associated with instance ${p.instance}.`,
) {}
export class DuplicateName extends defineError('DuplicateName', (p: { name: string }) => `A node with name ${p.name} already exists.`) {}
export class NodeAlreadyExists extends defineError(
  'NodeAlreadyExists',
  (p: { uuid: string }) => `A node with UUID ${p.uuid} already exists.`,
) {}
export class MACAlreadyExists extends defineError(
  'MACAlreadyExists',
  (p: { mac: string }) => `A port with MAC address ${p.mac} already exists.`,
) {}
export class PortAlreadyExists extends defineError(
  'PortAlreadyExists',
  (p: { uuid: string }) => `A port with UUID ${p.uuid} already exists.`,
) {}
export class PortDuplicateName extends defineError('PortDuplicateName', (p: { name: string }) => `A port with name ${p.name} already exists.`) {}
export class ChassisAlreadyExists extends defineError(
  'ChassisAlreadyExists',
  (p: { uuid: string }) => `A chassis with UUID ${p.uuid} already exists.`,
) {}
export class InstanceAssociated extends defineError(
  'InstanceAssociated',
  (p: { instance: string; node: string }) =>
    `Instance ${p.instance} is already associated with a node, it cannot be associated with this other node ${p.node}`,
) {}
export class PowerStateFailure extends defineError(
  'PowerStateFailure',
  (p: { pstate: string }) => `Failed to set node power state to ${p.pstate}.`,
) {}
export class NoFreeConductorWorker extends defineError(
  'NoFreeConductorWorker',
  () => 'Requested action cannot be performed due to lack of free conductor workers.',
) {}
export class ConductorUnavailable extends defineError('ConductorUnavailable', msg) {}
export class RpcTimeout extends defineError(
  'RpcTimeout',
  (p: { subject: string; host: string; timeoutMs: number }) =>
    `Timed out after ${p.timeoutMs} ms waiting for a reply from conductor ${p.host} (${p.subject}).`,
) {}
export class VendorPassthruException extends defineError(
  'VendorPassthruException',
  (p: { method: string; message: string }) => `Error while executing vendor passthru method ${p.method}: ${p.message}`,
) {}
/** ipmitool failed against a BMC; the message says why (never the password). */
export class IPMIFailure extends defineError('IPMIFailure', msg) {}
/** A Redfish BMC answered with an error. */
export class RedfishError extends defineError('RedfishError', msg) {}
/** A Redfish BMC could not be reached (after the configured attempts). */
export class RedfishConnectionError extends defineError('RedfishConnectionError', msg) {}
export class HardwareInspectionFailure extends defineError(
  'HardwareInspectionFailure',
  (p: { error: string }) => `Failed to inspect hardware. Reason: ${p.error}`,
) {}

for (const cls of [
  Invalid, NotFound, Conflict, NotAcceptable, TemporaryFailure, InternalError, OperationNotPermitted, NotAuthorized, HTTPForbidden,
  InvalidParameterValue, MissingParameterValue, PatchError, InvalidUUID, InvalidUuidOrName, InvalidName, InvalidMAC,
  InvalidStateRequested, UnsupportedDriverExtension, NodeInMaintenance, ChassisNotEmpty, IncompleteLookup,
  InterfaceNotFoundInEntrypoint, IncompatibleInterface, NoValidDefaultForInterface, NodeProtected, NodeNotFound,
  PortNotFound, NodeTraitNotFound, NodeInventoryNotFound, PortgroupNotFound, PortgroupNotEmpty, PortgroupAlreadyExists,
  PortgroupDuplicateName, PortgroupMACAlreadyExists, VolumeConnectorNotFound, VolumeConnectorAlreadyExists, VolumeConnectorTypeAndIdAlreadyExists,
  VolumeTargetNotFound, VolumeTargetAlreadyExists, VolumeTargetBootIndexAlreadyExists, VifAlreadyAttached, NoFreePhysicalPorts, VifNotAttached,
  DeployTemplateDuplicateName, DeployTemplateAlreadyExists, DeployTemplateNotFound, InvalidDeployTemplate,
  RunbookDuplicateName, RunbookAlreadyExists, RunbookNotFound,
  InspectionRuleAlreadyExists, InspectionRuleNotFound,
  AllocationNotFound, AllocationDuplicateName, AllocationAlreadyExists, AllocationFailed, BIOSSettingNotFound, ChassisNotFound, DriverNotFound, ConductorNotFound, NoValidHost, NodeLocked, LockLost, InvalidState,
  NodeAssociated, DuplicateName, NodeAlreadyExists, MACAlreadyExists, PortAlreadyExists, PortDuplicateName, ChassisAlreadyExists,
  InstanceAssociated, PowerStateFailure, NoFreeConductorWorker, ConductorUnavailable, RpcTimeout, VendorPassthruException,
  IPMIFailure, RedfishError, RedfishConnectionError, HardwareInspectionFailure,
  InvalidAgentToken, AgentConnectionFailed, AgentAPIError, InstanceDeployFailure,
]) {
  registerError(cls);
}
