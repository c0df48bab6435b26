import { z } from 'zod';
import { option } from './option';

const priority = z.coerce.number().int().min(0).max(1000).optional();

/** Priorities of the agent RAID interface's in-band clean steps (Ironic's [deploy] group); unset, the agent's own: 0. */
export const raidOptions = {
  raidCreateConfigurationPriority: option(
    'FERRUM_RAID_CREATE_CONFIGURATION_PRIORITY',
    priority,
    "Priority of the agent RAID interface's create_configuration clean step (Ironic [deploy]create_configuration_priority). Unset: the agent's, 0 (manual cleaning only); above 0 it runs in automated cleaning.",
  ),
  raidDeleteConfigurationPriority: option(
    'FERRUM_RAID_DELETE_CONFIGURATION_PRIORITY',
    priority,
    "Priority of the agent RAID interface's delete_configuration clean step (Ironic [deploy]delete_configuration_priority). Unset: the agent's, 0 (manual cleaning only); above 0 it runs in automated cleaning.",
  ),
};

/** The clean step priorities these options set, by `interface.step`, for the driver registry. */
export function raidStepPriorities(config: { raidCreateConfigurationPriority?: number; raidDeleteConfigurationPriority?: number }): Record<string, number> {
  const out: Record<string, number> = {};
  if (config.raidCreateConfigurationPriority !== undefined) out['raid.create_configuration'] = config.raidCreateConfigurationPriority;
  if (config.raidDeleteConfigurationPriority !== undefined) out['raid.delete_configuration'] = config.raidDeleteConfigurationPriority;
  return out;
}
