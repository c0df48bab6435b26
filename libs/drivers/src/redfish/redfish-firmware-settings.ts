import { bestMatch, formatSchemaError, iterErrors, pyRepr, type Schema } from '@ferrum/contracts';
import { InvalidParameterValue } from '@ferrum/errors';

/** One item of the firmware interface's `update` step: which component, from which image, and how long to wait after it. */
export interface FirmwareUpdateSetting {
  component: string;
  url: string;
  /** Seconds: after the update (a BMC's: the longest its new version is waited for). */
  wait?: number;
}

/** Ironic's component names (redfish utils BIOS, BMC and the NIC prefix). */
export type ComponentType = 'bios' | 'bmc' | 'nic';
const NIC_COMPONENT_PREFIX = 'nic:';

/** Ironic's _FIRMWARE_INTERFACE_UPDATE_SCHEMA (firmware_utils.py), keyword order kept: it decides which error shows. */
const FIRMWARE_INTERFACE_UPDATE_SCHEMA: Schema = {
  $schema: 'http://json-schema.org/draft-04/schema#',
  title: 'update_firmware clean step schema',
  type: 'array',
  minItems: 1,
  items: {
    type: 'object',
    required: ['component', 'url'],
    properties: {
      component: {
        description: 'name of the firmware component to be updated',
        type: 'string',
        anyOf: [{ enum: ['bios', 'bmc'] }, { pattern: `^${NIC_COMPONENT_PREFIX}.*` }],
      },
      url: { description: 'URL for firmware file', type: 'string', minLength: 1 },
      wait: { description: 'optional wait time for firmware update', type: 'integer', minimum: 1 },
    },
    additionalProperties: false,
  },
};

/** Ironic's validate_firmware_interface_update_args: the settings, or its InvalidParameterValue naming them and the schema error. */
export function firmwareUpdateSettings(settings: unknown): FirmwareUpdateSetting[] {
  const error = bestMatch(iterErrors(settings, FIRMWARE_INTERFACE_UPDATE_SCHEMA));
  if (error) throw new InvalidParameterValue({ message: `Invalid firmware update ${pyRepr(settings)}. Errors: ${formatSchemaError(error)}` });
  return settings as FirmwareUpdateSetting[];
}

/** Ironic's get_component_type. */
export function componentType(component: string): ComponentType | undefined {
  if (component === 'bios' || component === 'bmc') return component;
  return component.startsWith(NIC_COMPONENT_PREFIX) ? 'nic' : undefined;
}
