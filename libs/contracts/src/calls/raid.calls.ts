import { z } from 'zod';
import { defineCall } from '../call';
import type { Dict } from '../records';
import { record, uuid } from './fields';

/**
 * Ironic's set_target_raid_config (PUT /v1/nodes/{n}/states/raid): the node's RAID interface checks a
 * non-empty target under the node's lock, then it is stored; an empty one clears it unchecked.
 */
export const SetTargetRaidConfig = defineCall<{ node_uuid: string; target_raid_config: Dict }, null>()(
  'conductor',
  'node.set-target-raid-config.v1',
  z.object({ node_uuid: uuid, target_raid_config: record }),
);
