import type { ConfigOf, inspectorOptions } from '@ferrum/config';

type InspectorOptions = ConfigOf<typeof inspectorOptions>;

/** The settings processing reads. */
export type ProcessingOptions = Pick<
  InspectorOptions,
  | 'inspectorProcessingHooks'
  | 'inspectorAddPorts'
  | 'inspectorKeepPorts'
  | 'inspectorOverwriteExisting'
  | 'inspectorPowerOff'
  | 'inspectorBootModeCapability'
  | 'inspectorDiscovery'
  | 'inspectorPermitActiveIntrospection'
  | 'inspectorDiscoveryDriver'
  | 'inspectorStoreData'
  | 'inspectorRamdiskLogsDir'
  | 'inspectorAlwaysStoreRamdiskLogs'
  | 'inspectionHooks'
  | 'inspectionPciDeviceAlias'
  | 'inspectionPhysicalNetworkCidrMap'
  | 'inspectionKnownAccelerators'
  | 'inspectionExtraHardwareStrict'
  | 'autoDiscoveryEnabled'
  | 'autoDiscoveryDriver'
  | 'autoDiscoveryInspectInterface'
>;
