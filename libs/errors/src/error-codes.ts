/**
 * Every domain error code Ferrum can raise, named after Ironic's exception class
 * so that clients see the names they know.
 */
export const ERROR_CODES = [
  'Invalid',
  'InvalidParameterValue',
  'MissingParameterValue',
  'InvalidUUID',
  'InvalidUuidOrName',
  'InvalidName',
  'InvalidMAC',
  'PatchError',
  'InvalidStateRequested',
  'UnsupportedDriverExtension',
  'NodeInMaintenance',
  'ChassisNotEmpty',
  'IncompleteLookup',
  'InterfaceNotFoundInEntrypoint',
  'IncompatibleInterface',
  'NoValidDefaultForInterface',
  'NotAuthorized',
  'OperationNotPermitted',
  'NodeProtected',
  'NotFound',
  'NodeNotFound',
  'PortNotFound',
  'ChassisNotFound',
  'DriverNotFound',
  'ConductorNotFound',
  'NoValidHost',
  'NotAcceptable',
  'Conflict',
  'NodeLocked',
  'InvalidState',
  'NodeAssociated',
  'DuplicateName',
  'NodeAlreadyExists',
  'MACAlreadyExists',
  'PortAlreadyExists',
  'ChassisAlreadyExists',
  'InstanceAssociated',
  'PowerStateFailure',
  'TemporaryFailure',
  'NoFreeConductorWorker',
  'ConductorUnavailable',
  'RpcTimeout',
  'InternalError',
  'VendorPassthruException',
  'IPMIFailure',
  'RedfishError',
  'RedfishConnectionError',
  'HardwareInspectionFailure',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/**
 * The one place that maps a domain error to its HTTP status. Families follow Ironic:
 * Invalid → 400, NotAuthorized → 403, NotFound → 404, Conflict → 409, TemporaryFailure → 503.
 * Routes that re-code (a *referenced* node that does not exist gives 400) do it explicitly.
 */
export const ERROR_STATUS = {
  Invalid: 400,
  InvalidParameterValue: 400,
  MissingParameterValue: 400,
  InvalidUUID: 400,
  InvalidUuidOrName: 400,
  InvalidName: 400,
  InvalidMAC: 400,
  PatchError: 400,
  InvalidStateRequested: 400,
  UnsupportedDriverExtension: 400,
  NodeInMaintenance: 400,
  ChassisNotEmpty: 400,
  IncompleteLookup: 400,
  InterfaceNotFoundInEntrypoint: 400,
  IncompatibleInterface: 400,
  NoValidDefaultForInterface: 400,
  NotAuthorized: 403,
  OperationNotPermitted: 403,
  NodeProtected: 403,
  NotFound: 404,
  NodeNotFound: 404,
  PortNotFound: 404,
  ChassisNotFound: 404,
  DriverNotFound: 404,
  ConductorNotFound: 404,
  // Every Ferrum use is about a referenced driver or node, which Ironic re-codes to 400.
  NoValidHost: 400,
  NotAcceptable: 406,
  Conflict: 409,
  NodeLocked: 409,
  InvalidState: 409,
  NodeAssociated: 409,
  DuplicateName: 409,
  NodeAlreadyExists: 409,
  MACAlreadyExists: 409,
  PortAlreadyExists: 409,
  ChassisAlreadyExists: 409,
  InstanceAssociated: 409,
  PowerStateFailure: 409,
  TemporaryFailure: 503,
  NoFreeConductorWorker: 503,
  ConductorUnavailable: 503,
  // The conductor may still finish the work; a gateway timeout tells the caller not to assume failure.
  RpcTimeout: 504,
  InternalError: 500,
  VendorPassthruException: 500,
  // A BMC that fails or cannot be reached is a server-side failure in Ironic (IronicException's 500), not bad input.
  IPMIFailure: 500,
  RedfishError: 500,
  RedfishConnectionError: 500,
  HardwareInspectionFailure: 500,
} as const satisfies Record<ErrorCode, number>;

export function statusOf(code: ErrorCode): number {
  return ERROR_STATUS[code];
}
